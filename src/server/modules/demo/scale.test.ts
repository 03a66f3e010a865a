import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { findLiveSurvey } from '../responses/service.ts';
import { loadRollupKeys } from '../rollups/keys.ts';
import { refreshRollups } from '../rollups/refresh.ts';
import { rebuildRollups } from '../rollups/rebuild.ts';
import { defaultDemoAccounts, loadDemo } from './service.ts';
import { loadResponsesStreamed } from './load-responses.ts';
import { PRODUCT_LINES, REQUEST_CHANNELS } from './responses.ts';

let corridor: Awaited<ReturnType<typeof openTestCorridor>>;
const now = new Date('2026-11-20T12:00:00Z');
beforeAll(async () => {
  corridor = await openTestCorridor({ now: () => now, ownDatabase: true });
  await loadDemo(corridor.services, { responses: 900, accounts: 30, surveys: 5 });
});
afterAll(async () => corridor?.stop());

async function countBySlug(): Promise<Record<string, number>> {
  const rows = await sql<{ slug: string; n: number }>`
    select s.slug, count(r.id)::int as n from surveys s left join responses r on r.survey_id = s.id
    where s.slug like 'hitouch-%' and s.kind <> 'employee' group by s.slug`.execute(corridor.services.db);
  return Object.fromEntries(rows.rows.map((r) => [r.slug, r.n]));
}

async function rollupRows(surveyId: string): Promise<string[]> {
  const rows = await sql<{ k: string }>`
    select question_id || '|' || day || '|' || segment || '|' || n || '|' || sum || '|' || counts::text as k
    from rollup_daily where survey_id = ${surveyId} order by 1`.execute(corridor.services.db);
  return rows.rows.map((r) => r.k);
}

describe('the demo at scale', () => {
  it('adds transactional surveys at further touch points and shares three quarters of the responses among them', async () => {
    expect(await countBySlug()).toEqual({
      'hitouch-relationship': 225,
      'hitouch-service': 169,
      'hitouch-marketing': 169,
      'hitouch-sales': 169,
      'hitouch-website': 168,
    });
    const tied = await sql<{ slug: string; key: string; kind: string; status: string }>`
      select s.slug, tp.key, s.kind, s.status from surveys s join touch_points tp on tp.id = s.touch_point_id
      where s.slug in ('hitouch-marketing', 'hitouch-sales', 'hitouch-website') order by s.slug`.execute(corridor.services.db);
    expect(tied.rows).toEqual([
      { slug: 'hitouch-marketing', key: 'marketing', kind: 'transactional', status: 'live' },
      { slug: 'hitouch-sales', key: 'sales', kind: 'transactional', status: 'live' },
      { slug: 'hitouch-website', key: 'website', kind: 'transactional', status: 'live' },
    ]);
  });

  it('gives every response a product line, and transactional ones a request channel, so segments differ', async () => {
    const rows = await sql<{ kind: string; product: string | null; channel: string | null; nps: number }>`
      select s.kind, r.attributes->>'product' as product, r.attributes->>'request_channel' as channel, (r.answers->>'nps')::int as nps
      from responses r join surveys s on s.id = r.survey_id where s.slug like 'hitouch-%' and s.kind <> 'employee'`.execute(corridor.services.db);
    const products: readonly string[] = PRODUCT_LINES.map((p) => p.name);
    const channels: readonly string[] = REQUEST_CHANNELS.map((c) => c.name);
    expect(rows.rows.every((r) => r.product !== null && products.includes(r.product))).toBe(true);
    expect(rows.rows.every((r) => (r.kind === 'relationship' ? r.channel === null : r.channel !== null && channels.includes(r.channel)))).toBe(true);
    // Payments leans to promoters, risk reporting to detractors: their mean scores differ.
    const mean = (p: string) => {
      const xs = rows.rows.filter((r) => r.product === p).map((r) => r.nps);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('Payments')).toBeGreaterThan(mean('Risk reporting'));
  });

  it('rebuilds every survey’s rollups: the response counts add up, and a month at a time equals one recompute', async () => {
    const counts = await countBySlug();
    for (const [slug, n] of Object.entries(counts)) {
      const { surveyId } = await findLiveSurvey(corridor.services, slug);
      const total = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from rollup_daily where survey_id = ${surveyId} and question_id = '*' and segment = ''`.execute(corridor.services.db);
      expect(total.rows[0]?.n, slug).toBe(n);
    }
    const { surveyId } = await findLiveSurvey(corridor.services, 'hitouch-service');
    const windowed = await rollupRows(surveyId);
    await refreshRollups(corridor.services.db, surveyId, await loadRollupKeys(corridor.services.db, surveyId), '2024-01-01', '2026-12-31');
    expect(await rollupRows(surveyId)).toEqual(windowed);
  });

  it('streams rows in chunks of their own, leaving the rollups to one rebuild at the end', async () => {
    const survey = await findLiveSurvey(corridor.services, 'hitouch-website');
    const before = (await countBySlug())['hitouch-website'] ?? 0;
    const rows = function* () {
      for (let i = 0; i < 250; i++) yield { answers: { nps: i % 11 }, submittedAt: new Date(Date.UTC(2026, 10, 1 + (i % 15), 9)) };
    };
    const chunks: number[] = [];
    expect(await loadResponsesStreamed(corridor.services, survey, rows(), (n) => chunks.push(n), 100)).toBe(250);
    expect(chunks).toEqual([100, 100, 50]);
    const total = async () => (await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from rollup_daily where survey_id = ${survey.surveyId} and question_id = '*' and segment = ''`.execute(corridor.services.db)).rows[0]?.n;
    expect(await total()).toBe(before);
    expect(await rebuildRollups(corridor.services.db, survey.surveyId)).toBeGreaterThan(600);
    expect(await total()).toBe(before + 250);
  });

  it('stops at a bad generated row, keeping the chunks stored before it', async () => {
    const survey = await findLiveSurvey(corridor.services, 'hitouch-sales');
    const before = (await countBySlug())['hitouch-sales'] ?? 0;
    const rows = function* () {
      for (let i = 0; i < 30; i++) yield { answers: { nps: i === 25 ? 11 : 7 }, submittedAt: now };
    };
    await expect(loadResponsesStreamed(corridor.services, survey, rows(), () => {}, 10)).rejects.toMatchObject({ code: 'invalid_rows', status: 422 });
    expect((await countBySlug())['hitouch-sales']).toBe(before + 20);
  });

  it('grows the accounts with the responses, never below the 200 of the default demo', () => {
    expect(defaultDemoAccounts(6_400)).toBe(200);
    expect(defaultDemoAccounts(1_000_000)).toBe(500);
    expect(defaultDemoAccounts(10_000_000)).toBe(5_000);
  });
});
