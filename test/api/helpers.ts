import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Role } from '../../src/contract/common.ts';
import type { SurveyDetail } from '../../src/contract/surveys.ts';
import type { Db } from '../../src/server/db/connect.ts';
import type { openTestCorridor } from '../support/corridor.ts';
import { loginCookie, makeApiKey, makeUser, type TestCompany, type TestUser } from '../support/factories.ts';

/** Shared helpers of the API tests: logging in, the error shape, counting what a company stored. */

export type TestCorridor = Awaited<ReturnType<typeof openTestCorridor>>;
type InjectResponse = Awaited<ReturnType<TestCorridor['app']['inject']>>;
export type Headers = Record<string, string>;

/** A user of a role in a unit, logged in: the headers to send as them. */
export async function signIn(c: TestCorridor, role: Role, unitId: string): Promise<{ user: TestUser; headers: Headers }> {
  const user = await makeUser(c.handle.db, role, unitId);
  return { user, headers: { cookie: await loginCookie(c.app, user) } };
}

/** An API key of a role in a unit: the headers to send with it. */
export async function bearer(c: TestCorridor, role: Role, unitId: string): Promise<Headers> {
  return { authorization: `Bearer ${await makeApiKey(c.handle.db, role, unitId)}` };
}

/** Asserts the one error shape `{ error: { code, message, details? } }` with this status and code. */
export function expectError(res: InjectResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(key);
  return body.error;
}

/** Asserts a 400 validation_failed whose details name each of these fields (dotted paths). */
export function expectValidation(res: InjectResponse, ...fields: string[]): void {
  const error = expectError(res, 400, 'validation_failed');
  const paths = (error.details as { path: string; message: string }[]).map((d) => d.path);
  for (const f of fields) expect(paths, JSON.stringify(error)).toContain(f);
}

export async function createSurvey(c: TestCorridor, headers: Headers, body: Record<string, unknown> = {}): Promise<SurveyDetail> {
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: { title: 'Client survey', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function publish(c: TestCorridor, headers: Headers, surveyId: string): Promise<SurveyDetail> {
  const res = await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A published survey, created by `headers` (an admin or analyst). */
export async function liveSurvey(c: TestCorridor, headers: Headers, body: Record<string, unknown> = {}): Promise<SurveyDetail> {
  const s = await createSurvey(c, headers, body);
  return publish(c, headers, s.id);
}

/** The form-encoded body of a respondent's post. */
export function form(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
}

export function postForm(c: TestCorridor, slug: string, fields: Record<string, string | number>, headers: Headers = {}, remoteAddress = '127.0.0.1') {
  return c.app.inject({
    method: 'POST',
    remoteAddress,
    url: `/s/${slug}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(fields),
  });
}

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** What a company has stored: its surveys, versions, responses and audit entries (by unit). */
export async function companyCounts(db: Db, co: TestCompany): Promise<{ surveys: number; versions: number; responses: number; audit: number }> {
  const prefix = `${co.company.path}%`;
  const { rows } = await sql<{ surveys: number; versions: number; responses: number; audit: number }>`
    select
      (select count(*)::int from surveys s join units u on u.id = s.unit_id where u.path like ${prefix}) as surveys,
      (select count(*)::int from survey_versions v join surveys s on s.id = v.survey_id join units u on u.id = s.unit_id where u.path like ${prefix}) as versions,
      (select count(*)::int from responses r join units u on u.id = r.unit_id where u.path like ${prefix}) as responses,
      (select count(*)::int from audit_log a join units u on u.id = a.unit_id where u.path like ${prefix}) as audit
  `.execute(db);
  const row = rows[0];
  if (!row) throw new Error('no counts');
  return row;
}

export async function responseCount(db: Db, surveyId: string): Promise<number> {
  const row = await db.selectFrom('responses').select(sql<number>`count(*)::int`.as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow();
  return row.n;
}

/** The audit actions recorded about one entity, oldest first. */
export async function auditActions(db: Db, entityId: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

/** Undoes the page's HTML escaping of an attribute value. */
export function decodeAttribute(value: string): string {
  return value.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * Answers the first page of a survey as a browser without JavaScript does: opens the link (a
 * personal link's `/s/<slug>?t=<token>`), keeps the form's hidden fields, and posts them with the answers.
 */
export async function answerLink(c: TestCorridor, path: string, answers: Record<string, string | number>): Promise<InjectResponse> {
  const page = await c.app.inject({ method: 'GET', url: path });
  const hidden = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? '', decodeAttribute(m[2] ?? '')]));
  const fields = Object.fromEntries(Object.entries(answers).map(([k, v]) => [`q_${k}`, v]));
  return c.app.inject({ method: 'POST', url: path.split('?')[0] ?? path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...hidden, ...fields, nav: 'next' }) });
}
