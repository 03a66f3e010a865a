import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The newest modification time of the files below some folders. */
export function newestSource(...dirs: string[]): number {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  return Math.max(...dirs.map((d) => newest(path.join(root, d))));
}

/** Builds a bundle with Vite (production mode, as users get it) when it is missing or older than its sources. */
export function buildIfStale(output: string, sources: string[], args: string[]): void {
  const file = path.join(root, output);
  if (existsSync(file) && statSync(file).mtimeMs >= newestSource(...sources)) return;
  // Vitest itself runs with NODE_ENV=test.
  const result = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn', ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`vite build of ${output} failed`);
}

/** The respondent page's script, which the server inlines into survey pages. */
export default function setup(): void {
  buildIfStale('dist/respond/respond.js', ['src/web/respond', 'src/core'], ['-c', 'vite.respond.config.ts']);
}
