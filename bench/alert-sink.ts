/** The SMTP sink of bench/alerts.ts in a process of its own: prints its URL, then "<epoch ms>\t<subject>" as each message arrives. */
import { startSmtpSink } from '../test/support/smtp.ts';

const sink = await startSmtpSink({ parse: true, keepRaw: false });
process.stdout.write(`${sink.url}\n`);
let seen = 0;
// Polled every 2 ms: an arrival is stamped at most 2 ms late.
const timer = setInterval(() => {
  while (seen < sink.messages.length) {
    const m = sink.messages[seen++];
    process.stdout.write(`${Date.now()}\t${m?.subject ?? ''}\n`);
  }
}, 2);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  if (chunk.includes('quit')) {
    clearInterval(timer);
    void sink.close().then(() => process.exit(0));
  }
});
