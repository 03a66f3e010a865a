import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Database tests run on embedded PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
const databaseUrl = process.env['TEST_DATABASE_URL'];
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const serverTests = ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'test/api/**/*.test.ts'];

if (!databaseUrl) console.warn('\n[corridor] TEST_DATABASE_URL is not set: database tests run on embedded PGlite only.\n');
if (!existsSync(chromium)) {
  console.warn(`\n[corridor] Chromium not found at ${chromium}: the browser tests are SKIPPED. Install it (apt-get install chromium) or set CHROMIUM_PATH.\n`);
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: 'unit', include: ['src/core/**/*.test.ts', 'src/contract/**/*.test.ts', 'src/web/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      { test: { name: 'pglite', include: serverTests, env: { CORRIDOR_TEST_DB: 'pglite' }, globalSetup: ['test/support/respond-build-setup.ts'] } },
      ...(databaseUrl
        ? [
            {
              test: {
                name: 'postgres',
                include: serverTests,
                env: { CORRIDOR_TEST_DB: 'postgres' },
                globalSetup: ['test/support/postgres-setup.ts', 'test/support/respond-build-setup.ts'],
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          env: { CORRIDOR_TEST_DB: 'pglite', CHROMIUM_PATH: chromium },
          globalSetup: ['test/support/web-build-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
