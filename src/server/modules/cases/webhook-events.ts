import type { WebhookEventType } from '../../../contract/webhooks.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue.ts';

/**
 * What alert rules and cases tell the company's webhooks, queued in the transaction that makes the
 * change, so an event exists exactly when its case or alert does (decision 0017 delivers it).
 */

export interface AlertedResponse {
  id: string;
  survey_id: string;
  survey_title: string;
  account_id: string | null;
  account_name: string | null;
  contact_id: string | null;
  contact_email: string | null;
  answers: Record<string, unknown>;
}

function responseOf(r: AlertedResponse) {
  return {
    id: r.id,
    survey: { id: r.survey_id, title: r.survey_title },
    account: r.account_id ? { id: r.account_id, name: r.account_name } : null,
    contact: r.contact_id ? { id: r.contact_id, email: r.contact_email } : null,
    answers: r.answers,
  };
}

/** What fired a rule: a response, or an account an account rule looked at (with the key it fired for). */
export type AlertSubject = { kind: 'response'; response: AlertedResponse } | { kind: 'account'; key: string; account: { id: string; code: string | null; name: string } };

/** A rule's "call a webhook" action: `alert.fired` to that one endpoint, once per rule and response (or account trigger). */
export async function queueAlertWebhook(
  tx: Db,
  now: Date,
  input: { companyId: string; endpointId: string; rule: { id: string; name: string }; trigger: string; caseId: string | null; subject: AlertSubject },
): Promise<void> {
  const s = input.subject;
  const who = s.kind === 'account' ? s.account.name : (s.response.account_name ?? s.response.contact_email ?? s.response.survey_title);
  await enqueueWebhookEvent(tx, {
    companyId: input.companyId,
    endpointId: input.endpointId,
    eventType: 'alert.fired',
    dedupeKey: `alert.fired:${input.rule.id}:${s.kind === 'account' ? s.key : s.response.id}`.slice(0, 200),
    now,
    payload: {
      title: `${input.rule.name}: ${who}`,
      summary: input.trigger || input.rule.name,
      ...(input.caseId ? { link: `/cases/${input.caseId}` } : {}),
      rule: input.rule,
      caseId: input.caseId,
      ...(s.kind === 'account' ? { account: s.account, response: null } : { response: responseOf(s.response) }),
    },
  });
}

/** A case's change, to every endpoint of the company subscribed to its event type. */
export async function queueCaseWebhook(
  tx: Db,
  now: Date,
  input: { companyId: string; eventType: Extract<WebhookEventType, `case.${string}`>; caseId: string; title: string; summary: string; details?: Record<string, unknown>; dedupe: string },
): Promise<void> {
  await enqueueWebhookEvent(tx, {
    companyId: input.companyId,
    eventType: input.eventType,
    dedupeKey: `${input.eventType}:${input.caseId}:${input.dedupe}`.slice(0, 200),
    now,
    payload: { title: input.title, summary: input.summary, link: `/cases/${input.caseId}`, caseId: input.caseId, ...input.details },
  });
}
