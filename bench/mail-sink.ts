/** The SMTP sink of bench/mail.ts in a process of its own: prints its URL, then the count on each "count" line read. */
import { startSmtpSink } from '../test/support/smtp.ts';

const sink = await startSmtpSink({ parse: false, keepRaw: false });
process.stdout.write(`${sink.url}\n`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n')) {
    if (line === 'count') process.stdout.write(`${new Set(sink.messages.map((m) => m.messageId)).size} ${sink.messages.length}\n`);
    if (line === 'cpu') process.stdout.write(JSON.stringify(process.cpuUsage()) + '\n');
    if (line === 'quit') void sink.close().then(() => process.exit(0));
  }
});
