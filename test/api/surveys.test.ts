import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { auditActions, createSurvey, expectError, postForm, publish, responseCount, signIn, type Headers, type TestCorridor } from './helpers.ts';

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let adminId: string;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  const signed = await signIn(c, 'admin', co.company.id);
  admin = signed.headers;
  adminId = signed.user.id;
});
afterAll(async () => c?.stop());

const get = (id: string) => c.app.inject({ method: 'GET', url: `/api/v1/surveys/${id}`, headers: admin });
const patch = (id: string, payload: Record<string, unknown>) => c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${id}`, headers: admin, payload });
const action = (id: string, what: 'publish' | 'close' | 'reopen') => c.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/${what}`, headers: admin });

const twoQuestions = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why', type: 'text', text: 'Why?', maxLength: 500 },
  ],
};

describe('creating a survey', () => {
  it('answers 201 with a draft that starts from the NPS question and an optional comment', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload: { title: 'Client Relationship Survey 2026' } });
    expect(res.statusCode).toBe(201);
    const s = res.json() as SurveyDetail;
    expect(s).toMatchObject({
      title: 'Client Relationship Survey 2026',
      kind: 'relationship',
      status: 'draft',
      unitId: co.company.id,
      unitName: co.company.name,
      version: null,
      publicUrl: null,
      hasUnpublishedChanges: true,
      responseCount: 0,
      versions: [],
    });
    expect(s.slug).toMatch(/^client-relationship-survey-2026-[0-9a-f]{8}$/);
    expect(s.definition.questions).toHaveLength(2);
    expect(s.definition.questions[0]).toMatchObject({ id: 'nps', type: 'nps', required: true });
    expect(s.definition.questions[0]?.text).toContain(co.company.name);
    expect(s.definition.questions[1]).toMatchObject({ id: 'comment', type: 'text', required: false });
    const row = await c.handle.db.selectFrom('surveys').select(['created_by', 'status', 'live_version_id']).where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ created_by: adminId, status: 'draft', live_version_id: null });
    expect(await auditActions(c.handle.db, s.id)).toEqual(['survey.create']);
  });

  it('takes a slug, kind, unit and definition of the caller’s choosing', async () => {
    const slug = `branch-visit-${co.company.id.slice(0, 8)}`;
    const s = await createSurvey(c, admin, { title: 'Branch visit', slug, kind: 'transactional', unitId: co.bankingEmea.id, definition: twoQuestions });
    expect(s).toMatchObject({ slug, kind: 'transactional', unitId: co.bankingEmea.id, unitName: 'EMEA' });
    expect(s.definition.questions.map((q) => q.id)).toEqual(['nps', 'why']);
    expect(s.definition.questions[1]).toMatchObject({ type: 'text', maxLength: 500, required: false, multiline: true });
  });

  it('gives two surveys of the same title different slugs', async () => {
    const a = await createSurvey(c, admin, { title: 'Same title' });
    const b = await createSurvey(c, admin, { title: 'Same title' });
    expect(a.slug).not.toBe(b.slug);
  });
});

describe('reading surveys', () => {
  it('GET answers what POST created', async () => {
    const created = await createSurvey(c, admin, { title: 'Readable' });
    const res = await get(created.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
  });

  it('the list holds the summary of each survey, without its definition', async () => {
    const created = await createSurvey(c, admin, { title: 'Listed' });
    const res = await c.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: admin });
    expect(res.statusCode).toBe(200);
    const found = (res.json().surveys as Record<string, unknown>[]).filter((s) => s['id'] === created.id);
    expect(found).toHaveLength(1);
    const { definition: _d, versions: _v, ...summary } = created;
    expect(found[0]).toEqual(summary);
  });
});

describe('editing and publishing', () => {
  it('PATCH changes the title and the draft definition', async () => {
    const s = await createSurvey(c, admin, { title: 'Before' });
    const res = await patch(s.id, { title: 'After', definition: twoQuestions });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: s.id, title: 'After', slug: s.slug, status: 'draft' });
    expect(res.json().definition.questions.map((q: { id: string }) => q.id)).toEqual(['nps', 'why']);
    expect((await get(s.id)).json().title).toBe('After');
    expect(await auditActions(c.handle.db, s.id)).toEqual(['survey.create', 'survey.update']);
  });

  it('PATCH may change a draft’s slug', async () => {
    const s = await createSurvey(c, admin, { title: 'Renamed' });
    const slug = `renamed-${s.id.slice(0, 8)}`;
    const res = await patch(s.id, { slug });
    expect(res.statusCode).toBe(200);
    expect(res.json().slug).toBe(slug);
  });

  it('publish makes version 1 live at its public URL; again without changes is 409 nothing_to_publish', async () => {
    const s = await createSurvey(c, admin, { title: 'Publish me' });
    const res = await action(s.id, 'publish');
    expect(res.statusCode).toBe(200);
    const live = res.json() as SurveyDetail;
    expect(live).toMatchObject({ status: 'live', version: 1, hasUnpublishedChanges: false, publicUrl: `http://corridor.test/s/${s.slug}` });
    expect(live.versions).toHaveLength(1);
    expect(live.versions[0]).toMatchObject({ number: 1, responseCount: 0 });
    const again = await action(s.id, 'publish');
    expectError(again, 409, 'nothing_to_publish');
    expect((await get(s.id)).json().versions).toHaveLength(1);
    expect(await auditActions(c.handle.db, s.id)).toEqual(['survey.create', 'survey.publish']);
  });

  it('an edit after publishing shows as unpublished changes and publishes as version 2', async () => {
    const s = await publish(c, admin, (await createSurvey(c, admin, { title: 'Versioned' })).id);
    const edited = (await patch(s.id, { definition: twoQuestions })).json() as SurveyDetail;
    expect(edited).toMatchObject({ version: 1, hasUnpublishedChanges: true, status: 'live' });
    const v2 = await publish(c, admin, s.id);
    expect(v2).toMatchObject({ version: 2, hasUnpublishedChanges: false });
    expect(v2.versions.map((v) => v.number)).toEqual([2, 1]);
    const rows = await c.handle.db.selectFrom('survey_versions').select(['number', 'definition']).where('survey_id', '=', s.id).orderBy('number').execute();
    expect(rows.map((r) => r.number)).toEqual([1, 2]);
    expect((rows[0]?.definition as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual(['nps', 'comment']);
    expect((rows[1]?.definition as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual(['nps', 'why']);
    // The respondent page serves the new version.
    const page = await c.app.inject(`/s/${s.slug}`);
    expect(page.body).toContain('name="q_why"');
    expect(page.body).toContain('name="v" value="2"');
    expect(await auditActions(c.handle.db, s.id)).toEqual(['survey.create', 'survey.publish', 'survey.update', 'survey.publish']);
    const details = await c.handle.db.selectFrom('audit_log').select('details').where('entity_id', '=', s.id).where('action', '=', 'survey.publish').orderBy('id').execute();
    expect(details.map((d) => d.details)).toEqual([{ version: 1 }, { version: 2 }]);
  });
});

describe('closing and reopening', () => {
  it('a closed survey answers 410 to respondents and stores nothing; reopened it takes answers again', async () => {
    const s = await publish(c, admin, (await createSurvey(c, admin, { title: 'Closable' })).id);
    const closed = await action(s.id, 'close');
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', version: 1, publicUrl: `http://corridor.test/s/${s.slug}` });
    expectError(await action(s.id, 'close'), 409, 'already_closed');

    const post = await postForm(c, s.slug, { v: 1, q_nps: 9 });
    expect(post.statusCode).toBe(410);
    expect(post.headers['content-type']).toMatch(/^text\/html/);
    expect((await c.app.inject(`/s/${s.slug}`)).statusCode).toBe(410);
    expect(await responseCount(c.handle.db, s.id)).toBe(0);

    const reopened = await action(s.id, 'reopen');
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'live', version: 1 });
    expectError(await action(s.id, 'reopen'), 409, 'already_live');
    expect((await postForm(c, s.slug, { v: 1, q_nps: 9 })).statusCode).toBe(303);
    expect(await responseCount(c.handle.db, s.id)).toBe(1);
    expect(await auditActions(c.handle.db, s.id)).toEqual(['survey.create', 'survey.publish', 'survey.close', 'survey.reopen']);
  });

  it('a draft cannot be closed or reopened: 409 not_published', async () => {
    const s = await createSurvey(c, admin, { title: 'Never published' });
    expectError(await action(s.id, 'close'), 409, 'not_published');
    expectError(await action(s.id, 'reopen'), 409, 'not_published');
    expect((await get(s.id)).json().status).toBe('draft');
  });
});
