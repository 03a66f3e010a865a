import { describe, expect, it } from 'vitest';
import { boundedServerArgv, SERVER_HEAP_FLAGS } from '../../bin/heap.js';

describe('the heap of corridor serve', () => {
  it('re-executes serve with the bounded heap, keeping node flags and arguments in order', () => {
    expect(boundedServerArgv('/node', ['--enable-source-maps'], ['/node', '/bin/corridor.js', 'serve', '--demo'], undefined)).toEqual([
      '/node',
      ...SERVER_HEAP_FLAGS,
      '--enable-source-maps',
      '/bin/corridor.js',
      'serve',
      '--demo',
    ]);
    expect(SERVER_HEAP_FLAGS).toContain('--max-old-space-size=256');
  });

  it('leaves other commands, and a heap the operator sized, alone', () => {
    expect(boundedServerArgv('/node', [], ['/node', '/bin/corridor.js', 'demo', '--responses', '10'], undefined)).toBeNull();
    expect(boundedServerArgv('/node', ['--max-old-space-size=1024'], ['/node', '/bin/corridor.js', 'serve'], undefined)).toBeNull();
    expect(boundedServerArgv('/node', [], ['/node', '/bin/corridor.js', 'serve'], '--trace-warnings --max-semi-space-size=16')).toBeNull();
    expect(boundedServerArgv('/node', [], ['/node', '/bin/corridor.js', 'serve'], '--trace-warnings')).not.toBeNull();
  });
});
