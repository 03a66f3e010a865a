import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusalOf } from './url-policy.ts';

/**
 * One POST of a webhook: JSON, a timeout for the whole exchange, no redirects followed (a 3xx is a
 * failure like any other non-2xx), at most RESPONSE_KEPT characters of the answer kept, and every
 * address the host name resolves to checked against the URL policy before connecting.
 */

export const RESPONSE_KEPT = 1_000;

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
}

/** A DNS lookup that refuses the addresses the policy refuses (so a host name cannot point inside). */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const refused = refusalOf(a.address, allowPrivate);
        if (refused) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${refused}`), { code: 'EREFUSEDADDRESS' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export function postWebhook(opts: { url: string; headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  return new Promise((resolve) => {
    const url = new URL(opts.url);
    const refused = refusalOf(url.hostname, opts.allowPrivate);
    if (refused) return resolve({ statusCode: null, error: `refused: ${refused}`, responseBody: null });
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Corridor-Webhooks/1', ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        lookup: guardedLookup(opts.allowPrivate),
        agent: false,
      },
      (res) => {
        let kept = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (kept.length < RESPONSE_KEPT) kept += chunk;
          // Enough has been read to log; the rest of a large answer is not waited for.
          if (kept.length >= RESPONSE_KEPT) res.destroy();
        });
        const done = () => finish({ statusCode: res.statusCode ?? null, error: null, responseBody: kept.slice(0, RESPONSE_KEPT) });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `timed out after ${opts.timeoutMs} ms`, responseBody: null });
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ statusCode: null, error: err.code ? `${err.code}: ${err.message}` : err.message, responseBody: null }));
    req.end(opts.body);
  });
}
