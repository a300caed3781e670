// Vite configuration of the browser client (moderator console, citizen app, room display,
// archive). One SPA: index.html plus a tiny router (src/router.ts); the server answers
// unknown page routes with index.html. JSX is compiled for Preact by oxc directly (no
// preset plugin). `npm run client:dev` proxies the API and Socket.IO to a local Tribune.
import { defineConfig } from 'vite';
import { preloadPages } from './preload-pages.ts';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);
const repoRoot = decodeURIComponent(new URL('..', import.meta.url).pathname);
const api = process.env.TRIBUNE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  appType: 'spa',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // Each page's chunks are asked for from index.html, beside main.js (preload-pages.ts).
  plugins: [preloadPages()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The client imports the protocol schemas from server/src/protocol (one contract).
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/socket.io': { target: api, ws: true, changeOrigin: true },
      '/healthz': { target: api },
      '/docs': { target: api },
    },
  },
});
