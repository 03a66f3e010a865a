import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/** What refers to one touch point; a touch point in use keeps its key and cannot be deleted. */
export interface TouchPointUsage {
  corridors: { audienceRole: string; name: string }[];
  /** Surveys whose own touch point it is. */
  surveys: { id: string; title: string }[];
  programmes: { id: string; name: string }[];
  events: number;
  /** Live surveys whose questions (or matrix rows) name its key. */
  questions: { surveyId: string; title: string; questionIds: string[] }[];
}

interface DefinitionShape {
  questions?: { id?: string; touchPoints?: string[]; rows?: { touchPoints?: string[] }[] }[];
}

/** The question ids of a definition that name a touch-point key (on the question or one of its rows). */
export function questionsNaming(definition: unknown, key: string): string[] {
  const questions = (definition as DefinitionShape | null)?.questions ?? [];
  return questions
    .filter((q) => q.touchPoints?.includes(key) || q.rows?.some((r) => r.touchPoints?.includes(key)))
    .map((q) => q.id ?? '?');
}

export async function findTouchPointUsage(db: Db, companyId: string, touchPoint: { id: string; key: string }): Promise<TouchPointUsage> {
  const [corridors, surveys, programmes, events, live] = await Promise.all([
    db
      .selectFrom('corridor_steps as s')
      .innerJoin('corridors as c', 'c.id', 's.corridor_id')
      .select(['c.audience_role', 'c.name'])
      .where('s.touch_point_id', '=', touchPoint.id)
      .orderBy('c.audience_role')
      .execute(),
    db.selectFrom('surveys').select(['id', 'title']).where('touch_point_id', '=', touchPoint.id).orderBy('title').execute(),
    db.selectFrom('programmes').select(['id', 'name']).where('touch_point_id', '=', touchPoint.id).orderBy('name').execute(),
    db.selectFrom('events').select(sql<number>`count(*)::int`.as('n')).where('touch_point_id', '=', touchPoint.id).executeTakeFirstOrThrow(),
    db
      .selectFrom('surveys as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .innerJoin('survey_versions as v', 'v.id', 's.live_version_id')
      .select(['s.id', 's.title', 'v.definition'])
      .where('u.path', 'like', `/${companyId}/%`)
      .where('s.status', '=', 'live')
      // A cheap filter first; the definition's own structure decides below.
      .where(sql<boolean>`position(${JSON.stringify(touchPoint.key)} in v.definition::text) > 0`)
      .orderBy('s.title')
      .execute(),
  ]);
  const questions = live
    .map((s) => ({ surveyId: s.id, title: s.title, questionIds: questionsNaming(s.definition, touchPoint.key) }))
    .filter((s) => s.questionIds.length > 0);
  return {
    corridors: corridors.map((c) => ({ audienceRole: c.audience_role, name: c.name })),
    surveys,
    programmes,
    events: events.n,
    questions,
  };
}

export function isInUse(u: TouchPointUsage): boolean {
  return u.corridors.length + u.surveys.length + u.programmes.length + u.events + u.questions.length > 0;
}

/** "the corridor Purchasing agents; the survey X (its own touch point); 3 events; …" */
export function describeUsage(u: TouchPointUsage): string {
  const parts: string[] = [];
  if (u.corridors.length > 0) parts.push(`${u.corridors.length === 1 ? 'the corridor' : 'the corridors'} ${u.corridors.map((c) => c.name).join(', ')}`);
  if (u.surveys.length > 0) parts.push(`${u.surveys.length === 1 ? 'the survey' : 'the surveys'} ${u.surveys.map((s) => s.title).join(', ')} (as the survey's touch point)`);
  if (u.programmes.length > 0) parts.push(`${u.programmes.length === 1 ? 'the programme' : 'the programmes'} ${u.programmes.map((p) => p.name).join(', ')}`);
  if (u.events > 0) parts.push(`${u.events} event${u.events === 1 ? '' : 's'}`);
  for (const q of u.questions) parts.push(`question${q.questionIds.length === 1 ? '' : 's'} ${q.questionIds.join(', ')} of the live survey ${q.title}`);
  return parts.join('; ');
}
