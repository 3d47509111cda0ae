#!/usr/bin/env bash
# Build llama.cpp's `llama-server` from the source that the npm package
# node-llama-cpp ships (llama/gitRelease.bundle), for the real-upstream tests.
#
# Everything lives in a cache dir outside the work tree:
#   ${LLMLB_CACHE_DIR:-$HOME/.cache/llmlb}/bin/llama-server
# Nothing is downloaded except the node-llama-cpp tarball from the npm registry
# (`npm pack`, so no install scripts run). The UI options are off because the
# web UI build would otherwise try to download things.
#
# Idempotent: when the binary already exists and `--version` runs, nothing is done.
# Progress goes to stderr; the last line on stdout is the binary path, so
#   BIN="$(bash scripts/build-llama-server.sh)"
# works. Env: LLMLB_CACHE_DIR, LLAMA_BUILD_JOBS (default 2).
set -euo pipefail

NLC_VERSION="3.22.1"
CACHE="${LLMLB_CACHE_DIR:-${HOME:?set HOME or LLMLB_CACHE_DIR}/.cache/llmlb}"
BIN="$CACHE/bin/llama-server"
JOBS="${LLAMA_BUILD_JOBS:-2}"

log() { printf '[build-llama-server] %s\n' "$*" >&2; }

binary_ok() {
  [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1
}

if binary_ok; then
  log "already built: $("$BIN" --version 2>&1 | grep -m1 -i version || true)"
  echo "$BIN"
  exit 0
fi

for tool in npm tar git cmake make c++; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing tool: $tool"; exit 1; }
done

mkdir -p "$CACHE/bin" "$CACHE/src"

# One build at a time per cache dir (parallel CI steps, two shells...).
LOCK="$CACHE/.build-llama-server.lock"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOCK"
  if ! flock -n 9; then
    log "another build holds $LOCK; waiting for it"
    flock 9
  fi
  if binary_ok; then
    log "built by the other process"
    echo "$BIN"
    exit 0
  fi
fi

start=$(date +%s)

# 1. The package tarball (npm registry only; `npm pack` runs no install scripts,
#    so node-llama-cpp's postinstall, which may fetch binaries, never runs).
PKG_DIR="$CACHE/src/node-llama-cpp-$NLC_VERSION"
BUNDLE="$PKG_DIR/llama/gitRelease.bundle"
if [ ! -s "$BUNDLE" ] || ! git bundle list-heads "$BUNDLE" >/dev/null 2>&1; then
  log "fetching node-llama-cpp@$NLC_VERSION from the npm registry"
  tmp="$(mktemp -d "$CACHE/src/.pack.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  tgz="$(cd "$tmp" && npm pack --silent "node-llama-cpp@$NLC_VERSION" | tail -n1)"
  [ -f "$tmp/$tgz" ] || { log "npm pack did not produce a tarball (got '$tgz')"; exit 1; }
  tar -xzf "$tmp/$tgz" -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
  rm -rf "$PKG_DIR"
  mkdir -p "$PKG_DIR"
  mv "$tmp/package/llama" "$PKG_DIR/llama"
  rm -rf "$tmp"
  trap - EXIT
fi
TAG="$(sed -n 's/.*"tag"[^"]*"\([^"]*\)".*/\1/p' "$PKG_DIR/llama/llama.cpp.info.json" 2>/dev/null || true)"
log "llama.cpp source: bundle from node-llama-cpp@$NLC_VERSION (tag ${TAG:-unknown})"

# 2. Source tree: a clone of the bundle (re-cloned if it is not a healthy checkout).
SRC="$CACHE/src/llama.cpp-nlc$NLC_VERSION"
if [ ! -f "$SRC/CMakeLists.txt" ] || ! git -C "$SRC" rev-parse --verify -q HEAD >/dev/null; then
  rm -rf "$SRC"
  log "cloning the bundle into $SRC"
  git -c advice.detachedHead=false clone -q "$BUNDLE" "$SRC"
fi

# 3. Configure and build only the server target.
BUILD="$SRC/build"
log "configuring (cmake)"
cmake -S "$SRC" -B "$BUILD" \
  -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF >&2
log "building llama-server with -j$JOBS (several minutes)"
cmake --build "$BUILD" --target llama-server -j"$JOBS" >&2

# 4. Install atomically and check it runs.
built="$BUILD/bin/llama-server"
[ -x "$built" ] || { log "build finished but $built is missing"; exit 1; }
cp "$built" "$BIN.tmp.$$"
mv -f "$BIN.tmp.$$" "$BIN"
if ! binary_ok; then
  log "installed $BIN but '--version' fails:"
  "$BIN" --version >&2 || true
  exit 1
fi
log "done in $(( $(date +%s) - start ))s: $("$BIN" --version 2>&1 | grep -m1 -i version || true)"
echo "$BIN"
