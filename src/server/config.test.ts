import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseServices } from './config.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'corridor-config-'));

describe('loadConfig', () => {
  it('defaults to the embedded database on port 3000 and keeps a generated secret in the data folder', () => {
    const dir = tempDir();
    const config = loadConfig({ CORRIDOR_DATA_DIR: dir });
    expect(config).toMatchObject({ databaseUrl: undefined, port: 3000, baseUrl: 'http://localhost:3000', dataDir: dir, secureCookies: false });
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, 'secret'), 'utf8').trim()).toBe(config.secret);
    expect(loadConfig({ CORRIDOR_DATA_DIR: dir }).secret).toBe(config.secret);
  });

  it('takes PostgreSQL, port, base URL and secret from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/corridor',
      PORT: '8080',
      BASE_URL: 'https://cx.example.com/',
      SECRET: 'x'.repeat(40),
      CORRIDOR_DATA_DIR: tempDir(),
    });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u:p@db:5432/corridor', port: 8080, baseUrl: 'https://cx.example.com', secureCookies: true });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BASE_URL: 'not a url' }, 'BASE_URL'],
    [{ SECRET: 'short' }, 'SECRET'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ])('stops with a message naming the wrong setting (%o)', (env, name) => {
    expect(() => loadConfig({ CORRIDOR_DATA_DIR: tempDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ CORRIDOR_DATA_DIR: tempDir(), ...env })).toThrow(new RegExp(`${name}:`));
  });
});

describe('WEBHOOK_ALLOW_PRIVATE', () => {
  it('lets webhooks call private addresses on the embedded database only, unless the operator says otherwise', () => {
    const dir = tempDir();
    const pg = 'postgres://u:p@db:5432/corridor';
    expect(loadConfig({ CORRIDOR_DATA_DIR: dir }).webhookAllowPrivate).toBe(true);
    expect(loadConfig({ CORRIDOR_DATA_DIR: dir, DATABASE_URL: pg }).webhookAllowPrivate).toBe(false);
    expect(loadConfig({ CORRIDOR_DATA_DIR: dir, DATABASE_URL: pg, WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(loadConfig({ CORRIDOR_DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
    expect(() => loadConfig({ CORRIDOR_DATA_DIR: dir, WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE: must be true or false/);
  });
});

describe('parseServices', () => {
  it('reads a list of roles and refuses unknown ones', () => {
    expect([...parseServices('web, worker')]).toEqual(['web', 'worker']);
    expect(() => parseServices('web,mailer')).toThrow(/--services/);
    expect(() => parseServices('')).toThrow(ConfigError);
  });
});
