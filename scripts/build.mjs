// Builds the server (TypeScript → dist/node) and the admin app (Vite → dist/web), then stamps the build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(label, command, args) {
  const started = Date.now();
  process.stdout.write(`${label} ... `);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    console.log('failed');
    console.error(result.stdout, result.stderr);
    process.exit(result.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

run('Building the server', bin('tsc'), ['-p', 'tsconfig.build.json']);
run('Building the admin app', bin('vite'), ['build', '--logLevel', 'warn']);
run("Building the respondent page's script", bin('vite'), ['build', '--logLevel', 'warn', '-c', 'vite.respond.config.ts']);
mkdirSync(path.join(root, 'dist'), { recursive: true });
writeFileSync(path.join(root, 'dist', '.build-stamp'), new Date().toISOString() + '\n');
