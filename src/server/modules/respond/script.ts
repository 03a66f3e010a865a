import { existsSync, readFileSync } from 'node:fs';

/**
 * The respondent page's script (src/web/respond, built by `npm run build` into dist/respond), read
 * once and inlined into every survey page. Without a build the pages work as they do with
 * JavaScript off: the server evaluates the logic when a page is sent.
 */

// From src/server/modules/respond and from dist/node/server/modules/respond.
const CANDIDATES = ['../../../../dist/respond/respond.js', '../../../../respond/respond.js'].map((p) => new URL(p, import.meta.url));

let cached: string | null | undefined;

export function respondScript(): string | null {
  if (cached === undefined) {
    const file = CANDIDATES.find((u) => existsSync(u));
    cached = file ? readFileSync(file, 'utf8').trim() : null;
  }
  return cached;
}
