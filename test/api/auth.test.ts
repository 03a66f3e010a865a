import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { loginCookie, makeApiKey, makeCompany, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';
import { companyCounts, expectError, expectValidation, sha256, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: TestUser;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = await makeUser(c.handle.db, 'admin', co.company.id);
});
afterAll(async () => c?.stop());

const login = (payload: unknown) => c.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as Record<string, unknown> });
const me = (headers: Record<string, string> = {}) => c.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

describe('login', () => {
  it('sets an http-only, SameSite=Lax session cookie and returns the user', async () => {
    const res = await login({ email: admin.email, password: admin.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: admin.id, email: admin.email, name: 'admin user', role: 'admin', unitId: co.company.id, unitName: co.company.name },
    });
    const cookie = res.cookies.find((k) => k.name === 'corridor_session');
    expect(cookie).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(cookie?.value.length).toBeGreaterThanOrEqual(40);
    // Fourteen days, give or take the time the test takes.
    const days = ((cookie?.expires?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
  });

  it('matches the email without regard to case', async () => {
    const res = await login({ email: admin.email.toUpperCase(), password: admin.password });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(admin.id);
  });

  it('answers a wrong password and an unknown email alike: 401 invalid_credentials', async () => {
    const wrong = expectError(await login({ email: admin.email, password: 'not the password' }), 401, 'invalid_credentials');
    const unknown = expectError(await login({ email: `nobody-${admin.id}@example.test`, password: admin.password }), 401, 'invalid_credentials');
    expect(unknown.message).toBe(wrong.message);
    expect(wrong.message).not.toContain(admin.email);
  });

  it('refuses a disabled user with the same 401', async () => {
    const user = await makeUser(c.handle.db, 'viewer', co.banking.id);
    const cookie = await loginCookie(c.app, user);
    await c.handle.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    expectError(await login({ email: user.email, password: user.password }), 401, 'invalid_credentials');
    // Their open session stops working too.
    expectError(await me({ cookie }), 401, 'unauthenticated');
  });

  it('rejects missing fields, a bad email and wrong types with 400 validation_failed naming the field', async () => {
    expectValidation(await login({ email: admin.email }), 'password');
    expectValidation(await login({ password: admin.password }), 'email');
    expectValidation(await login({ email: 'not-an-email', password: admin.password }), 'email');
    expectValidation(await login({ email: admin.email, password: '' }), 'password');
    expectValidation(await login({ email: 42, password: true }), 'email', 'password');
    expectValidation(await login({}), 'email', 'password');
  });

  it('sets no cookie and opens no session when it fails', async () => {
    const before = await c.handle.db.selectFrom('sessions').select('id').where('user_id', '=', admin.id).execute();
    const res = await login({ email: admin.email, password: 'wrong' });
    expect(res.statusCode).toBe(401);
    expect(res.cookies.find((k) => k.name === 'corridor_session')).toBeUndefined();
    const after = await c.handle.db.selectFrom('sessions').select('id').where('user_id', '=', admin.id).execute();
    expect(after.length).toBe(before.length);
  });
});

describe('session', () => {
  it('GET /auth/me answers the logged-in user, and 401 unauthenticated without a cookie', async () => {
    const cookie = await loginCookie(c.app, admin);
    const res = await me({ cookie });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: admin.id, email: admin.email, role: 'admin', unitId: co.company.id });
    expectError(await me(), 401, 'unauthenticated');
    expectError(await me({ cookie: 'corridor_session=made-up-token' }), 401, 'unauthenticated');
  });

  it('logout ends the session: the old cookie then gets 401', async () => {
    const cookie = await loginCookie(c.app, admin);
    expect((await me({ cookie })).statusCode).toBe(200);
    const out = await c.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((k) => k.name === 'corridor_session');
    expect(cleared?.value).toBe('');
    expectError(await me({ cookie }), 401, 'unauthenticated');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: { cookie } }), 401, 'unauthenticated');
    const token = cookie.replace('corridor_session=', '');
    expect(await c.handle.db.selectFrom('sessions').select('id').where('token_hash', '=', sha256(token)).executeTakeFirst()).toBeUndefined();
  });

  it('logging out ends only that session, not the user’s others', async () => {
    const first = await loginCookie(c.app, admin);
    const second = await loginCookie(c.app, admin);
    await c.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: first } });
    expect((await me({ cookie: second })).statusCode).toBe(200);
  });

  it('an expired session gets 401', async () => {
    const cookie = await loginCookie(c.app, admin);
    const hash = sha256(cookie.replace('corridor_session=', ''));
    await c.handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hash).execute();
    expectError(await me({ cookie }), 401, 'unauthenticated');
  });

  it('stores session tokens hashed, never as the cookie value', async () => {
    const cookie = await loginCookie(c.app, admin);
    const token = cookie.replace('corridor_session=', '');
    const rows = await c.handle.db.selectFrom('sessions').select('token_hash').where('user_id', '=', admin.id).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.token_hash).not.toBe(token);
    expect(rows.map((r) => r.token_hash)).toContain(sha256(token));
    expect(await c.handle.db.selectFrom('sessions').select('id').where('token_hash', '=', token).executeTakeFirst()).toBeUndefined();
  });
});

describe('API keys', () => {
  it('a bearer API key authenticates', async () => {
    const key = await makeApiKey(c.handle.db, 'viewer', co.banking.id);
    expect(key).toMatch(/^cor_/);
    const res = await c.app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().units.map((u: { id: string }) => u.id)).toEqual([co.banking.id, co.bankingEmea.id]);
  });

  it('stores API keys hashed and records when they were used', async () => {
    const key = await makeApiKey(c.handle.db, 'viewer', co.company.id);
    const row = await c.handle.db.selectFrom('api_keys').select(['key_hash', 'last_used_at']).where('key_hash', '=', sha256(key)).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toBe(key);
    expect(row.last_used_at).toBeNull();
    expect(await c.handle.db.selectFrom('api_keys').select('id').where('key_hash', '=', key).executeTakeFirst()).toBeUndefined();
    await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: { authorization: `Bearer ${key}` } });
    const used = await c.handle.db.selectFrom('api_keys').select('last_used_at').where('key_hash', '=', sha256(key)).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBeInstanceOf(Date);
  });

  it('an unknown or revoked key gets 401 unauthenticated', async () => {
    const get = (authorization: string) => c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: { authorization } });
    expectError(await get('Bearer cor_thisKeyDoesNotExist0000000000000000000000'), 401, 'unauthenticated');
    const key = await makeApiKey(c.handle.db, 'admin', co.company.id);
    expect((await get(`Bearer ${key}`)).statusCode).toBe(200);
    await c.handle.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('key_hash', '=', sha256(key)).execute();
    expectError(await get(`Bearer ${key}`), 401, 'unauthenticated');
  });

  it.each(['Basic YWRtaW46cGFzc3dvcmQ=', 'Bearer', 'Bearer ', 'Bearer two words', 'Token abc', ''])(
    'a malformed Authorization header (%j) gets 401, even with a valid cookie',
    async (authorization) => {
      const cookie = await loginCookie(c.app, admin);
      const res = await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: { authorization, cookie } });
      expectError(res, 401, 'unauthenticated');
    },
  );
});

describe('cross-site requests', () => {
  const create = (headers: Record<string, string>) =>
    c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: { title: 'Origin check' } });

  it.each(['https://evil.example', 'http://corridor.test.evil.example', 'null', 'https://corridor.test:8443'])(
    'refuses a cookie-authenticated POST from Origin %s with 403 cross_origin, storing nothing',
    async (origin) => {
      const cookie = await loginCookie(c.app, admin);
      const before = await companyCounts(c.handle.db, co);
      expectError(await create({ cookie, host: 'corridor.test', origin }), 403, 'cross_origin');
      expect(await companyCounts(c.handle.db, co)).toEqual(before);
    },
  );

  it('accepts a same-origin POST and one without an Origin header', async () => {
    const cookie = await loginCookie(c.app, admin);
    expect((await create({ cookie, host: 'corridor.test', origin: 'http://corridor.test' })).statusCode).toBe(201);
    expect((await create({ cookie, host: 'localhost:3000', origin: 'http://localhost:3000' })).statusCode).toBe(201);
    expect((await create({ cookie })).statusCode).toBe(201);
  });

  it('lets a foreign Origin read (GET) and lets a bearer key post from anywhere', async () => {
    const cookie = await loginCookie(c.app, admin);
    const read = await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: { cookie, origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
    const key = await makeApiKey(c.handle.db, 'admin', co.company.id);
    expect((await create({ authorization: `Bearer ${key}`, origin: 'https://evil.example' })).statusCode).toBe(201);
  });

  it('refuses a cross-site logout, so the session survives it', async () => {
    const cookie = await loginCookie(c.app, admin);
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: 'https://evil.example' } });
    expectError(res, 403, 'cross_origin');
    expect((await me({ cookie })).statusCode).toBe(200);
  });
});
