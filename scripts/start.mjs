// npm start: builds when the sources are newer than the build, then serves Corridor with the demo company.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestMtime(entry) {
  const s = statSync(entry);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), 0);
}

const inputs = ['src', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json'].map((p) => path.join(root, p)).filter(existsSync);
const stale = !existsSync(stamp) || Math.max(...inputs.map(newestMtime)) > statSync(stamp).mtimeMs;
if (stale) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A laptop terminal wants the URL and the login, not a JSON line per request: warnings and errors only,
// unless LOG_LEVEL says otherwise.
const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
const child = spawn(process.execPath, [path.join(root, 'bin', 'corridor.js'), 'serve', '--demo', ...process.argv.slice(2)], { cwd: process.cwd(), stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
