import type { AccountReport } from '../../../contract/reviews.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { npsOfScores } from '../../../core/nps.ts';
import { quarterBounds, quarterOfDay, shiftQuarter } from '../../../core/review-periods.ts';
import { findCommentQuestion, findNpsQuestion, type SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { getLiveDefinitions } from '../surveys/service.ts';
import { getCompanyOf } from '../units/service.ts';

const QUARTERS = 8;
const COMMENTS = 20;

/**
 * The report's content for one account, whoever reads it: the account's own responses (one
 * account's few, read directly), their NPS by quarter over two years, their comments, newest first.
 * Employee surveys never appear. The caller has checked that the account may be shown.
 */
export async function buildAccountReport(svc: Services, account: { id: string; name: string; unitPath: string }): Promise<AccountReport> {
  const today = dayOf(svc.now());
  const quarters = Array.from({ length: QUARTERS }, (_, i) => shiftQuarter(quarterOfDay(today), i - (QUARTERS - 1)));
  const from = quarterBounds(quarters[0] ?? quarterOfDay(today)).from;
  const rows = await svc.db
    .selectFrom('responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.survey_id', 's.title', 'r.submitted_at', 'r.answers'])
    .where('r.account_id', '=', account.id)
    .where('s.kind', '<>', 'employee')
    .where('r.submitted_at', '>=', new Date(`${from}T00:00:00Z`))
    .where('r.submitted_at', '<', new Date(`${addDays(today, 1)}T00:00:00Z`))
    .orderBy('r.submitted_at', 'desc')
    .limit(5_000)
    .execute();
  const defs = await getLiveDefinitions(svc, [...new Set(rows.map((r) => r.survey_id))]);
  const questions = new Map([...defs].map(([id, def]: [string, SurveyDefinition]) => [id, { nps: findNpsQuestion(def)?.id, comment: findCommentQuestion(def)?.id }]));
  const scores = new Map<string, number[]>(quarters.map((q) => [q, []]));
  const comments: AccountReport['comments'] = [];
  for (const r of rows) {
    const q = questions.get(r.survey_id);
    const answers = r.answers as Record<string, unknown>;
    const score = q?.nps ? answers[q.nps] : undefined;
    const nps = typeof score === 'number' ? score : null;
    if (nps !== null) scores.get(quarterOfDay(dayOf(r.submitted_at)))?.push(nps);
    const text = q?.comment ? answers[q.comment] : undefined;
    if (typeof text === 'string' && text.trim() !== '' && comments.length < COMMENTS) {
      comments.push({ surveyTitle: r.title, submittedAt: r.submitted_at.toISOString(), text: text.trim(), score: nps });
    }
  }
  const company = await getCompanyOf(svc.db, account.unitPath);
  // What was done, in the words written for the customer: the root cause and the resolution of cases
  // the customer was told about; never the case's internal title, notes or people.
  const told = await svc.db
    .selectFrom('cases as c')
    .leftJoin('case_root_causes as rc', 'rc.id', 'c.root_cause_id')
    .select(['rc.label', 'c.resolution', 'c.customer_told_at'])
    .where('c.account_id', '=', account.id)
    .where('c.customer_told_at', 'is not', null)
    .where('c.resolution', 'is not', null)
    .where('c.customer_told_at', '>=', new Date(`${from}T00:00:00Z`))
    .orderBy('c.customer_told_at', 'desc')
    .limit(COMMENTS)
    .execute();
  return {
    account: { id: account.id, name: account.name },
    companyName: company.name,
    from,
    to: today,
    quarters: quarters.map((quarter) => {
      const s = npsOfScores(scores.get(quarter) ?? []);
      return { quarter, nps: s.score, n: s.n };
    }),
    comments,
    actions: told.map((t) => ({ title: t.label ?? 'Your feedback', resolution: t.resolution ?? '', toldOn: dayOf(t.customer_told_at ?? svc.now()) })),
  };
}
