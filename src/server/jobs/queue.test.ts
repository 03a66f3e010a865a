import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, testDatabaseUrl } from '../../../test/support/corridor.ts';
import { makeCompany, makeUser } from '../../../test/support/factories.ts';
import { silentLogger } from '../logger.ts';
import { findLiveSurvey, submitResponse } from '../modules/responses/service.ts';
import { createSurvey, publishSurvey } from '../modules/surveys/service.ts';
import { openCorridor } from '../runtime.ts';
import { sql } from 'kysely';
import { dayOf } from '../../core/dates.ts';
import { rollupRefreshJob } from './definitions.ts';

// A job enqueued with a response must survive the process stopping before any worker ran it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'corridor-jobs-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const config = { databaseUrl: testDatabaseUrl(), dataDir, baseUrl: 'http://corridor.test', secureCookies: false };

describe('the job queue', () => {
  it('keeps a job across a restart and runs it when a worker starts', async () => {
    // First process: web only, no worker. It takes a response and stops.
    const first = await openCorridor({ config, roles: new Set(['web']), log: silentLogger() });
    const { company } = await makeCompany(first.services.db);
    const admin = await makeUser(first.services.db, 'admin', company.id);
    const actor = { type: 'user' as const, id: admin.id, label: admin.email, role: 'admin' as const, unitId: company.id, unitPath: company.path };
    const survey = await createSurvey(first.services, actor, { title: 'Restart test' });
    await publishSurvey(first.services, actor, survey.id);
    // A response adds itself to the rollup as it commits; drop that, so only the job can restore it.
    await submitResponse(first.services, await findLiveSurvey(first.services, survey.slug), { answers: { nps: 10 } });
    await sql`delete from rollup_daily where survey_id = ${survey.id}`.execute(first.services.db);
    await first.queue.send(rollupRefreshJob, { surveyId: survey.id, day: dayOf(new Date()) });
    await first.stop();

    // Second process, same database: the worker picks the job up.
    const second = await openCorridor({ config, roles: new Set(['web', 'worker']), log: silentLogger() });
    try {
      const rows = await eventually(
        async () => (await sql<{ n: number }>`select n from rollup_daily where survey_id = ${survey.id} and question_id = 'nps' and segment = ''`.execute(second.services.db)).rows,
        (r) => r.length === 1,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
