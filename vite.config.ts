import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Builds the admin single-page app (src/web/admin) into dist/web, which the Fastify server serves
 * statically with an SPA fallback. In development, `npx vite` proxies the API and the public
 * respondent pages to the server on port 3000.
 */

const repo = fileURLToPath(new URL('.', import.meta.url));
const server = process.env['CORRIDOR_DEV_API'] ?? 'http://localhost:3000';

export default defineConfig({
  root: `${repo}src/web/admin`,
  base: '/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: `${repo}dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    // Regular expressions, so that modules such as /api.ts are not mistaken for API calls.
    proxy: {
      '^/api/': { target: server, changeOrigin: false },
      '^/s/': { target: server, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '^/api/': { target: server, changeOrigin: false },
      '^/s/': { target: server, changeOrigin: false },
    },
  },
});
