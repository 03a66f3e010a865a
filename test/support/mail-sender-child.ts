/**
 * A sender in a process of its own, for the exactly-once test: `node mail-sender-child.ts <database>
 * <table> <smtp-url> <hold-id>`. It opens the database (a PostgreSQL URL or an embedded database
 * folder), claims the table's rows one by one and delivers each, printing "sent <id>" after each. At
 * row <hold-id> it prints "confirming <id>" when the whole message but its final line is with the
 * server, and waits there: the test kills it at that moment.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { connectDatabase } from '../../src/server/db/connect.ts';
import { createMailer } from '../../src/server/email/transport.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { deliverClaimed } from './mail-claims.ts';

const [target = '', table = '', smtpUrl = '', holdAt = '0'] = process.argv.slice(2);
const handle = await connectDatabase(target.startsWith('postgres') ? { databaseUrl: target, poolSize: 4 } : { pgliteDir: target });
const mailer = createMailer({ smtpUrl, from: 'Corridor <no-reply@corridor.test>', pool: 3, db: handle.db, log: silentLogger() });
process.stdout.write('ready\n');
const ids = (await sql<{ id: number }>`select id from ${sql.table(table)} where status = 'scheduled' order by id`.execute(handle.db)).rows.map((r) => r.id);
const hold = async (id: number) => {
  if (id !== Number(holdAt)) return;
  process.stdout.write(`confirming ${id}\n`);
  await new Promise(() => {});
};
for (const id of ids) {
  const outcome = await deliverClaimed(handle.db, mailer, table, id, randomUUID(), false, () => hold(id));
  process.stdout.write(`${outcome} ${id}\n`);
}
process.stdout.write('done\n');
