#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8
// The `llmlb` command: runs the compiled CLI (npm run build:main produces dist/).
// The shebang's environment and node flags are llmlb's RUNTIME_ENV and V8_FLAGS
// (src-main/util/runtime-flags.ts); `npm run serve`, `npm start` and the benchmark read them from here.
import('../dist/src-main/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('llmlb: not built yet; run `npm run build` (or `npm run serve`) in the checkout');
    process.exit(2);
  }
  throw err;
});
