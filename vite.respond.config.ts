import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the respondent page's small script (src/web/respond) into dist/respond/respond.js, which the
 * server inlines into every survey page. It reuses core/logic.ts, so the page and the server
 * evaluate conditions with one piece of code.
 */

const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  publicDir: false,
  build: {
    outDir: `${repo}dist/respond`,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    lib: { entry: `${repo}src/web/respond/main.ts`, formats: ['iife'], name: 'corridorRespond', fileName: () => 'respond.js' },
  },
});
