import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Builds the admin app for the browser tests when dist/web is missing or older than its sources. */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const index = path.join(root, 'dist/web/index.html');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  const sources = Math.max(newest(path.join(root, 'src/web')), newest(path.join(root, 'src/contract')), newest(path.join(root, 'src/core')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // A production build, as users get it (Vitest itself runs with NODE_ENV=test).
  const result = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('vite build failed');
}
