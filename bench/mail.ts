/**
 * Mail benchmark: `node bench/mail.ts` (embedded PGlite in memory) or `BENCH_DATABASE_URL=postgres://… node bench/mail.ts`.
 *
 * Sends BENCH_MESSAGES (20,000) invitation-sized messages (the rendered NPS invitation, about 20 KB
 * each) through the SMTP mailer to a local SMTP sink running in a child process, all at once, as a
 * wave does: `deliver` is called concurrently and the mailer's pool (BENCH_POOL, 5) carries them.
 * Each message's confirm updates one claimed row in its own transaction, as the invitation sender's
 * does. Prints messages per second and checks that the sink holds each Message-ID exactly once.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { connectDatabase } from '../src/server/db/connect.ts';
import { createMailer } from '../src/server/email/transport.ts';
import { renderInvitation } from '../src/server/email/templates/invitation.ts';
import { silentLogger } from '../src/server/logger.ts';
import { SurveyDefinitionSchema } from '../src/core/survey-definition.ts';

const N = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const POOL = Number(process.env['BENCH_POOL'] ?? 5);

const child = spawn(process.execPath, [new URL('./mail-sink.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
const url = await nextLine();

const handle = await connectDatabase({ databaseUrl: process.env['BENCH_DATABASE_URL'], poolSize: POOL + 2 });
const db = handle.db;
await sql`create table if not exists bench_mail_claims (id int primary key, claim uuid, status text not null)`.execute(db);
await sql`truncate bench_mail_claims`.execute(db);
await sql`insert into bench_mail_claims select g, null, 'sending' from generate_series(1, ${N}) g`.execute(db);

const def = SurveyDefinitionSchema.parse({ questions: [{ id: 'nps', type: 'nps', text: 'How likely are you to recommend {{company}} to a colleague?' }, { id: 'why', type: 'text', text: 'Why?' }] });
const mailer = createMailer({ smtpUrl: url, from: 'Corridor <no-reply@localhost>', pool: POOL, db, log: silentLogger() });
const base = 'http://corridor.example';

const t0 = performance.now();
let i = 0;
const results = await Promise.all(
  Array.from({ length: N }, async () => {
    const id = ++i;
    const token = randomUUID();
    const mail = await renderInvitation({
      kind: 'invitation', language: 'en', companyName: 'HiTouch', surveyTitle: 'Service check', firstName: `Ana ${id}`, definition: def,
      surveyUrl: `${base}/s/service?t=${token}`, unsubscribeUrl: `${base}/u/${token}`, expiresAt: new Date('2026-12-31T00:00:00Z'),
    });
    return mailer.deliver(
      { to: `contact-${id}@example.test`, subject: mail.subject, html: mail.html, text: mail.text, headers: {}, messageId: `<${randomUUID()}@corridor.example>`, kind: 'invitation', companyId: null, invitationId: null },
      async (tx) => (await sql`update bench_mail_claims set status = 'sent' where id = ${id} and status = 'sending'`.execute(tx)).numAffectedRows === 1n,
    );
  }),
);
const seconds = (performance.now() - t0) / 1000;
child.stdin.write('count\n');
const [distinct, total] = (await nextLine()).split(' ').map(Number);
const sent = results.filter((r) => r === 'sent').length;
console.log(`database: ${handle.kind}; pool ${POOL}; ${N} messages in ${seconds.toFixed(2)} s = ${Math.round(N / seconds)} messages/s`);
console.log(`sent ${sent}; sink received ${total} (distinct Message-IDs ${distinct}); 100,000 would take ${(100_000 / (N / seconds)).toFixed(1)} s`);
await mailer.close();
await sql`drop table bench_mail_claims`.execute(db);
await handle.close();
child.stdin.write('quit\n');
