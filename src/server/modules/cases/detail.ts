import type { CaseDetail } from '../../../contract/cases.ts';
import type { CaseStatus } from '../../../core/case-workflow.ts';
import type { Services } from '../../context.ts';
import { responsesInScope } from '../../db/scope.ts';
import type { Actor } from '../auth/actor.ts';
import { questionsOf } from './open-cases.ts';
import { casesInScope } from './scope.ts';
import { presentCase } from './presenter.ts';
import type { FullCaseRow } from './queries.ts';

/** What the opening event says fired the case. */
function triggerOf(events: readonly { kind: string; details: unknown }[]): string | null {
  const opened = events.find((e) => e.kind === 'opened')?.details as { trigger?: unknown } | undefined;
  return typeof opened?.trigger === 'string' && opened.trigger.length > 0 ? opened.trigger : null;
}

/** One case with its response, account, the contact's history and the timeline. */
export async function loadCaseDetail(svc: Services, actor: Actor, row: FullCaseRow, statuses: readonly CaseStatus[], next: readonly CaseStatus[]): Promise<CaseDetail> {
  const db = svc.db;
  const rule = row.rule_id ? await db.selectFrom('alert_rules').select(['id', 'name']).where('id', '=', row.rule_id).executeTakeFirst() : undefined;
  const response = row.response_id
    ? await db
        .selectFrom('responses as r')
        .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
        .innerJoin('surveys as s', 's.id', 'r.survey_id')
        .select(['r.id', 'r.submitted_at', 'r.answers', 'v.definition', 's.id as survey_id', 's.title'])
        .where('r.id', '=', row.response_id)
        .executeTakeFirst()
    : undefined;
  let answers: { questionId: string; label: string; value: string }[] = [];
  if (response) {
    const q = questionsOf(response.definition);
    answers = Object.entries(response.answers).map(([id, v]) => ({ questionId: id, label: q.titles[id] ?? id, value: Array.isArray(v) ? v.join(', ') : String(v) }));
  }
  const account = row.account_id
    ? await db
        .selectFrom('accounts as a')
        .leftJoin('users as o', 'o.id', 'a.owner_user_id')
        .select(['a.id', 'a.name', 'o.name as owner', 'a.key_account', 'a.status', 'a.billed_revenue'])
        .where('a.id', '=', row.account_id)
        .executeTakeFirst()
    : undefined;
  // The contact's history; for a case about an account (an account rule's), the account's.
  const historyOf = row.contact_id ? 'contact' : row.account_id ? 'account' : 'none';
  const who = historyOf === 'contact' ? { column: 'contact_id' as const, id: row.contact_id ?? '' } : { column: 'account_id' as const, id: row.account_id ?? '' };
  const earlierResponses = historyOf !== 'none'
    ? await db
        .selectFrom('responses as r')
        .innerJoin('surveys as s', 's.id', 'r.survey_id')
        .select(['r.id', 'r.submitted_at', 's.title', 'r.answers', 'r.version_id'])
        .where(`r.${who.column}`, '=', who.id)
        .where('s.kind', '<>', 'employee')
        .where(responsesInScope({ all: false, unitPath: actor.unitPath }))
        .where('r.id', '!=', row.response_id ?? '00000000-0000-0000-0000-000000000000')
        .orderBy('r.submitted_at', 'desc')
        .limit(20)
        .execute()
    : [];
  const versions = earlierResponses.length === 0 ? [] : await db.selectFrom('survey_versions').select(['id', 'definition']).where('id', 'in', [...new Set(earlierResponses.map((r) => r.version_id))]).execute();
  const npsOf = (r: (typeof earlierResponses)[number]): number | null => {
    const def = versions.find((v) => v.id === r.version_id)?.definition;
    const types = def ? questionsOf(def).types : {};
    const id = Object.keys(types).find((k) => types[k] === 'nps');
    const v = id ? r.answers[id] : undefined;
    return typeof v === 'number' ? v : null;
  };
  const earlierCases = historyOf !== 'none'
    ? await db.selectFrom('cases as c').select(['c.id', 'c.number', 'c.title', 'c.status', 'c.opened_at']).where(`c.${who.column}`, '=', who.id).where('c.id', '!=', row.id).where(casesInScope(actor)).orderBy('c.opened_at', 'desc').limit(20).execute()
    : [];
  const events = await db.selectFrom('case_events').select(['id', 'at', 'kind', 'actor_label', 'details']).where('case_id', '=', row.id).orderBy('id').execute();
  const label = (key: string) => statuses.find((s) => s.key === key)?.label ?? key;
  return {
    ...presentCase(row, statuses, svc.now()),
    resolution: row.resolution,
    rule: rule ?? null,
    response: response
      ? { id: response.id, submittedAt: new Date(response.submitted_at).toISOString(), survey: { id: response.survey_id, title: response.title }, answers }
      : null,
    accountDetail: account
      ? { id: account.id, name: account.name, owner: account.owner ?? null, keyAccount: account.key_account, status: account.status, billedRevenue: account.billed_revenue === null ? null : Number(account.billed_revenue) }
      : null,
    accountTrigger: row.trigger_key ? triggerOf(events) : null,
    contactHistory: {
      of: historyOf,
      responses: earlierResponses.map((r) => ({ id: r.id, submittedAt: new Date(r.submitted_at).toISOString(), survey: r.title, nps: npsOf(r) })),
      cases: earlierCases.map((c) => ({ id: c.id, number: Number(c.number), title: c.title, status: label(c.status), openedAt: new Date(c.opened_at).toISOString() })),
    },
    timeline: events.map((e) => ({ id: String(e.id), at: new Date(e.at).toISOString(), kind: e.kind, actor: e.actor_label, details: e.details })),
    nextStatuses: next.map((s) => ({ key: s.key, label: s.label, stage: s.stage })),
  };
}
