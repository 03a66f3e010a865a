import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackDetail, FeedbackList } from '../../src/contract/feedback.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { makeCompany, makeContact, type TestCompany } from '../support/factories.ts';
import { auditActions, bearer, expectError, expectValidation, liveSurvey, postForm, signIn, type Headers, type TestCorridor } from './helpers.ts';

/**
 * Feedback items through the API: create, list with filters and keyset pages, get, change, delete;
 * unit scope for managers; references checked against the company; every change audited; PII
 * masking at ingest for comments, case notes and feedback items.
 */

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;
let bankingManager: Headers;
let touchPointId: string;

beforeAll(async () => {
  c = await openTestCorridor({ now: () => new Date('2026-11-20T10:00:00Z') });
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
  bankingManager = (await signIn(c, 'manager', co.banking.id)).headers;
  touchPointId = (
    await c.handle.db
      .insertInto('touch_points')
      .values({ company_id: co.company.id, key: 'invoice', name: 'Invoice', stage: 'billing', channel: 'email', owning_function: 'finance' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => c?.stop());

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
  c.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

const item = (over: Record<string, unknown> = {}) => ({
  kind: 'interview',
  title: 'Quarterly review',
  body: 'The advisor was great but the invoice was wrong again.',
  author: 'Lena Weber',
  occurredOn: '2026-11-02',
  unitId: co.bankingEmea.id,
  ...over,
});

async function create(headers: Headers, over: Record<string, unknown> = {}): Promise<FeedbackDetail> {
  const res = await inject('POST', '/api/v1/feedback', headers, item(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('feedback items', () => {
  it('creates an item with its references, reads it back, changes and deletes it, auditing each change', async () => {
    const contact = await makeContact(c.handle.db, co.bankingEmea.id, { name: 'Mia Keller' }, { name: 'Nordwerk Bank' });
    const created = await create(admin, { contactId: contact.id, touchPointId });
    expect(created).toMatchObject({
      kind: 'interview',
      title: 'Quarterly review',
      author: 'Lena Weber',
      occurredOn: '2026-11-02',
      unit: { id: co.bankingEmea.id, name: 'EMEA' },
      // The account follows from the contact.
      account: { id: contact.accountId, name: 'Nordwerk Bank' },
      contact: { id: contact.id, name: 'Mia Keller' },
      touchPoint: { id: touchPointId, name: 'Invoice' },
      createdBy: 'admin user',
    });
    // Analysed in the same transaction: the verbatim holds the title and the body, split into sentences.
    const verbatim = await c.handle.db.selectFrom('verbatims').select(['text', 'kind', 'account_id', 'touch_point_id', 'unit_path']).where('feedback_item_id', '=', created.id).executeTakeFirstOrThrow();
    expect(verbatim).toEqual({ text: `Quarterly review\n\n${created.body}`, kind: 'interview', account_id: contact.accountId, touch_point_id: touchPointId, unit_path: co.bankingEmea.path });
    expect(created.analysis).not.toBeNull();
    expect(created.analysis?.sentences.length).toBeGreaterThanOrEqual(1);
    for (const s of created.analysis?.sentences ?? []) expect(verbatim.text).toContain(s.text);
    expect(created.sentiment).toBe(created.analysis?.label);
    const got = await inject('GET', `/api/v1/feedback/${created.id}`, admin);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(created);

    const changed = await inject('PATCH', `/api/v1/feedback/${created.id}`, admin, { kind: 'observation', title: '', occurredOn: '2026-11-03' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ kind: 'observation', title: null, occurredOn: '2026-11-03', body: created.body });
    // Nothing to change: no audit entry.
    expect((await inject('PATCH', `/api/v1/feedback/${created.id}`, admin, { kind: 'observation' })).statusCode).toBe(200);

    expect((await inject('DELETE', `/api/v1/feedback/${created.id}`, admin)).statusCode).toBe(204);
    expect(await c.handle.db.selectFrom('verbatims').select('id').where('feedback_item_id', '=', created.id).execute()).toEqual([]);
    expectError(await inject('GET', `/api/v1/feedback/${created.id}`, admin), 404, 'not_found');
    expect(await auditActions(c.handle.db, created.id)).toEqual(['feedback.create', 'feedback.update', 'feedback.delete']);
  });

  it('refuses bad input with a code and the fields to fix, and stores nothing', async () => {
    const before = await c.handle.db.selectFrom('feedback_items').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    expectValidation(await inject('POST', '/api/v1/feedback', admin, item({ kind: 'rumour', body: '  ', occurredOn: '2. Nov' })), 'kind', 'body', 'occurredOn');
    expectValidation(await inject('POST', '/api/v1/feedback', admin, item({ occurredOn: '2026-12-24' })), 'occurredOn');
    const other = await makeCompany(c.handle.db);
    const foreign = await makeContact(c.handle.db, other.banking.id);
    expectValidation(await inject('POST', '/api/v1/feedback', admin, item({ unitId: other.banking.id, contactId: foreign.id, accountId: foreign.accountId })), 'unitId', 'contactId', 'accountId');
    const mine = await makeContact(c.handle.db, co.banking.id);
    const otherAccount = await makeContact(c.handle.db, co.banking.id);
    expectValidation(await inject('POST', '/api/v1/feedback', admin, item({ contactId: mine.id, accountId: otherAccount.accountId })), 'contactId');
    expectError(await inject('POST', '/api/v1/feedback', admin, { ...item(), extra: 1 }), 400, 'validation_failed');
    const after = await c.handle.db.selectFrom('feedback_items').select((eb) => eb.fn.countAll<number>().as('n')).where('company_id', '=', co.company.id).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps an external id unique within the company', async () => {
    const first = await create(admin, { externalId: 'CRM-NOTE-1' });
    const again = expectError(await inject('POST', '/api/v1/feedback', admin, item({ externalId: 'CRM-NOTE-1' })), 409, 'external_id_taken');
    expect(again.details).toEqual({ id: first.id });
  });

  it('lets a manager record and read feedback of their units only; viewers and agents may not write', async () => {
    const own = await create(bankingManager, { unitId: co.banking.id });
    const theirs = await create(admin, { unitId: co.insurance.id });
    expectValidation(await inject('POST', '/api/v1/feedback', bankingManager, item({ unitId: co.insurance.id })), 'unitId');
    expectError(await inject('GET', `/api/v1/feedback/${theirs.id}`, bankingManager), 404, 'not_found');
    expectError(await inject('PATCH', `/api/v1/feedback/${theirs.id}`, bankingManager, { body: 'x' }), 404, 'not_found');
    expectError(await inject('DELETE', `/api/v1/feedback/${theirs.id}`, bankingManager), 404, 'not_found');
    // Moving their own item to another market is refused.
    expectValidation(await inject('PATCH', `/api/v1/feedback/${own.id}`, bankingManager, { unitId: co.insurance.id }), 'unitId');
    const listed = (await inject('GET', '/api/v1/feedback?limit=200', bankingManager)).json() as FeedbackList;
    expect(listed.items.some((i) => i.id === own.id)).toBe(true);
    expect(listed.items.some((i) => i.id === theirs.id)).toBe(false);
    for (const role of ['viewer', 'agent'] as const) {
      const h = (await signIn(c, role, co.company.id)).headers;
      expectError(await inject('POST', '/api/v1/feedback', h, item()), 403, 'forbidden');
    }
    expectError(await inject('GET', '/api/v1/feedback', (await signIn(c, 'viewer', co.company.id)).headers), 403, 'forbidden');
    expectError(await c.app.inject({ method: 'GET', url: '/api/v1/feedback' }), 401, 'unauthenticated');
  });

  it('lists newest first with filters, a page at a time, without skipping or repeating items of the same day', async () => {
    const fresh = await makeCompany(c.handle.db);
    const h = (await signIn(c, 'analyst', fresh.company.id)).headers;
    const days = ['2026-10-01', '2026-10-05', '2026-10-05', '2026-10-05', '2026-10-09', '2026-10-12', '2026-10-12'];
    const ids: string[] = [];
    for (const [i, day] of days.entries()) {
      const res = await inject('POST', '/api/v1/feedback', h, item({ unitId: i % 2 ? fresh.banking.id : fresh.insurance.id, occurredOn: day, kind: i % 3 === 0 ? 'forum_post' : 'interview', body: i === 4 ? 'Claims take far too long' : `Note ${i}` }));
      expect(res.statusCode, res.body).toBe(201);
      ids.push((res.json() as FeedbackDetail).id);
    }
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await inject('GET', `/api/v1/feedback?limit=3${next ? `&after=${encodeURIComponent(next)}` : ''}`, h);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as FeedbackList;
      seen.push(...page.items.map((i) => i.id));
      next = page.next;
      pages++;
    } while (next && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen.map((id) => days[ids.indexOf(id)])).toEqual([...days].sort().reverse());

    const ofKind = (await inject('GET', '/api/v1/feedback?kind=forum_post', h)).json() as FeedbackList;
    expect(ofKind.items.map((i) => i.id).sort()).toEqual([ids[0], ids[3], ids[6]].sort());
    const banking = (await inject('GET', `/api/v1/feedback?unitId=${fresh.banking.id}`, h)).json() as FeedbackList;
    expect(banking.items).toHaveLength(3);
    const words = (await inject('GET', '/api/v1/feedback?q=CLAIMS', h)).json() as FeedbackList;
    expect(words.items.map((i) => i.id)).toEqual([ids[4]]);
    const window = (await inject('GET', '/api/v1/feedback?from=2026-10-05&to=2026-10-09', h)).json() as FeedbackList;
    expect(window.items).toHaveLength(4);
    expectValidation(await inject('GET', '/api/v1/feedback?after=nonsense', h), 'after');
    expectValidation(await inject('GET', '/api/v1/feedback?kind=gossip', h), 'kind.0');
  });

  it('imports a CSV upload all or nothing, and the same file again changes nothing', async () => {
    const fresh = await makeCompany(c.handle.db);
    const h = (await signIn(c, 'admin', fresh.company.id)).headers;
    const file = 'kind,title,body,author,date,unit,external_id\ninterview,Kick-off,"Onboarding took six weeks, far too long",Ana Costa,2026-09-01,Banking / EMEA,X-1\nforum_post,,Love the new portal,Forum,2026-09-02,Insurance,X-2\n';
    const post = (csv: string) => c.app.inject({ method: 'POST', url: '/api/v1/feedback/import', headers: { ...h, 'content-type': 'text/csv' }, payload: csv });
    const first = await post(file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 2, updated: 0, unchanged: 0, errors: [] });
    expect((await post(file)).json()).toEqual({ created: 0, updated: 0, unchanged: 2, errors: [] });
    const bad = expectError(await post(`${file}complaint_letter,,Dear Sir,Post room,2026-09-03,Atlantis,X-3\n`), 400, 'invalid_rows');
    expect(bad.details).toEqual([{ row: 4, field: 'unit', code: 'unknown_unit', message: expect.any(String) }]);
    expectError(await c.app.inject({ method: 'POST', url: '/api/v1/feedback/import', headers: h, payload: { rows: [] } }), 415, 'csv_expected');
    const all = (await inject('GET', '/api/v1/feedback', h)).json() as FeedbackList;
    expect(all.items.map((i) => i.externalId).sort()).toEqual(['X-1', 'X-2']);
  });
});

describe('PII masking at ingest', () => {
  const PII = 'Call me on +41 44 668 18 00 or write to ana.silva@example.com; card 4111 1111 1111 1111 was charged twice.';

  it('stores comments, case notes and feedback masked when on, and unchanged when off', async () => {
    const own = await makeCompany(c.handle.db);
    const h = (await signIn(c, 'admin', own.company.id)).headers;
    expect((await inject('GET', '/api/v1/text-settings', h)).json()).toEqual({ maskPii: false });
    const survey = await liveSurvey(c, h, { title: 'Masking' });
    const comments = async () =>
      // By score: the clock stands still, so the score tells the submissions apart.
      (await c.handle.db.selectFrom('responses').select('answers').where('survey_id', '=', survey.id).execute())
        .map((r) => r.answers as { nps: number; comment?: string })
        .sort((a, b) => a.nps - b.nps)
        .map((a) => a.comment);

    expect((await postForm(c, survey.slug, { v: 1, q_nps: 3, q_comment: PII })).statusCode).toBe(303);
    const off = await create(h, { unitId: own.banking.id, body: PII });
    expect(off.body).toBe(PII);

    expectError(await inject('PUT', '/api/v1/text-settings', (await signIn(c, 'analyst', own.company.id)).headers, { maskPii: true }), 403, 'forbidden');
    const put = await inject('PUT', '/api/v1/text-settings', h, { maskPii: true });
    expect(put.statusCode, put.body).toBe(200);
    expect((await inject('GET', '/api/v1/text-settings', h)).json()).toEqual({ maskPii: true });

    expect((await postForm(c, survey.slug, { v: 1, q_nps: 4, q_comment: PII })).statusCode).toBe(303);
    const key = await bearer(c, 'admin', own.company.id);
    const api = await inject('POST', `/api/v1/surveys/${survey.slug}/responses`, key, { answers: { nps: 5, comment: `Mail bo@corp.example` } });
    expect(api.statusCode, api.body).toBe(201);
    const stored = await comments();
    expect(stored[0]).toBe(PII);
    for (const masked of stored.slice(1)) {
      expect(masked).not.toMatch(/@|4111|668 18/);
    }
    expect(stored[1]).toContain('was charged twice');

    const on = await create(h, { unitId: own.banking.id, body: PII, title: 'From ana.silva@example.com' });
    expect(on.body).not.toMatch(/@|4111|668 18/);
    expect(on.body).toContain('was charged twice');
    expect(on.title).not.toContain('@');
    const analysed = await c.handle.db.selectFrom('verbatims').select('text').where('feedback_item_id', '=', on.id).executeTakeFirstOrThrow();
    expect(analysed.text).not.toMatch(/@|4111|668 18/);
    const changed = (await inject('PATCH', `/api/v1/feedback/${off.id}`, h, { body: `${PII} Again.` })).json() as FeedbackDetail;
    expect(changed.body).not.toContain('@');

    // A case note, through the case's own endpoint.
    const caseRow = await c.handle.db
      .insertInto('cases')
      .values({ company_id: own.company.id, unit_id: own.banking.id, unit_path: own.banking.path, title: 'Charged twice', status: 'new', stage: 'new', opened_at: new Date('2026-11-20T09:00:00Z') } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const note = await inject('POST', `/api/v1/cases/${caseRow.id}/notes`, h, { text: PII });
    expect(note.statusCode, note.body).toBe(200);
    const events = await c.handle.db.selectFrom('case_events').select('details').where('case_id', '=', caseRow.id).where('kind', '=', 'note').execute();
    expect(JSON.stringify(events[0]?.details)).not.toMatch(/@|4111|668 18/);
    expect(await auditActions(c.handle.db, own.company.id)).toContain('text_settings.update');
  });
});
