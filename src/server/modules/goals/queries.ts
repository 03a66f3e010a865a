import type { Db } from '../../db/connect.ts';

/** A goal with the names of what it refers to. */
export function selectGoals(db: Db) {
  return db
    .selectFrom('goals as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .leftJoin('touch_points as tp', 'tp.id', 'g.touch_point_id')
    .leftJoin('surveys as s', 's.id', 'g.survey_id')
    .leftJoin('programmes as p', 'p.id', 'g.programme_id')
    .leftJoin('users as o', 'o.id', 'g.owner_user_id')
    .select([
      'g.id', 'g.name', 'g.metric', 'g.unit_id', 'u.name as unit_name', 'u.kind as unit_kind', 'u.path as unit_path',
      'g.touch_point_id', 'tp.name as touch_point_name', 'g.survey_id', 's.title as survey_title',
      'g.programme_id', 'p.name as programme_name', 'p.survey_id as programme_survey_id',
      'g.target', 'g.start_date', 'g.due_date', 'g.owner_user_id', 'o.name as owner_name', 'g.created_at', 'g.updated_at',
    ]);
}

export type GoalRow = Awaited<ReturnType<ReturnType<typeof selectGoals>['executeTakeFirstOrThrow']>>;
