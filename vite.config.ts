import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The React UI: built once into dist/renderer, loaded from file:// by Electron and from `/` by the gateway.
export default defineConfig({
  root: 'src-renderer',
  // Relative asset URLs work from file:// (Electron) and from `/` (gateway; static.ts adds <base href="/">).
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: { port: 5173, strictPort: false },
});
