// Helpers to run a real llama.cpp `llama-server` (built by
// scripts/build-llama-server.sh) on 127.0.0.1 for the real-upstream tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Cache dir used by scripts/build-llama-server.sh. */
export function llmlbCacheDir(): string {
  const fromEnv = process.env.LLMLB_CACHE_DIR;
  return fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'llmlb');
}

/** Where the build script installs the binary. */
export function llamaServerCachePath(): string {
  return join(llmlbCacheDir(), 'bin', 'llama-server');
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The llama-server binary to use, or null when there is none.
 * `LLMLB_LLAMA_SERVER` (an explicit path) wins over the build cache.
 */
export function findLlamaServer(): string | null {
  const explicit = process.env.LLMLB_LLAMA_SERVER;
  if (explicit && isExecutableFile(explicit)) return explicit;
  const cached = llamaServerCachePath();
  return isExecutableFile(cached) ? cached : null;
}

/**
 * Gate for real-upstream suites: `{ bin }` when the binary exists; `{ bin: null, skipReason }`
 * when it is missing and LLMLB_REAL is not "1". With LLMLB_REAL=1 a missing binary throws,
 * so CI that built it cannot silently skip.
 */
export function realLlamaServerGate(): { bin: string; skipReason: null } | { bin: null; skipReason: string } {
  const bin = findLlamaServer();
  if (bin) return { bin, skipReason: null };
  const msg =
    `llama-server not found at ${llamaServerCachePath()} (nor LLMLB_LLAMA_SERVER); ` +
    'build it with `bash scripts/build-llama-server.sh`';
  if (process.env.LLMLB_REAL === '1') throw new Error(`LLMLB_REAL=1 but ${msg}`);
  return { bin: null, skipReason: msg };
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not get a free port'));
        return;
      }
      const { port } = addr;
      srv.close(() => resolve(port));
    });
  });
}

export interface LlamaServerOptions {
  /** GGUF model file (-m). */
  model: string;
  /** Binary; default findLlamaServer(). */
  bin?: string;
  /** Port; default a free one (retried if another process grabs it first). */
  port?: number;
  /** Total context (-c). Default 2048. Split between slots: /props n_ctx is per slot. */
  ctxSize?: number;
  /** Slots (-np). Default 1. */
  parallel?: number;
  /** Threads (-t). Default 1 (faster than 2 on the 2-core machines here). */
  threads?: number;
  /** Model alias (-a): the id /v1/models reports. Default: llama.cpp's own (the file name). */
  alias?: string;
  /** --embeddings (the server then serves embeddings only). */
  embeddings?: boolean;
  /** --pooling (none|mean|cls|last|rank), for embeddings. */
  pooling?: string;
  /** --api-key. */
  apiKey?: string;
  /** --slots (GET /slots). Default true. */
  slots?: boolean;
  /** --metrics (GET /metrics). Default false. */
  metrics?: boolean;
  /** Anything else, appended last. */
  extraArgs?: string[];
  /** Extra environment (LLAMA_ARG_* and LLAMA_API_KEY from our own env are dropped first). */
  env?: Record<string, string>;
  /** Wait until /health is 200. Default true. */
  waitReady?: boolean;
  /** Bound for waitReady. Default 60 s. */
  readyTimeoutMs?: number;
  /** Mirror the server's output to our stderr (also when LLMLB_REAL_LOG=1). */
  echo?: boolean;
}

export interface LlamaServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  readonly args: readonly string[];
  readonly proc: ChildProcess;
  /** Last ~256 KiB of stdout+stderr. */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  /** Polls GET /health until 200 (rejects on exit or after timeoutMs). */
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after graceMs (default 5 s). Resolves once exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Never leave a llama-server behind when the test process goes away.
  process.on('exit', () => {
    for (const p of live) {
      try {
        p.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

const OUTPUT_LIMIT = 256 * 1024;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('LLAMA_ARG_') || k === 'LLAMA_API_KEY') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function buildArgs(o: LlamaServerOptions, port: number): string[] {
  const args = [
    '--host', '127.0.0.1',
    '--port', String(port),
    '-m', o.model,
    '-t', String(o.threads ?? 1),
    '-c', String(o.ctxSize ?? 2048),
    '-np', String(o.parallel ?? 1),
  ];
  args.push(o.slots === false ? '--no-slots' : '--slots');
  if (o.alias !== undefined) args.push('-a', o.alias);
  if (o.embeddings) args.push('--embeddings');
  if (o.pooling !== undefined) args.push('--pooling', o.pooling);
  if (o.apiKey !== undefined) args.push('--api-key', o.apiKey);
  if (o.metrics) args.push('--metrics');
  if (o.extraArgs) args.push(...o.extraArgs);
  return args;
}

function spawnOnce(bin: string, o: LlamaServerOptions, port: number): LlamaServer {
  installExitHook();
  const args = buildArgs(o, port);
  const proc = spawn(bin, args, { env: childEnv(o.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  const echo = o.echo ?? process.env.LLMLB_REAL_LOG === '1';
  let out = '';
  const onData = (d: Buffer): void => {
    const s = d.toString('utf8');
    if (echo) process.stderr.write(`[llama-server:${port}] ${s}`);
    out += s;
    if (out.length > OUTPUT_LIMIT) out = out.slice(out.length - OUTPUT_LIMIT);
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);

  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitedP = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      live.delete(proc);
      resolve(exitInfo);
    });
    proc.once('error', (err) => {
      out += `\n[spawn error] ${String(err)}\n`;
      exitInfo = { code: null, signal: null };
      live.delete(proc);
      resolve(exitInfo);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const handle: LlamaServer = {
    baseUrl,
    port,
    pid: proc.pid ?? -1,
    args,
    proc,
    output: () => out,
    exited: () => exitInfo !== null,
    async waitReady(timeoutMs = o.readyTimeoutMs ?? 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exitInfo) {
          throw new Error(
            `llama-server exited (code ${exitInfo.code}, signal ${exitInfo.signal}) before /health was 200:\n${out.slice(-4000)}`,
          );
        }
        try {
          const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status === 200) return;
        } catch {
          /* not listening yet */
        }
        if (Date.now() > deadline) {
          throw new Error(`llama-server not healthy within ${timeoutMs} ms:\n${out.slice(-4000)}`);
        }
        await sleep(50);
      }
    },
    async stop(graceMs = 5000) {
      if (exitInfo) return exitInfo;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exitInfo) proc.kill('SIGKILL');
      }, graceMs);
      try {
        return await exitedP;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return handle;
}

function looksLikeBindFailure(output: string): boolean {
  return /couldn't bind|address already in use|failed to bind|bind failed/i.test(output);
}

/**
 * Start llama-server on 127.0.0.1 and (by default) wait until /health is 200.
 * On failure the process is stopped and the error carries the end of its output.
 */
export async function startLlamaServer(o: LlamaServerOptions): Promise<LlamaServer> {
  const bin = o.bin ?? findLlamaServer();
  if (!bin) throw new Error(`llama-server binary not found (looked at ${llamaServerCachePath()})`);
  const attempts = o.port === undefined ? 3 : 1;
  let lastErr: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = o.port ?? (await freePort());
    const srv = spawnOnce(bin, o, port);
    if (o.waitReady === false) return srv;
    try {
      await srv.waitReady();
      return srv;
    } catch (err) {
      lastErr = err;
      await srv.stop(1000);
      if (!looksLikeBindFailure(srv.output())) break;
    }
  }
  throw lastErr;
}
