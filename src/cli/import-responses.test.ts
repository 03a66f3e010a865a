import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../test/support/corridor.ts';
import { makeCompany, makeUser, type TestCompany } from '../../test/support/factories.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import { createSurvey, publishSurvey } from '../server/modules/surveys/service.ts';
import { EVERY_TYPE, EVERY_TYPE_ANSWERS } from '../../test/support/every-type.ts';
import { importResponsesCsv } from './import-responses.ts';

let c: Awaited<ReturnType<typeof openTestCorridor>>;
let co: TestCompany;
let actor: Actor;
const dir = mkdtempSync(path.join(tmpdir(), 'corridor-import-'));

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  const admin = await makeUser(c.handle.db, 'admin', co.company.id);
  actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: co.company.id, unitPath: co.company.path };
});
afterAll(async () => c?.stop());

async function survey(): Promise<{ id: string; slug: string }> {
  const s = await createSurvey(c.services, actor, { title: 'Import target' });
  await publishSurvey(c.services, actor, s.id);
  return s;
}

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const stored = async (surveyId: string) =>
  (
    await sql<{ answers: Record<string, unknown>; attributes: Record<string, string>; submitted_at: Date; language: string }>`
      select answers, attributes, submitted_at, language from responses where survey_id = ${surveyId} order by submitted_at`.execute(c.handle.db)
  ).rows;

describe('corridor import responses', () => {
  it('imports answers, times, languages and attributes, and fills the rollup', async () => {
    const s = await survey();
    const file = csv('good.csv', '\ufeffnps,comment,submitted_at,language,product\n9,Great,2026-01-05 10:30,en,Custody\n3,"Slow, and late",2026-01-06,fr,Payments\n10,,2026-01-06T08:00:00Z,,\n');
    const result = await importResponsesCsv(c.services, file, { survey: s.slug, map: [], skipBadRows: false });
    expect(result).toMatchObject({ imported: 3, badCount: 0, rolledBack: false, days: 2 });
    const rows = await stored(s.id);
    expect(rows.map((r) => [r.answers, r.attributes, r.submitted_at.toISOString(), r.language])).toEqual([
      [{ nps: 9, comment: 'Great' }, { product: 'Custody' }, '2026-01-05T10:30:00.000Z', 'en'],
      [{ nps: 3, comment: 'Slow, and late' }, { product: 'Payments' }, '2026-01-06T00:00:00.000Z', 'fr'],
      [{ nps: 10 }, {}, '2026-01-06T08:00:00.000Z', 'en'],
    ]);
    const rollup = await sql<{ n: number }>`select sum(n)::int as n from rollup_daily where survey_id = ${s.id} and question_id = 'nps' and segment = ''`.execute(c.handle.db);
    expect(rollup.rows[0]?.n).toBe(3);
  });

  it("checks each row along the survey's logic, with the respondent's audience from its column", async () => {
    const s = await createSurvey(c.services, actor, {
      title: 'Import with logic',
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: 'Score?', required: true },
          { id: 'why_low', type: 'text', text: 'Why?', showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
          { id: 'stock', type: 'rating', text: 'Stock?', audiences: ['distributor'] },
        ],
      },
    });
    await publishSurvey(c.services, actor, s.id);
    const bad = csv('logic-bad.csv', 'nps,why_low,stock,audience\n9,Fine,,\n4,Slow,3,\n');
    const rejected = await importResponsesCsv(c.services, bad, { survey: s.slug, map: [], skipBadRows: false });
    expect(rejected.rolledBack).toBe(true);
    expect(rejected.bad.map((b) => [b.line, b.errors.map((e) => e.path)])).toEqual([
      [2, ['why_low']],
      [3, ['stock']],
    ]);
    const good = csv('logic-good.csv', 'nps,why_low,stock,audience\n9,,,\n4,Slow,3,distributor\n');
    expect(await importResponsesCsv(c.services, good, { survey: s.slug, map: [], skipBadRows: false })).toMatchObject({ imported: 2, badCount: 0 });
    const rows = await c.handle.db.selectFrom('responses').select(['answers', 'audience']).where('survey_id', '=', s.id).execute();
    expect(rows.sort((a, b) => Number(a.answers['nps']) - Number(b.answers['nps']))).toEqual([
      { answers: { nps: 4, why_low: 'Slow', stock: 3 }, audience: 'distributor' },
      { answers: { nps: 9 }, audience: null },
    ]);
  });

  it('imports nothing when any row is bad, and reports every bad row with its line', async () => {
    const s = await survey();
    const file = csv('bad.csv', 'nps,comment\n9,ok\n11,too high\n5,fine\n,missing score\nabc,not a number\n');
    const result = await importResponsesCsv(c.services, file, { survey: s.slug, map: [], skipBadRows: false });
    expect(result.rolledBack).toBe(true);
    expect(result.imported).toBe(0);
    expect(result.badCount).toBe(3);
    expect(result.bad.map((b) => b.line)).toEqual([3, 5, 6]);
    expect(result.bad[0]?.errors[0]).toMatchObject({ path: 'nps' });
    expect(await stored(s.id)).toHaveLength(0);
  });

  it('keeps the good rows with --skip-bad-rows, and maps columns with --map', async () => {
    const s = await survey();
    const file = csv('mapped.csv', 'Likelihood to recommend,Why\n8,Good\n12,Bad\n0,Awful\n');
    const result = await importResponsesCsv(c.services, file, { survey: s.slug, map: ['Likelihood to recommend=nps', 'Why=comment'], skipBadRows: true });
    expect(result).toMatchObject({ imported: 2, badCount: 1, rolledBack: false });
    expect((await stored(s.id)).map((r) => r.answers).sort((a, b) => Number(a['nps']) - Number(b['nps']))).toEqual([
      { nps: 0, comment: 'Awful' },
      { nps: 8, comment: 'Good' },
    ]);
  });

  it('refuses a mapping to an unknown question, a missing file and an unknown survey before reading', async () => {
    const s = await survey();
    const file = csv('x.csv', 'nps\n5\n');
    await expect(importResponsesCsv(c.services, file, { survey: s.slug, map: ['a=nope'], skipBadRows: false })).rejects.toThrow(/no question "nope"/);
    await expect(importResponsesCsv(c.services, path.join(dir, 'missing.csv'), { survey: s.slug, map: [], skipBadRows: false })).rejects.toThrow(/No file/);
    await expect(importResponsesCsv(c.services, file, { survey: 'no-such-survey', map: [], skipBadRows: false })).rejects.toThrow(/not found/);
    expect(await stored(s.id)).toHaveLength(0);
  });

  it('rolls back everything when the file itself is malformed part-way', async () => {
    const s = await survey();
    const rows = Array.from({ length: 1_200 }, (_, i) => `${i % 11},fine`).join('\n');
    const file = csv('broken.csv', `nps,comment\n${rows}\n5,"unterminated\n`);
    await expect(importResponsesCsv(c.services, file, { survey: s.slug, map: [], skipBadRows: false })).rejects.toThrow();
    expect(await stored(s.id)).toHaveLength(0);
  });

  it('imports every question type from its stored keys, lists separated by ";", and rolls up only the scales', async () => {
    const s = await createSurvey(c.services, actor, { title: 'Every type import', definition: EVERY_TYPE });
    await publishSurvey(c.services, actor, s.id);
    const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : String(v));
    const columns = Object.keys(EVERY_TYPE_ANSWERS);
    const answers = EVERY_TYPE_ANSWERS as Record<string, unknown>;
    const file = csv('every.csv', `${columns.join(',')},submitted_at\n${columns.map((k) => cell(answers[k])).join(',')},2026-02-01\n`);
    const result = await importResponsesCsv(c.services, file, { survey: s.slug, map: [], skipBadRows: false });
    expect(result).toMatchObject({ imported: 1, badCount: 0 });
    expect((await stored(s.id)).map((r) => [r.answers, r.attributes])).toEqual([[EVERY_TYPE_ANSWERS, {}]]);
    const keys = await sql<{ question_id: string }>`select distinct question_id from rollup_daily where survey_id = ${s.id} order by 1`.execute(c.handle.db);
    expect(keys.rows.map((r) => r.question_id).sort()).toEqual(['*', 'ces', 'csat', 'nps', 'resolution.expectation', 'resolution.experience', 'service.care', 'service.speed', 'stars']);
  });
});
