#!/usr/bin/env node
// The `llmlb` command: runs the compiled CLI (npm run build:main produces dist/).
import('../dist/src-main/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('llmlb: not built yet; run `npm run build` (or `npm run serve`) in the checkout');
    process.exit(2);
  }
  throw err;
});
