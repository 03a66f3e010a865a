import { rollupKeys } from '../../../core/answer-keys.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import type { Db } from '../../db/connect.ts';

/** The answer keys a survey's rollup histograms: the scale keys of every version it has published. */
export async function loadRollupKeys(db: Db, surveyId: string): Promise<string[]> {
  const versions = await db.selectFrom('survey_versions').select('definition').where('survey_id', '=', surveyId).execute();
  const keys = new Set<string>();
  for (const v of versions) for (const key of rollupKeys(SurveyDefinitionSchema.parse(v.definition))) keys.add(key);
  return [...keys].sort();
}
