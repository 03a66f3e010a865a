import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { createSurvey, expectError, signIn, type Headers, type TestCorridor } from './helpers.ts';

// Double clicks and two editors at once: the second request must get the same answer it would get
// a second later (a 409), never a 500, and nothing may be stored twice.

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

function byStatus(results: { statusCode: number }[]): number[] {
  return results.map((r) => r.statusCode).sort();
}

describe('simultaneous requests', () => {
  it('four users created at once with the same email: one 201, the others 409 email_taken', async () => {
    const email = `twice-${randomUUID().slice(0, 8)}@example.test`;
    const body = { email, name: 'Twice', password: 'a long enough password', role: 'viewer', unitId: co.banking.id };
    const results = await Promise.all([1, 2, 3, 4].map(() => c.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: body })));
    expect(byStatus(results), results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expectError(r, 409, 'email_taken');
    expect(await c.handle.db.selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(1);
  });

  it('four surveys created at once with the same slug: one 201, the others 409 slug_taken', async () => {
    const slug = `race-${randomUUID().slice(0, 8)}`;
    const results = await Promise.all([1, 2, 3, 4].map((i) => c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: { title: `Race ${i}`, slug } })));
    expect(byStatus(results), results.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expectError(r, 409, 'slug_taken');
    expect(await c.handle.db.selectFrom('surveys').select('id').where('slug', '=', slug).execute()).toHaveLength(1);
  });

  it('a publish clicked three times at once makes one version: one 200, then 409 nothing_to_publish', async () => {
    const s = await createSurvey(c, admin, { title: 'Double click' });
    const results = await Promise.all([1, 2, 3].map(() => c.app.inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: admin })));
    const versions = await c.handle.db.selectFrom('survey_versions').select('number').where('survey_id', '=', s.id).execute();
    expect(versions.map((v) => v.number)).toEqual([1]);
    expect(byStatus(results)).toEqual([200, 409, 409]);
  });
});
