import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contract/common.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import type { Corridor, TouchPoint, TouchPointBulkResult } from '../../src/contract/touch-points.ts';
import { listTouchPoints, resolveTouchPoint } from '../../src/server/modules/touch-points/service.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { auditActions, bearer, createSurvey, expectError, expectValidation, publish, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
const as: Partial<Record<Role, Headers>> = {};

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  for (const role of ['analyst', 'manager', 'agent', 'viewer'] as const) as[role] = (await signIn(c, role, co.banking.id)).headers;
});
afterAll(async () => c?.stop());

const headersOf = (role: Role): Headers => {
  const h = role === 'admin' ? admin : as[role];
  if (!h) throw new Error(`no ${role}`);
  return h;
};

/** A key unique to this test run. */
const uniqueKey = (base: string) => `${base}-${randomUUID().slice(0, 6)}`;

const touchPoint = (overrides: Record<string, unknown> = {}) => ({
  key: uniqueKey('service-call'),
  name: 'Service call',
  stage: 'service',
  channel: 'phone',
  direct: true,
  owningFunction: 'service_operations',
  description: 'A call to the support desk',
  ...overrides,
});

const post = (payload: unknown, headers: Headers = admin) => c.app.inject({ method: 'POST', url: '/api/v1/touch-points', headers, payload: payload as Record<string, unknown> });
const patch = (id: string, payload: Record<string, unknown>, headers: Headers = admin) => c.app.inject({ method: 'PATCH', url: `/api/v1/touch-points/${id}`, headers, payload });
const del = (id: string, headers: Headers = admin) => c.app.inject({ method: 'DELETE', url: `/api/v1/touch-points/${id}`, headers });
const list = async (headers: Headers = admin) => {
  const res = await c.app.inject({ url: '/api/v1/touch-points', headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { touchPoints: TouchPoint[] }).touchPoints;
};
const putCorridor = (role: string, payload: Record<string, unknown>, headers: Headers = admin) => c.app.inject({ method: 'PUT', url: `/api/v1/corridors/${role}`, headers, payload });
const corridors = async (headers: Headers = admin) => {
  const res = await c.app.inject({ url: '/api/v1/corridors', headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { corridors: Corridor[] }).corridors;
};

async function created(overrides: Record<string, unknown> = {}): Promise<TouchPoint> {
  const res = await post(touchPoint(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('the catalogue', () => {
  it('creates a touch point, lists it, audits it, and other modules resolve it by key', async () => {
    const body = touchPoint({ key: uniqueKey('installation'), name: 'Installation', stage: 'onboarding', channel: 'partner', direct: false, owningFunction: 'logistics' });
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(201);
    const tp = res.json() as TouchPoint;
    expect(tp).toEqual({ ...body, id: expect.any(String), createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await list()).find((t) => t.id === tp.id)).toEqual(tp);
    expect(await auditActions(c.handle.db, tp.id)).toEqual(['touch_point.create']);
    expect(await resolveTouchPoint(c.handle.db, co.company.id, body.key)).toEqual({ id: tp.id, key: body.key, name: 'Installation' });
    expect(await resolveTouchPoint(c.handle.db, co.company.id, 'no-such-key')).toBeNull();
    expect((await listTouchPoints(c.handle.db, co.company.id)).map((t) => t.key)).toContain(body.key);
  });

  it('defaults to direct contact and no description', async () => {
    const { direct: _direct, description: _description, ...rest } = touchPoint();
    const res = await post(rest);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ direct: true, description: null });
  });

  it('refuses bad fields with a message that says what to fix', async () => {
    const res = await post({ key: 'Service Call', name: ' ', stage: '', channel: 'fax', owningFunction: 'hr' });
    expectValidation(res, 'key', 'name', 'stage', 'channel', 'owningFunction');
    const { message } = expectError(res, 400, 'validation_failed');
    expect(message).toContain('lower-case letters, digits and dashes');
    expect(message).toContain('Choose a channel: in_person, phone');
    expect(message).toContain('Choose the owning function: marketing');
    expectValidation(await post(touchPoint({ key: '9-lives' })), 'key');
    expectValidation(await post(touchPoint({ key: 'trailing-' })), 'key');
    expectValidation(await post(touchPoint({ key: 'k'.repeat(61) })), 'key');
    expect((await post(touchPoint({ key: uniqueKey('k').padEnd(60, 'x') }))).statusCode).toBe(201);
  });

  it('answers 409 key_taken for a key the company has already', async () => {
    const tp = await created();
    const error = expectError(await post(touchPoint({ key: tp.key })), 409, 'key_taken');
    expect(error.message).toContain(tp.key);
  });

  it('updates fields, and the key while nothing uses it', async () => {
    const tp = await created();
    const newKey = uniqueKey('support-desk');
    const res = await patch(tp.id, { name: 'Support desk call', channel: 'chat', direct: false, description: null, key: newKey });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: tp.id, key: newKey, name: 'Support desk call', channel: 'chat', direct: false, description: null, stage: 'service' });
    expect(await auditActions(c.handle.db, tp.id)).toEqual(['touch_point.create', 'touch_point.update']);
    expectValidation(await patch(tp.id, {}), '');
    expectValidation(await patch(tp.id, { channel: 'pigeon' }), 'channel');
    const other = await created();
    expectError(await patch(other.id, { key: newKey }), 409, 'key_taken');
    expectError(await patch(randomUUID(), { name: 'x' }), 404, 'not_found');
  });

  it('deletes an unused touch point (204) and says 404 after', async () => {
    const tp = await created();
    const res = await del(tp.id);
    expect(res.statusCode, res.body).toBe(204);
    expect((await list()).some((t) => t.id === tp.id)).toBe(false);
    expect(await auditActions(c.handle.db, tp.id)).toEqual(['touch_point.create', 'touch_point.delete']);
    expectError(await del(tp.id), 404, 'not_found');
  });

  it('refuses to delete or rekey a touch point in use, naming everything that uses it', async () => {
    const tp = await created({ name: 'Busy desk' });
    // A corridor, a survey's own touch point, a question of a live survey, a programme and an event.
    expect((await putCorridor('operations', { name: 'Operations people', touchPoints: [tp.key] })).statusCode).toBe(200);
    const survey = await createSurvey(c, admin, {
      title: 'After the call',
      definition: { questions: [{ id: 'nps', type: 'nps', text: 'How likely…?', touchPoints: [tp.key] }] },
    });
    const linked = await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${survey.id}`, headers: admin, payload: { touchPointKey: tp.key } });
    expect(linked.statusCode, linked.body).toBe(200);
    await publish(c, admin, survey.id);
    const programme = await c.handle.db
      .insertInto('programmes')
      .values({ company_id: co.company.id, unit_id: co.company.id, name: 'Every closed call', kind: 'persistent', survey_id: survey.id, touch_point_id: tp.id, config: JSON.stringify({}) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await c.handle.db
      .insertInto('events')
      .values({ company_id: co.company.id, external_id: `ev-${randomUUID()}`, type: 'service.closed', occurred_at: new Date('2026-03-01T10:00:00Z'), touch_point_id: tp.id, attributes: JSON.stringify({}) })
      .execute();

    const error = expectError(await del(tp.id), 409, 'in_use');
    expect(error.message).toContain('the corridor Operations people');
    expect(error.message).toContain('the survey After the call');
    expect(error.message).toContain('the programme Every closed call');
    expect(error.message).toContain('1 event');
    expect(error.message).toContain('question nps of the live survey After the call');
    expect(error.details).toEqual({
      corridors: [{ audienceRole: 'operations', name: 'Operations people' }],
      surveys: [{ id: survey.id, title: 'After the call' }],
      programmes: [{ id: programme.id, name: 'Every closed call' }],
      events: 1,
      questions: [{ surveyId: survey.id, title: 'After the call', questionIds: ['nps'] }],
    });
    expectError(await patch(tp.id, { key: uniqueKey('renamed') }), 409, 'key_locked');
    // Other fields still change; the same key is no change at all.
    expect((await patch(tp.id, { name: 'Busy support desk', key: tp.key })).statusCode).toBe(200);
    expect((await list()).some((t) => t.id === tp.id)).toBe(true);
  });

  it('counts a matrix row of a live survey as a use, but not a draft that names the key', async () => {
    const tp = await created();
    const draft = await createSurvey(c, admin, { title: 'Only a draft', definition: { questions: [{ id: 'nps', type: 'nps', text: 'N', touchPoints: [tp.key] }] } });
    expect(draft.status).toBe('draft');
    const live = await createSurvey(c, admin, {
      title: 'Rows',
      definition: { questions: [{ id: 'parts', type: 'matrix', text: 'Rate', scale: { min: 1, max: 5 }, rows: [{ id: 'a', text: 'A', touchPoints: [tp.key] }, { id: 'b', text: 'B' }] }] },
    });
    await publish(c, admin, live.id);
    const error = expectError(await del(tp.id), 409, 'in_use');
    expect(error.details).toMatchObject({ questions: [{ surveyId: live.id, questionIds: ['parts'] }] });
    expect(error.message).not.toContain('Only a draft');
  });

  it('upserts many by key in bulk, all or nothing', async () => {
    const existing = await created({ name: 'Old name' });
    const fresh = uniqueKey('website');
    const res = await c.app.inject({
      method: 'POST',
      url: '/api/v1/touch-points/bulk',
      headers: admin,
      payload: { touchPoints: [touchPoint({ key: existing.key, name: 'New name', channel: 'email' }), touchPoint({ key: fresh, name: 'Website', channel: 'web', direct: false })] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as TouchPointBulkResult;
    expect(result).toMatchObject({ created: 1, updated: 1 });
    expect(result.touchPoints.map((t) => [t.key, t.name])).toEqual([[existing.key, 'New name'], [fresh, 'Website']]);
    expect(result.touchPoints[0]?.id).toBe(existing.id);
    expect(await auditActions(c.handle.db, existing.id)).toEqual(['touch_point.create', 'touch_point.update']);

    const before = (await list()).length;
    expectValidation(
      await c.app.inject({ method: 'POST', url: '/api/v1/touch-points/bulk', headers: admin, payload: { touchPoints: [touchPoint({ key: 'dup-key' }), touchPoint({ key: 'dup-key' })] } }),
      'touchPoints.1.key',
    );
    expectValidation(
      await c.app.inject({ method: 'POST', url: '/api/v1/touch-points/bulk', headers: admin, payload: { touchPoints: [touchPoint(), touchPoint({ channel: 'fax' })] } }),
      'touchPoints.1.channel',
    );
    expect((await list()).length).toBe(before);
  });
});

describe('corridors', () => {
  it('keeps the order given, replaces it on the next PUT, and deletes', async () => {
    const [a, b, cc] = [await created(), await created(), await created()];
    if (!a || !b || !cc) throw new Error('no touch points');
    const first = await putCorridor('purchasing_agent', { name: 'Purchasing agents', touchPoints: [cc.key, a.key, b.key] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ audienceRole: 'purchasing_agent', name: 'Purchasing agents', touchPoints: [cc.key, a.key, b.key] });
    expect((await corridors()).find((x) => x.audienceRole === 'purchasing_agent')).toEqual({ audienceRole: 'purchasing_agent', name: 'Purchasing agents', touchPoints: [cc.key, a.key, b.key] });

    expect((await putCorridor('purchasing_agent', { name: 'Buyers', touchPoints: [b.key, cc.key] })).statusCode).toBe(200);
    expect((await corridors()).find((x) => x.audienceRole === 'purchasing_agent')).toEqual({ audienceRole: 'purchasing_agent', name: 'Buyers', touchPoints: [b.key, cc.key] });
    // Out of the corridor, a touch point is free again.
    expect((await del(a.id)).statusCode).toBe(204);

    const gone = await c.app.inject({ method: 'DELETE', url: '/api/v1/corridors/purchasing_agent', headers: admin });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await corridors()).some((x) => x.audienceRole === 'purchasing_agent')).toBe(false);
    expectError(await c.app.inject({ method: 'DELETE', url: '/api/v1/corridors/purchasing_agent', headers: admin }), 404, 'not_found');
    const audits = await c.handle.db.selectFrom('audit_log').select('action').where('unit_id', '=', co.company.id).where('entity_type', '=', 'corridor').execute();
    expect(audits.map((x) => x.action)).toEqual(expect.arrayContaining(['corridor.put', 'corridor.delete']));
  });

  it('refuses unknown keys, listing all of them, and duplicates', async () => {
    const a = await created();
    const res = await putCorridor('it', { name: 'IT', touchPoints: [a.key, 'no-such-one', 'nor-this'] });
    const error = expectError(res, 400, 'validation_failed');
    expect(error.message).toContain('no-such-one, nor-this');
    expectValidation(res, 'touchPoints.1', 'touchPoints.2');
    const dup = await putCorridor('it', { name: 'IT', touchPoints: [a.key, a.key] });
    expectValidation(dup, 'touchPoints.1');
    expect(expectError(dup, 400, 'validation_failed').message).toContain('appears once');
    expectValidation(await putCorridor('Not A Role', { name: 'X', touchPoints: [] }), 'audienceRole');
    expect((await corridors()).some((x) => x.audienceRole === 'it')).toBe(false);
  });
});

describe('a survey’s own touch point', () => {
  it('is set by key, shown in the survey, refused when unknown, and cleared with null', async () => {
    const tp = await created();
    const survey = await createSurvey(c, admin, { title: 'Linked' });
    expect(survey.touchPointKey).toBeNull();
    const url = `/api/v1/surveys/${survey.id}`;
    const set = await c.app.inject({ method: 'PATCH', url, headers: admin, payload: { touchPointKey: tp.key } });
    expect(set.statusCode, set.body).toBe(200);
    expect((set.json() as SurveyDetail).touchPointKey).toBe(tp.key);
    const listed = (await c.app.inject({ url: '/api/v1/surveys', headers: admin })).json() as { surveys: { id: string; touchPointKey: string | null }[] };
    expect(listed.surveys.find((s) => s.id === survey.id)?.touchPointKey).toBe(tp.key);
    expectValidation(await c.app.inject({ method: 'PATCH', url, headers: admin, payload: { touchPointKey: 'not-in-catalogue' } }), 'touchPointKey');
    const cleared = await c.app.inject({ method: 'PATCH', url, headers: admin, payload: { touchPointKey: null } });
    expect((cleared.json() as SurveyDetail).touchPointKey).toBeNull();
    expect((await del(tp.id)).statusCode).toBe(204);
  });
});

describe('roles and companies', () => {
  it.each(['manager', 'agent', 'viewer'] as const)('a %s reads the catalogue and corridors but changes nothing (403)', async (role) => {
    const tp = await created();
    const h = headersOf(role);
    expect((await list(h)).some((t) => t.id === tp.id)).toBe(true);
    await corridors(h);
    expectError(await post(touchPoint(), h), 403, 'forbidden');
    expectError(await patch(tp.id, { name: 'x' }, h), 403, 'forbidden');
    expectError(await del(tp.id, h), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/touch-points/bulk', headers: h, payload: { touchPoints: [touchPoint()] } }), 403, 'forbidden');
    expectError(await putCorridor('it', { name: 'IT', touchPoints: [] }, h), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'DELETE', url: '/api/v1/corridors/it', headers: h }), 403, 'forbidden');
  });

  it('lets an analyst of a market edit the company-wide catalogue, and an API key too', async () => {
    const res = await post(touchPoint(), headersOf('analyst'));
    expect(res.statusCode, res.body).toBe(201);
    const key = await bearer(c, 'analyst', co.company.id);
    expect((await post(touchPoint(), key)).statusCode).toBe(201);
    expectError(await c.app.inject({ url: '/api/v1/touch-points' }), 401, 'unauthenticated');
  });

  it('keeps each company’s catalogue and corridors to itself', async () => {
    const mine = await created();
    expect((await putCorridor('executive', { name: 'Executives', touchPoints: [mine.key] })).statusCode).toBe(200);
    const other = await makeCompany(c.handle.db);
    const theirs = (await signIn(c, 'admin', other.company.id)).headers;
    expect(await list(theirs)).toEqual([]);
    expect(await corridors(theirs)).toEqual([]);
    expectError(await patch(mine.id, { name: 'Taken over' }, theirs), 404, 'not_found');
    expectError(await del(mine.id, theirs), 404, 'not_found');
    // The same key is free in another company, and a corridor there cannot use this company's key.
    expect((await post(touchPoint({ key: mine.key }), theirs)).statusCode).toBe(201);
    const otherOnly = await created();
    const res = await putCorridor('executive', { name: 'Executives', touchPoints: [otherOnly.key] }, theirs);
    expectValidation(res, 'touchPoints.0');
    expect(await resolveTouchPoint(c.handle.db, other.company.id, otherOnly.key)).toBeNull();
  });
});
