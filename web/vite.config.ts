// Vite builds the UI into dist/, which `nqtrack serve --web-root web/dist` serves. In development
// (`npm run dev`) /api is proxied to the server named by NQ_API (default http://127.0.0.1:8080).
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': process.env.NQ_API ?? 'http://127.0.0.1:8080' },
  },
});
