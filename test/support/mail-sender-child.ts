/**
 * A sender in a process of its own, for the exactly-once test: `node mail-sender-child.ts <database>
 * <table> <smtp-url>`. It opens the database (a PostgreSQL URL or an embedded database folder), claims
 * the table's rows one by one and delivers each, printing "sent <id>" after each. The test kills it mid-batch.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { connectDatabase } from '../../src/server/db/connect.ts';
import { createMailer } from '../../src/server/email/transport.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { deliverClaimed } from './mail-claims.ts';

const [target = '', table = '', smtpUrl = ''] = process.argv.slice(2);
const handle = await connectDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 4 } : { pgliteDir: target });
const mailer = createMailer({ smtpUrl, from: 'Corridor <no-reply@corridor.test>', pool: 3, db: handle.db, log: silentLogger() });
process.stdout.write('ready\n');
const ids = (await sql<{ id: number }>`select id from ${sql.table(table)} where status = 'scheduled' order by id`.execute(handle.db)).rows.map((r) => r.id);
let next = 0;
await Promise.all(
  Array.from({ length: 3 }, async () => {
    while (next < ids.length) {
      const id = ids[next++] ?? 0;
      const outcome = await deliverClaimed(handle.db, mailer, table, id, randomUUID());
      process.stdout.write(`${outcome} ${id}\n`);
    }
  }),
);
process.stdout.write('done\n');
