import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { companyCounts, createSurvey, expectError, expectValidation, liveSurvey, signIn, type Headers, type TestCorridor } from './helpers.ts';

// Every bad request answers with its error and stores nothing: no survey, no version, no audit entry.

let c: TestCorridor;
let co: TestCompany;
let other: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  other = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

const question = (id: string, type = 'nps') => ({ id, type, text: `Question ${id}` });
const post = (payload: unknown) => c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: payload as Record<string, unknown> });
const patch = (id: string, payload: unknown) =>
  c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${id}`, headers: admin, payload: payload as Record<string, unknown> });

/** Runs a request and asserts that the company's stored data did not change. */
async function storesNothing<T>(request: () => Promise<T>): Promise<T> {
  const before = await companyCounts(c.handle.db, co);
  const res = await request();
  expect(await companyCounts(c.handle.db, co)).toEqual(before);
  return res;
}

describe('POST /api/v1/surveys with bad input', () => {
  it.each([
    ['a missing title', {}, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title too long', { title: 'x'.repeat(201) }, 'title'],
    ['a title of the wrong type', { title: 42 }, 'title'],
    ['an unknown kind', { title: 'T', kind: 'census' }, 'kind'],
    ['a definition of the wrong type', { title: 'T', definition: 'nps please' }, 'definition'],
    ['a definition with zero questions', { title: 'T', definition: { questions: [] } }, 'definition.questions'],
    ['duplicate question ids', { title: 'T', definition: { questions: [question('nps'), question('nps', 'text')] } }, 'definition.questions.1.id'],
    ['an invalid question id', { title: 'T', definition: { questions: [question('NPS-1')] } }, 'definition.questions.0.id'],
    ['an unknown question type', { title: 'T', definition: { questions: [question('q1', 'slider')] } }, 'definition.questions.0.type'],
    ['a text question with maxLength 0', { title: 'T', definition: { questions: [{ ...question('q1', 'text'), maxLength: 0 }] } }, 'definition.questions.0.maxLength'],
    ['an invalid slug', { title: 'T', slug: 'Bad Slug!' }, 'slug'],
    ['a slug starting with a dash', { title: 'T', slug: '-x' }, 'slug'],
    ['a slug too long', { title: 'T', slug: 'a'.repeat(81) }, 'slug'],
    ['the slug of the preview pages', { title: 'T', slug: 'preview' }, 'slug'],
    ['a unitId that is not a UUID', { title: 'T', unitId: 'banking' }, 'unitId'],
  ])('rejects %s with 400 validation_failed naming the field', async (_name, payload, field) => {
    const res = await storesNothing(() => post(payload));
    expectValidation(res, field);
  });

  it('rejects a body that is not an object', async () => {
    const res = await storesNothing(() => c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { ...admin, 'content-type': 'application/json' }, payload: '["title"]' }));
    expectError(res, 400, 'validation_failed');
  });

  it('rejects a taken slug with 409 slug_taken', async () => {
    const slug = `taken-${randomUUID().slice(0, 8)}`;
    await createSurvey(c, admin, { title: 'First', slug });
    const res = await storesNothing(() => post({ title: 'Second', slug }));
    const error = expectError(res, 409, 'slug_taken');
    expect(error.message).toContain(slug);
  });

  it('rejects a slug taken by another company’s survey too (links are global)', async () => {
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const slug = `global-${randomUUID().slice(0, 8)}`;
    await createSurvey(c, otherAdmin, { title: 'Theirs', slug });
    expectError(await storesNothing(() => post({ title: 'Ours', slug })), 409, 'slug_taken');
  });

  it('answers 404 not_found for an unknown unit and for another company’s unit', async () => {
    expectError(await storesNothing(() => post({ title: 'T', unitId: randomUUID() })), 404, 'not_found');
    expectError(await storesNothing(() => post({ title: 'T', unitId: other.banking.id })), 404, 'not_found');
  });
});

describe('PATCH /api/v1/surveys/:id with bad input', () => {
  it('rejects an empty change with 400', async () => {
    const s = await createSurvey(c, admin, { title: 'Unchanged' });
    expectError(await storesNothing(() => patch(s.id, {})), 400, 'validation_failed');
  });

  it.each([
    ['a blank title', { title: ' ' }, 'title'],
    ['a definition with zero questions', { definition: { questions: [] } }, 'definition.questions'],
    ['duplicate question ids', { definition: { questions: [question('a'), question('a')] } }, 'definition.questions.1.id'],
    ['an invalid question id', { definition: { questions: [question('9lives')] } }, 'definition.questions.0.id'],
    ['an invalid slug', { slug: 'UPPER' }, 'slug'],
    ['a title of the wrong type', { title: ['a'] }, 'title'],
  ])('rejects %s with 400 and leaves the draft as it was', async (_name, payload, field) => {
    const s = await createSurvey(c, admin, { title: 'Keep me' });
    expectValidation(await storesNothing(() => patch(s.id, payload)), field);
    const after = await c.app.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}`, headers: admin });
    expect(after.json()).toEqual(s);
  });

  it('rejects a slug another survey has with 409 slug_taken', async () => {
    const a = await createSurvey(c, admin, { title: 'A' });
    const b = await createSurvey(c, admin, { title: 'B' });
    expectError(await storesNothing(() => patch(b.id, { slug: a.slug })), 409, 'slug_taken');
  });

  it('rejects a new slug for a published survey with 409 slug_locked', async () => {
    const s = await liveSurvey(c, admin, { title: 'Locked link' });
    expectError(await storesNothing(() => patch(s.id, { slug: `new-${s.slug}` })), 409, 'slug_locked');
    // Sending the slug it already has is not a change.
    expect((await patch(s.id, { slug: s.slug, title: 'Locked link, renamed' })).statusCode).toBe(200);
  });
});

describe('unknown and malformed ids', () => {
  const routes = (id: string) => [
    { method: 'GET' as const, url: `/api/v1/surveys/${id}` },
    { method: 'PATCH' as const, url: `/api/v1/surveys/${id}`, payload: { title: 'x' } },
    { method: 'POST' as const, url: `/api/v1/surveys/${id}/publish` },
    { method: 'POST' as const, url: `/api/v1/surveys/${id}/close` },
    { method: 'POST' as const, url: `/api/v1/surveys/${id}/reopen` },
    { method: 'GET' as const, url: `/api/v1/surveys/${id}/dashboard` },
    { method: 'GET' as const, url: `/api/v1/surveys/${id}/responses` },
  ];

  it('answers 404 not_found for an unknown survey id on every route', async () => {
    for (const r of routes(randomUUID())) {
      expectError(await storesNothing(() => c.app.inject({ ...r, headers: admin })), 404, 'not_found');
    }
  });

  it('answers 400 validation_failed naming id for a non-UUID id on every route', async () => {
    for (const r of routes('not-a-uuid')) {
      expectValidation(await storesNothing(() => c.app.inject({ ...r, headers: admin })), 'id');
    }
  });

  it('answers 404 for a survey of another company', async () => {
    const otherAdmin = (await signIn(c, 'admin', other.company.id)).headers;
    const theirs = await liveSurvey(c, otherAdmin, { title: 'Theirs' });
    for (const r of routes(theirs.id)) {
      expectError(await c.app.inject({ ...r, headers: admin }), 404, 'not_found');
    }
  });
});
