import http from 'node:http';
import { createServer } from 'node:net';

/**
 * A real HTTP receiver for webhook tests: it keeps every request (headers and raw body) and answers
 * with the statuses it is told, in order (then with `fallback`).
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Statuses for the next requests, in order. */
  answer(...statuses: number[]): void;
  fallback: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(fallback = 200): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const queue: number[] = [];
  const receiver = {
    url: '',
    received,
    fallback,
    answer: (...statuses: number[]) => void queue.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies WebhookReceiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = queue.shift() ?? receiver.fallback;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 200 && status < 300 ? 'ok' : `nope ${status} ${'x'.repeat(3_000)}`);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  receiver.url = `http://127.0.0.1:${address.port}/hook`;
  return receiver;
}

/** A local port nothing listens on (it was free a moment ago, and is closed again). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
