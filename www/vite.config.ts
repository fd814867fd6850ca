import { defineConfig } from 'vite';

// No React plugin: production builds only need JSX compiled with the automatic runtime,
// which Vite's built-in transform does. The wasm file is emitted as an asset because the
// package loads it with `new URL('wirestore_bg.wasm', import.meta.url)`.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // wirestore/react starts with "use client" (for Next.js); meaningless in a Vite SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      // `npm run dev` next to a reference server on :8787 (scripts/demo.sh's port).
      '/ws': { target: 'ws://127.0.0.1:8787', ws: true },
      '/control': 'http://127.0.0.1:8787',
      '/chat/stream': 'http://127.0.0.1:8787',
    },
  },
});
