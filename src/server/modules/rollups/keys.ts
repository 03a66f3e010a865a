import { rollupKeys } from '../../../core/answer-keys.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import type { Db } from '../../db/connect.ts';

/** The pseudo question id under which a rollup counts responses. */
export const RESPONSES_ROW = '*';

/** The answer keys a survey's rollup histograms: the scale keys of every version it has published. */
export async function loadRollupKeys(db: Db, surveyId: string): Promise<string[]> {
  const versions = await db.selectFrom('survey_versions').select('definition').where('survey_id', '=', surveyId).execute();
  const keys = new Set<string>();
  for (const v of versions) for (const key of rollupKeys(SurveyDefinitionSchema.parse(v.definition))) keys.add(key);
  return [...keys].sort();
}

/**
 * The keys a response to this version adds to the rollup: the scale keys of the survey's versions up
 * to and including it — the same as loadRollupKeys while it is the newest. Versions never change, so
 * the answer for a version id may be kept for good.
 */
export async function loadRollupKeysUpTo(db: Db, versionId: string): Promise<string[]> {
  const versions = await db
    .selectFrom('survey_versions as v')
    .innerJoin('survey_versions as me', (join) => join.onRef('me.survey_id', '=', 'v.survey_id').onRef('v.number', '<=', 'me.number'))
    .select('v.definition')
    .where('me.id', '=', versionId)
    .execute();
  const keys = new Set<string>();
  for (const v of versions) for (const key of rollupKeys(SurveyDefinitionSchema.parse(v.definition))) keys.add(key);
  return [...keys].sort();
}
