import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, liveSurvey, type Headers, type TestCorridor } from '../../../../test/api/helpers.ts';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { makeCompany, type TestCompany } from '../../../../test/support/factories.ts';
import { loadRollupKeys } from '../rollups/keys.ts';
import { refreshRollups } from '../rollups/refresh.ts';
import { findLiveSurvey, submitResponse } from './service.ts';
import { IdempotencyKeyUsedError, SurveyChangedError } from './writer.ts';

// The group-commit writer, through submitResponse on a real database: batching, what is acknowledged
// is stored, a bad row fails alone, idempotency keys, and rollups that match a recompute exactly.

let c: TestCorridor;
let co: TestCompany;
let key: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  key = await bearer(c, 'admin', co.company.id);
});
afterAll(async () => c?.stop());

const stored = async (surveyId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from responses where survey_id = ${surveyId}`.execute(c.handle.db)).rows[0]?.n;

/** The survey's rollup rows, in a stable order, without the time they were written. */
const rollupRows = async (surveyId: string) =>
  (
    await sql<Record<string, unknown>>`
      select question_id, day::text, segment, n, sum, sum_sq, counts from rollup_daily
      where survey_id = ${surveyId} order by question_id, segment, day`.execute(c.handle.db)
  ).rows;

const segmentRows = async (surveyId: string) =>
  (
    await sql<Record<string, unknown>>`
      select question_id, dimension, value, unit_id, day::text, n, sum, sum_sq, counts from rollup_segments
      where survey_id = ${surveyId} order by question_id, dimension, value, unit_id, day`.execute(c.handle.db)
  ).rows;

const monthRows = async (surveyId: string) =>
  (
    await sql<Record<string, unknown>>`
      select question_id, dimension, value, month::text, n, sum, sum_sq, counts from rollup_segment_months
      where survey_id = ${surveyId} order by question_id, dimension, value, month`.execute(c.handle.db)
  ).rows;

const dashboardN = async (surveyId: string) =>
  (await c.app.inject({ url: `/api/v1/surveys/${surveyId}/dashboard?period=all`, headers: key })).json<{ nps: { n: number } }>().nps.n;

describe('the response writer', () => {
  it('stores concurrent submissions in one transaction, and every acknowledged one is stored and counted', async () => {
    const survey = await liveSurvey(c, key);
    const live = await findLiveSurvey(c.services, survey.slug);
    const before = c.services.writer.stats();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => submitResponse(c.services, live, { answers: { nps: i % 11 } })));
    const after = c.services.writer.stats();
    // All fifty are queued in one turn of the event loop, before the writer sends anything.
    expect(after.batches - before.batches).toBe(1);
    expect(after.items - before.items).toBe(50);
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    expect(await stored(survey.id)).toBe(50);
    // Counted when acknowledged: the increment commits with the responses, no job to wait for.
    expect(await dashboardN(survey.id)).toBe(50);
  });

  it('fails only the row the database refuses; the rest of its batch is stored', async () => {
    const survey = await liveSurvey(c, key);
    const live = await findLiveSurvey(c.services, survey.slug);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        // A contact that does not exist violates the foreign key.
        submitResponse(c.services, live, { answers: { nps: 9 }, contactId: i === 7 ? randomUUID() : null }),
      ),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ i, code: (r.reason as { code?: string }).code }] : []));
    expect(failed).toEqual([{ i: 7, code: '23503' }]);
    expect(await stored(survey.id)).toBe(19);
    expect(await dashboardN(survey.id)).toBe(19);
  });

  it('stores an idempotency key once in a batch; the others reject with the response that holds it', async () => {
    const survey = await liveSurvey(c, key);
    const live = await findLiveSurvey(c.services, survey.slug);
    const submit = (idempotencyKey: string, requestHash: string) => submitResponse(c.services, live, { answers: { nps: 5 }, idempotencyKey, requestHash });
    const results = await Promise.allSettled([submit('k-1', 'a'), submit('k-1', 'a'), submit('k-2', 'b'), submit('k-1', 'other'), submit('k-3', 'c')]);
    const [first, again, second, conflict, third] = results;
    expect(first?.status).toBe('fulfilled');
    expect(second?.status).toBe('fulfilled');
    expect(third?.status).toBe('fulfilled');
    const firstId = first?.status === 'fulfilled' ? first.value.id : '';
    for (const r of [again, conflict]) {
      expect(r?.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as IdempotencyKeyUsedError;
      expect(err).toBeInstanceOf(IdempotencyKeyUsedError);
      expect(err.existing).toMatchObject({ id: firstId, requestHash: 'a', versionNumber: 1 });
    }
    // A later batch finds the key in the table.
    const later = await submit('k-2', 'b').catch((e: unknown) => e);
    expect(later).toBeInstanceOf(IdempotencyKeyUsedError);
    expect(await stored(survey.id)).toBe(3);
    expect(await dashboardN(survey.id)).toBe(3);
  });

  it('keeps the rollup exactly equal to a recompute from the responses after concurrent bursts', async () => {
    const survey = await liveSurvey(c, key, {
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
          { id: 'effort', type: 'ces', text: 'How easy was it?', required: false },
        ],
      },
    });
    const live = await findLiveSurvey(c.services, survey.slug);
    const units = [co.company.id, co.banking.id, co.bankingEmea.id, co.insurance.id];
    const days = ['2026-02-28T23:59:59Z', '2026-03-01T10:00:00Z', '2026-03-01T23:59:59Z', '2026-03-02T00:00:00Z'];
    for (let burst = 0; burst < 4; burst++) {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          submitResponse(c.services, live, {
            answers: i % 3 === 0 ? { nps: (i + burst) % 11 } : { nps: (i * 7 + burst) % 11, effort: (i % 7) + 1 },
            unitId: units[(i + burst) % units.length],
            submittedAt: new Date(days[i % days.length]!),
            attributes: i % 5 === 0 ? {} : { market: ['north', 'south'][i % 2]!, product: `p${i % 3}` },
            language: i % 4 === 0 ? 'de' : 'en',
          }),
        ),
      );
    }
    expect(await stored(survey.id)).toBe(240);
    const incremented = await rollupRows(survey.id);
    const segments = await segmentRows(survey.id);
    const months = await monthRows(survey.id);
    expect(incremented.length).toBeGreaterThan(20);
    expect(new Set(months.map((r) => r['month']))).toEqual(new Set(['2026-02-01', '2026-03-01']));
    expect(new Set(segments.map((r) => r['dimension']))).toEqual(new Set(['language', 'channel', 'version', 'attr:market', 'attr:product']));
    await refreshRollups(c.handle.db, survey.id, await loadRollupKeys(c.handle.db, survey.id), '2026-02-28', '2026-03-02');
    expect(incremented).toEqual(await rollupRows(survey.id));
    expect(segments).toEqual(await segmentRows(survey.id));
    expect(months).toEqual(await monthRows(survey.id));
    const direct = await sql<{ n: number }>`select count(*)::int as n from responses where survey_id = ${survey.id} and answers ? 'nps'`.execute(c.handle.db);
    expect(await dashboardN(survey.id)).toBe(direct.rows[0]?.n);
  });

  it('stays exact when recomputes of the same days run while responses commit', async () => {
    const survey = await liveSurvey(c, key);
    const live = await findLiveSurvey(c.services, survey.slug);
    const keys = await loadRollupKeys(c.handle.db, survey.id);
    const at = new Date('2026-04-10T12:00:00Z');
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 30; i++) {
        const attributes = { region: `r${i % 4}` };
        work.push(submitResponse(c.services, live, { answers: { nps: (i + round) % 11 }, unitId: i % 2 ? co.banking.id : co.company.id, submittedAt: at, attributes }));
      }
      work.push(refreshRollups(c.handle.db, survey.id, keys, '2026-04-10'));
    }
    await Promise.all(work);
    const incremented = await rollupRows(survey.id);
    const segments = await segmentRows(survey.id);
    const months = await monthRows(survey.id);
    await refreshRollups(c.handle.db, survey.id, keys, '2026-04-10');
    expect(incremented).toEqual(await rollupRows(survey.id));
    expect(segments).toEqual(await segmentRows(survey.id));
    expect(months).toEqual(await monthRows(survey.id));
    expect(await dashboardN(survey.id)).toBe(150);
  });

  it('refuses, at commit, a row checked against a survey closed or republished since, and stores the rest of its batch', async () => {
    const open = await findLiveSurvey(c.services, (await liveSurvey(c, key)).slug);
    const closing = await liveSurvey(c, key);
    const republishing = await liveSurvey(c, key);
    const staleClosed = await findLiveSurvey(c.services, closing.slug);
    const staleVersion = await findLiveSurvey(c.services, republishing.slug);
    await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${closing.id}/close`, headers: key });
    await c.app.inject({ method: 'PATCH', url: `/api/v1/surveys/${republishing.id}`, headers: key, payload: { definition: { questions: [{ id: 'nps', type: 'nps', text: 'Again?', required: true }] } } });
    expect((await c.app.inject({ method: 'POST', url: `/api/v1/surveys/${republishing.id}/publish`, headers: key })).statusCode).toBe(200);
    const [a, b, d] = await Promise.allSettled([
      submitResponse(c.services, open, { answers: { nps: 4 } }),
      submitResponse(c.services, staleClosed, { answers: { nps: 4 } }),
      submitResponse(c.services, staleVersion, { answers: { nps: 4 } }),
    ]);
    expect(a?.status).toBe('fulfilled');
    expect((b as PromiseRejectedResult).reason).toMatchObject({ code: 'survey_closed', status: 410 });
    expect((d as PromiseRejectedResult).reason).toBeInstanceOf(SurveyChangedError);
    expect([await stored(open.surveyId), await stored(closing.id), await stored(republishing.id)]).toEqual([1, 0, 0]);
    expect([await dashboardN(open.surveyId), await dashboardN(closing.id), await dashboardN(republishing.id)]).toEqual([1, 0, 0]);
  });
});
