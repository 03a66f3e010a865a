import { z } from 'zod';
import { loadRollupKeys } from '../modules/rollups/keys.ts';
import { refreshRollups } from '../modules/rollups/refresh.ts';
import { defineJob } from './job.ts';

/** Keeps a survey's daily rollup in step with its responses, a few seconds behind at most. */
export const rollupRefreshJob = defineJob({
  name: 'rollup.refresh',
  schema: z.object({ surveyId: z.uuid(), day: z.iso.date() }),
  policy: 'stately',
  singletonKey: (d) => `${d.surveyId}:${d.day}`,
  handle: async (data, { db }) => {
    await refreshRollups(db, data.surveyId, await loadRollupKeys(db, data.surveyId), data.day);
  },
});

/** Every job this version of Corridor knows. */
export const allJobs = [rollupRefreshJob];
