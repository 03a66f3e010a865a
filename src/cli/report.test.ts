import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../test/support/corridor.ts';
import { makeCompany, makeUser, type TestCompany } from '../../test/support/factories.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import { importResponses } from '../server/modules/responses/import.ts';
import { findLiveSurvey } from '../server/modules/responses/service.ts';
import { createSurvey, publishSurvey } from '../server/modules/surveys/service.ts';
import { reportActor } from './report-output.ts';
import { formatReport, runReport } from './report.ts';

let c: Awaited<ReturnType<typeof openTestCorridor>>;
let co: TestCompany;
let admin: Actor;
let slug: string;
let managerEmail: string;

// Banking: 6 promoters, 2 detractors (NPS 50); Insurance: 1 promoter, 3 detractors (NPS −50).
const SCORES: (readonly [unit: 'banking' | 'insurance', nps: number])[] = [
  ...Array.from({ length: 6 }, () => ['banking', 10] as const),
  ['banking', 3],
  ['banking', 5],
  ['insurance', 9],
  ['insurance', 0],
  ['insurance', 2],
  ['insurance', 6],
];

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  const user = await makeUser(c.handle.db, 'admin', co.company.id);
  admin = { type: 'user', id: user.id, label: user.email, role: 'admin', unitId: co.company.id, unitPath: co.company.path };
  managerEmail = (await makeUser(c.handle.db, 'manager', co.banking.id)).email;
  const s = await createSurvey(c.services, admin, { title: 'Reported from the command line' });
  await publishSurvey(c.services, admin, s.id);
  slug = s.slug;
  await importResponses(
    c.services,
    await findLiveSurvey(c.services, slug),
    SCORES.map(([unit, nps], i) => ({ unitId: co[unit].id, submittedAt: new Date(Date.UTC(2026, 4, 1 + i)), answers: { nps }, attributes: { market: unit } })),
  );
});
afterAll(async () => c?.stop());

describe('corridor report', () => {
  it('prints NPS by segment as CSV, the numbers of the explorer', async () => {
    const report = await runReport(c.services, admin, 'nps', { survey: slug, by: 'market', format: 'csv' });
    const rows = parse(formatReport('csv', report), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['attr:market'], Number(r['NPS']), Number(r['n'])])).toEqual([
      ['banking', 50, 8],
      ['insurance', -50, 4],
    ]);
  });

  it('prints the same as a text table and as JSON', async () => {
    const report = await runReport(c.services, admin, 'nps', { survey: slug, format: 'table' });
    const [header, rule, line] = formatReport('table', report).split('\n');
    expect(header?.trim()).toMatch(/^NPS\s+n\s+SE/);
    expect(rule).toMatch(/^─+/);
    // 7 promoters and 5 detractors of 12: NPS 16.67.
    expect(line?.trim().split(/\s+/).slice(0, 2)).toEqual(['16.67', '12']);
    expect(JSON.parse(formatReport('json', report))).toMatchObject({ metric: 'nps', overall: { n: 12 } });
  });

  it('reads --as a user within their units', async () => {
    const manager = await reportActor(c.handle.db, managerEmail);
    expect(manager).toMatchObject({ role: 'manager', unitId: co.banking.id });
    const report = await runReport(c.services, manager, 'nps', { survey: slug, by: 'market', format: 'table' });
    expect(report.table.rows.map((r) => r['group'])).toEqual(['banking']);
    await expect(reportActor(c.handle.db, 'nobody@example.test')).rejects.toMatchObject({ code: 'user_not_found' });
  });

  it('says what is missing', async () => {
    await expect(runReport(c.services, admin, 'nps', { format: 'table' })).rejects.toMatchObject({ code: 'bad_option' });
    await expect(runReport(c.services, admin, 'csat', { survey: slug, format: 'table' })).rejects.toMatchObject({ code: 'question_not_found' });
    await expect(runReport(c.services, admin, 'corridor', { format: 'table' })).rejects.toMatchObject({ code: 'bad_option' });
    await expect(runReport(c.services, admin, 'nps', { survey: 'no-such-survey', format: 'table' })).rejects.toMatchObject({ code: 'survey_not_found' });
  });
});
