import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contract/common.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { loginCookie, makeCompany, type TestCompany } from '../support/factories.ts';
import { auditActions, bearer, companyCounts, createSurvey, expectError, expectValidation, liveSurvey, sha256, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
const as: Partial<Record<Role, Headers>> = {};
let draft: SurveyDetail;
let live: SurveyDetail;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  for (const role of ['admin', 'analyst', 'manager', 'agent', 'viewer'] as const) as[role] = (await signIn(c, role, co.company.id)).headers;
  draft = await createSurvey(c, admin, { title: 'Draft for roles' });
  live = await liveSurvey(c, admin, { title: 'Live for roles' });
});
afterAll(async () => c?.stop());

const headersOf = (role: Role): Headers => {
  const h = as[role];
  if (!h) throw new Error(`no ${role}`);
  return h;
};
const newUser = (overrides: Record<string, unknown> = {}) => ({
  email: `new-${randomUUID().slice(0, 8)}@example.test`,
  name: 'New Person',
  password: 'a long enough password',
  role: 'viewer',
  unitId: co.banking.id,
  ...overrides,
});

describe.each(['viewer', 'manager', 'agent'] as const)('a %s', (role) => {
  it('may read surveys but not create, patch, publish, close or reopen them (403 forbidden)', async () => {
    const h = headersOf(role);
    expect((await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: h })).statusCode).toBe(200);
    expect((await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${live.id}`, headers: h })).statusCode).toBe(200);
    const before = await companyCounts(c.handle.db, co);
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: h, payload: { title: 'Not allowed' } }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${draft.id}`, headers: h, payload: { title: 'Hijacked' } }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${draft.id}/publish`, headers: h }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${live.id}/close`, headers: h }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${live.id}/reopen`, headers: h }), 403, 'forbidden');
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
    const after = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${draft.id}`, headers: admin });
    expect(after.json()).toMatchObject({ title: 'Draft for roles', status: 'draft', version: null });
  });
});

describe('users and API keys', () => {
  it.each(['analyst', 'manager', 'agent', 'viewer'] as const)('a %s may not list or create users or API keys', async (role) => {
    const h = headersOf(role);
    const before = await companyCounts(c.handle.db, co);
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/users', headers: h }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload: newUser() }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: h }), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: h, payload: { name: 'nope' } }), 403, 'forbidden');
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
  });

  it('an admin creates a user who can then log in, and lists them', async () => {
    const body = newUser({ role: 'manager' });
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: body });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toEqual({ id: expect.any(String), email: body.email, name: 'New Person', role: 'manager', unitId: co.banking.id, unitName: 'Banking' });
    expect(JSON.stringify(user)).not.toContain('password');
    expect(await loginCookie(c.app, body)).toMatch(/^corridor_session=/);
    const list = await c.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().users.filter((u: { id: string }) => u.id === user.id)).toEqual([user]);
    // Only this company's people, though other companies share the database.
    const ours = [co.company.id, co.banking.id, co.insurance.id, co.bankingEmea.id];
    for (const u of list.json().users) expect(ours).toContain(u.unitId);
    expect(await auditActions(c.handle.db, user.id)).toEqual(['user.create', 'user.login']);
  });

  it('POST /users rejects a short password (400) and a taken email in any case (409 email_taken)', async () => {
    const before = await companyCounts(c.handle.db, co);
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ password: 'short' }) }), 'password');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ email: 'nope' }) }), 'email');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ role: 'owner' }) }), 'role');
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ name: '' }) }), 'name');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ unitId: randomUUID() }) }), 404, 'not_found');
    expect(await companyCounts(c.handle.db, co)).toEqual(before);

    const first = newUser();
    expect((await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: first })).statusCode).toBe(201);
    const dup = await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ email: first.email.toUpperCase() }) });
    expectError(dup, 409, 'email_taken');
    const rows = await c.handle.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', first.email)).execute();
    expect(rows).toHaveLength(1);
  });

  it('a market admin creates users only within their market, and lists only theirs', async () => {
    const bankingAdmin = (await signIn(c, 'admin', co.banking.id)).headers;
    const insuranceUser = (await signIn(c, 'viewer', co.insurance.id)).user;
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: bankingAdmin, payload: newUser({ unitId: co.insurance.id }) }), 404, 'not_found');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: bankingAdmin, payload: newUser({ unitId: co.company.id }) }), 404, 'not_found');
    expect((await c.app.inject({ method: 'POST', url: '/api/v1/users', headers: bankingAdmin, payload: newUser({ unitId: co.bankingEmea.id }) })).statusCode).toBe(201);
    const listed = (await c.app.inject({ method: 'GET', url: '/api/v1/users', headers: bankingAdmin })).json().users as { id: string; unitId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((u) => u.id)).not.toContain(insuranceUser.id);
    for (const u of listed) expect([co.banking.id, co.bankingEmea.id]).toContain(u.unitId);
  });

  it('an admin creates an API key, shown once and stored hashed, that then works', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'CRM sync', role: 'analyst', unitId: co.banking.id } });
    expect(res.statusCode).toBe(201);
    const { apiKey, key } = res.json();
    expect(key).toMatch(/^cor_[\w-]{40,}$/);
    expect(apiKey).toMatchObject({ name: 'CRM sync', role: 'analyst', unitId: co.banking.id, lastUsedAt: null });
    const row = await c.handle.db.selectFrom('api_keys').select('key_hash').where('id', '=', apiKey.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256(key));
    const list = await c.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin });
    expect(list.statusCode).toBe(200);
    const listed = list.json().apiKeys.filter((k: { id: string }) => k.id === apiKey.id);
    expect(listed).toEqual([apiKey]);
    const ours = [co.company.id, co.banking.id, co.insurance.id, co.bankingEmea.id];
    for (const k of list.json().apiKeys) expect(ours).toContain(k.unitId);
    expect(list.body).not.toContain(key);
    const units = await c.app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${key}` } });
    expect(units.json().units.map((u: { id: string }) => u.id)).toEqual([co.banking.id, co.bankingEmea.id]);
  });

  it('an API key defaults to the admin role in the creator’s unit', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'Default key' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().apiKey).toMatchObject({ role: 'admin', unitId: co.company.id });
    expectValidation(await c.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: ' ' } }), 'name');
  });
});

describe('API keys act with their role', () => {
  it('an admin API key creates a survey, audited as the key', async () => {
    const h = await bearer(c, 'admin', co.company.id);
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: h, payload: { title: 'By key' } });
    expect(res.statusCode).toBe(201);
    const s = res.json();
    expect(s.unitId).toBe(co.company.id);
    const row = await c.handle.db.selectFrom('surveys').select('created_by').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(row.created_by).toBeNull();
    const audit = await c.handle.db.selectFrom('audit_log').select(['actor_type', 'action']).where('entity_id', '=', s.id).execute();
    expect(audit).toEqual([{ actor_type: 'api_key', action: 'survey.create' }]);
  });

  it('a viewer API key may read but not create', async () => {
    const h = await bearer(c, 'viewer', co.company.id);
    expect((await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${live.id}`, headers: h })).statusCode).toBe(200);
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: h, payload: { title: 'No' } }), 403, 'forbidden');
  });

  it('an analyst may create and publish', async () => {
    const h = headersOf('analyst');
    const s = await createSurvey(c, h, { title: 'By analyst' });
    expect((await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: h })).json()).toMatchObject({ status: 'live', version: 1 });
  });
});
