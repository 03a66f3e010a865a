/**
 * The programme worker in a process of its own, for the crash test: it opens Corridor in the worker
 * role on WORKER_TEST_DB (a PostgreSQL URL, or an embedded database's data folder) with its mail going
 * to WORKER_TEST_SMTP, and sends what is due, in small batches. The test kills it mid-wave.
 */
import { silentLogger } from '../../src/server/logger.ts';
import { openCorridor } from '../../src/server/runtime.ts';

const target = process.env['WORKER_TEST_DB'] ?? '';
const postgres = target.startsWith('postgres');
await openCorridor({
  config: {
    databaseUrl: postgres ? target : undefined,
    dataDir: postgres ? '/nonexistent' : target,
    baseUrl: 'http://corridor.test',
    secureCookies: false,
    smtpUrl: process.env['WORKER_TEST_SMTP'] ?? '',
    smtpPool: 3,
  },
  roles: new Set(['worker']),
  log: silentLogger(),
  programmeWorker: { intervalMs: 50, batchSize: 10, concurrency: 3 },
});
process.stdout.write('ready\n');
