#!/usr/bin/env node
// The corridor command: runs the built server, or the TypeScript sources directly on a Node that strips types.
import { existsSync } from 'node:fs';
import { boundedServerArgv } from './heap.js';

// A server runs with a bounded heap unless the operator chose one: the process re-executes itself
// with the flags (bin/heap.js), keeping its pid, so signals and exit codes stay its own.
const bounded = boundedServerArgv(process.execPath, process.execArgv, process.argv, process.env.NODE_OPTIONS);
if (bounded && typeof process.execve === 'function') process.execve(process.execPath, bounded, process.env);

const built = new URL('../dist/node/cli/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else if (process.features.typescript) {
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
} else {
  console.error('Corridor is not built yet: run "npm run build" (or use Node.js 24, which runs the sources directly).');
  process.exit(1);
}
