import type { AccountAnalyticsQuery, AccountCommentList, AccountTrend, Silence } from '../../../contract/account-analytics.ts';
import { isScaleQuestion, scaleOf } from '../../../core/answer-keys.ts';
import { rollUpResponses, type RolledResponse } from '../../../core/account-rollup.ts';
import { SILENCE_RULE, silenceOf } from '../../../core/account-signals.ts';
import { quarterKeyOf, quarterStartOf } from '../../../core/quadrants.ts';
import type { SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { npsKeysOf, npsOf } from '../customers/nps.ts';
import { loadAccountResponses, loadDefinitions, loadInvitationSilence, loadRecentResponses, type AccountResponseRow } from './queries.ts';
import { openAccountView, rolledResponses } from './view.ts';

/** Silence (key accounts not answering, aspects nobody reacts to), the quarterly trend and recent comments. */

export const SILENCE_RULE_TEXT =
  `An aspect is silent when at least ${SILENCE_RULE.minAsked} respondents were asked it and fewer than ${SILENCE_RULE.lowAnswerRate * 100} % of them answered it, ` +
  `or at least ${SILENCE_RULE.middleShare * 100} % of the answers lie in the middle third of its scale (3 on 1–5, 4–6 on 0–10). ` +
  'Asked: the question was in the survey the respondent took and meant for their audience.';

interface ScaleItem {
  key: string;
  text: string;
  min: number;
  max: number;
  audiences: readonly string[] | null;
}

/** The scale items of a definition, with the wording a reader recognises (a matrix row as "question: row"). */
function scaleItemsOf(def: SurveyDefinition): ScaleItem[] {
  const items: ScaleItem[] = [];
  for (const q of def.questions) {
    const audiences = q.audiences ?? null;
    if (isScaleQuestion(q)) items.push({ key: q.id, text: q.text, ...scaleOf(q), audiences });
    else if (q.type === 'matrix') for (const r of q.rows) items.push({ key: `${q.id}.${r.id}`, text: `${q.text}: ${r.text}`, min: q.scale.min, max: q.scale.max, audiences });
  }
  return items;
}

async function silentItems(svc: Services, rows: readonly AccountResponseRow[], surveyTitles: Map<string, string>): Promise<Silence['items']> {
  const definitions = await loadDefinitions(svc.db, rows.map((r) => r.versionId));
  const tally = new Map<string, { surveyId: string; item: ScaleItem; asked: number; answered: number; histogram: Record<string, number> }>();
  for (const r of rows) {
    const def = definitions.get(r.versionId) as SurveyDefinition | undefined;
    if (!def) continue;
    for (const item of scaleItemsOf(def)) {
      if (item.audiences && r.audience && !item.audiences.includes(r.audience)) continue;
      const id = `${r.surveyId}\u0000${item.key}`;
      const t = tally.get(id) ?? { surveyId: r.surveyId, item, asked: 0, answered: 0, histogram: {} };
      t.asked++;
      const v = r.answers[item.key];
      if (typeof v === 'number') {
        t.answered++;
        t.histogram[String(v)] = (t.histogram[String(v)] ?? 0) + 1;
      }
      tally.set(id, t);
    }
  }
  const out: Silence['items'] = [];
  for (const t of tally.values()) {
    const s = silenceOf({ asked: t.asked, answered: t.answered, histogram: t.histogram, min: t.item.min, max: t.item.max });
    if (!s.reason) continue;
    out.push({ surveyId: t.surveyId, surveyTitle: surveyTitles.get(t.surveyId) ?? '', key: t.item.key, text: t.item.text, asked: t.asked, answered: t.answered, answerRate: s.answerRate, middleShare: s.middleShare, reason: s.reason });
  }
  return out.sort((a, b) => (a.answerRate ?? 1) - (b.answerRate ?? 1) || a.key.localeCompare(b.key));
}

/** Key accounts invited to the surveys that feed accounts in the window without answering them in it (so without a score), and the aspects customers do not react to. */
export async function getSilence(svc: Services, actor: Actor, query: AccountAnalyticsQuery): Promise<Silence> {
  authorize(actor, 'customers.read');
  const view = await openAccountView(svc, actor, query);
  const keyAccounts = view.shown.filter((a) => a.keyAccount);
  const byId = new Map(keyAccounts.map((a) => [a.id, a]));
  const invited = await loadInvitationSilence(svc.db, keyAccounts.map((a) => a.id), view.resolved.surveys.map((s) => s.id), view.window.from, view.window.to);
  const accounts = invited
    .filter((i) => !i.answeredInWindow)
    .map((i) => {
      const a = byId.get(i.accountId);
      return { accountId: i.accountId, code: a?.code ?? null, name: a?.name ?? '', billedRevenue: a?.billedRevenue ?? null, invitationsSent: i.sent, lastInvitedAt: i.lastInvitedAt.toISOString(), lastResponseAt: i.lastResponseAt?.toISOString() ?? null };
    })
    .sort((a, b) => (b.billedRevenue ?? 0) - (a.billedRevenue ?? 0) || a.name.localeCompare(b.name));
  const from = Date.parse(`${view.window.from}T00:00:00Z`);
  const inWindow = view.responses.filter((r) => r.submittedAt.getTime() >= from);
  const items = await silentItems(svc, inWindow, new Map(view.resolved.surveys.map((s) => [s.id, s.title])));
  return { window: view.window, rule: SILENCE_RULE_TEXT, accounts, items };
}

const QUARTERS = 8;

/** NPS (both ways) and the summary index per quarter over the last eight quarters, from the responses that feed accounts. */
export async function getAccountTrend(svc: Services, actor: Actor, query: AccountAnalyticsQuery): Promise<AccountTrend> {
  authorize(actor, 'customers.read');
  const view = await openAccountView(svc, actor, { ...query, from: undefined });
  let start = quarterStartOf(view.window.to);
  const keys = [quarterKeyOf(start)];
  for (let i = 1; i < QUARTERS; i++) {
    start = quarterStartOf(new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10));
    keys.unshift(quarterKeyOf(start));
  }
  const rows = await loadAccountResponses(svc.db, view.shown.map((a) => a.id), view.resolved.surveys.map((s) => s.id), start, view.window.to);
  const rolled = await rolledResponses(svc, view.resolved, rows);
  const byQuarter = new Map<string, RolledResponse[]>(keys.map((k) => [k, []]));
  for (const r of rows) {
    const x = rolled.get(r.id);
    if (x) byQuarter.get(quarterKeyOf(r.submittedAt.toISOString().slice(0, 10)))?.push(x);
  }
  return {
    quarters: keys.map((quarter) => {
      const r = rollUpResponses(byQuarter.get(quarter) ?? [], view.resolved.settings.roleWeights);
      return { quarter, n: r.n, nps: r.nps.score, npsMean: r.nps.mean, summaryIndex: r.summaryIndex, smallSample: r.smallSample };
    }),
  };
}

/** The newest comments of the shown accounts' contacts (any survey): the first text answer of each response. */
export async function getAccountComments(svc: Services, actor: Actor, query: AccountAnalyticsQuery, limit = 20): Promise<AccountCommentList> {
  authorize(actor, 'customers.read');
  const view = await openAccountView(svc, actor, query);
  const names = new Map(view.shown.map((a) => [a.id, a.name]));
  const rows = await loadRecentResponses(svc.db, [...names.keys()], limit * 5);
  const definitions = await loadDefinitions(svc.db, rows.map((r) => r.version_id));
  const npsKeys = await npsKeysOf(svc.db, rows.map((r) => r.version_id));
  const comments: AccountCommentList['comments'] = [];
  for (const r of rows) {
    const def = definitions.get(r.version_id) as SurveyDefinition | undefined;
    const textKey = def?.questions.find((q) => q.type === 'text' && typeof r.answers[q.id] === 'string' && String(r.answers[q.id]).trim() !== '')?.id;
    if (!textKey || !r.account_id) continue;
    comments.push({
      responseId: r.id,
      accountId: r.account_id,
      accountName: names.get(r.account_id) ?? '',
      contactName: r.contact_name,
      submittedAt: new Date(r.submitted_at).toISOString(),
      nps: npsOf(r.answers, npsKeys.get(r.version_id)),
      text: String(r.answers[textKey]),
    });
    if (comments.length >= limit) break;
  }
  return { comments };
}
