// Bundles the sandboxed preload into one CommonJS file (dist/preload/preload.cjs): a sandboxed
// preload can require only `electron`, so its local imports are inlined here.
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
// `--out-dir DIR` lets tests bundle into a temp folder instead of dist/.
const outFlag = process.argv.indexOf('--out-dir');
const outDir = outFlag > 0 ? process.argv[outFlag + 1] : 'dist/preload';

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    target: 'chrome140',
    lib: {
      entry: 'src-main/preload/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
});
