import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { responsesInScope, type DataScope } from '../../db/scope.ts';

export interface LowScoreComment {
  text: string;
  score: string | null;
  submitted_at: Date;
}

/**
 * The newest comments of the respondents who gave a question a low score in a period (days
 * inclusive). Comments are not rolled up, so these few come from the responses, newest first.
 */
export async function loadLowScoreComments(
  db: Db,
  q: { surveyId: string; questionId: string; commentId: string; atMost: number; from: string; to: string; scope: DataScope; limit: number },
): Promise<LowScoreComment[]> {
  return db
    .selectFrom('responses as r')
    .select([sql<string>`r.answers->>${q.commentId}`.as('text'), sql<string | null>`r.answers->>${q.questionId}`.as('score'), 'r.submitted_at'])
    .where('r.survey_id', '=', q.surveyId)
    .where('r.submitted_at', '>=', new Date(`${q.from}T00:00:00Z`))
    .where('r.submitted_at', '<', new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000))
    .where(sql<boolean>`coalesce(r.answers->>${q.commentId}, '') <> ''`)
    .where(sql<boolean>`jsonb_typeof(r.answers->${q.questionId}) = 'number'`)
    .where(sql<boolean>`(r.answers->>${q.questionId})::numeric <= ${q.atMost}`)
    .where(responsesInScope(q.scope))
    .orderBy('r.submitted_at', 'desc')
    .limit(q.limit)
    .execute();
}
