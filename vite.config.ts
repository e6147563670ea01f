import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is built to static files that both Electron (file/app protocol) and the Node
// host serve. Relative base so the same build works from any origin; no inline scripts or
// module-preload polyfill so it runs under the strict CSP (script-src 'self').
const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs, which a strict CSP may refuse: always emit files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
