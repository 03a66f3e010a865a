import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDataDir } from './connect.ts';

describe('the embedded database lock', () => {
  it('lets one process hold the folder, refuses a second while it lives, and takes over a stale lock', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'corridor-lock-')), 'pgdata');
    const release = lockDataDir(dir);
    expect(existsSync(path.join(path.dirname(dir), 'pgdata.lock'))).toBe(true);
    release();
    expect(existsSync(path.join(path.dirname(dir), 'pgdata.lock'))).toBe(false);

    // Another live process owns it.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(path.dirname(dir), 'pgdata.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
      expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    } finally {
      other.kill();
    }
    await new Promise((r) => other.once('exit', r));
    // Its process is gone: the lock is stale and taken over.
    const again = lockDataDir(dir);
    again();
  });
});
