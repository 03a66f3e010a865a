// The V8 heap a Corridor server runs with. Left alone, V8 sizes the heap from the machine's memory
// (gigabytes) and collects late, so a streaming export's short-lived garbage lifts the resident size
// past 450 MB while the live heap stays near 50 MB; with these bounds it stays near 200 MB, at about
// the same speed (docs/BENCHMARKS.md, "Exporting responses").
export const SERVER_HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=4'];

/**
 * The arguments to re-execute `corridor serve` with, its heap bounded; null for any other command, or
 * when the operator sized the heap (node's own flags, or NODE_OPTIONS=--max-old-space-size=…).
 */
export function boundedServerArgv(execPath, execArgv, argv, nodeOptions) {
  if (argv[2] !== 'serve') return null;
  const sized = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => /^--max-(old|semi)-space-size/.test(flag));
  return sized ? null : [execPath, ...SERVER_HEAP_FLAGS, ...execArgv, ...argv.slice(1)];
}
