import { sql } from 'kysely';
import type { Services } from '../../context.ts';
import { newMessageId } from '../../email/headers.ts';
import { renderCaseNotice } from '../../email/templates/case-notice.ts';
import { MailError } from '../../email/transport.ts';
import { questionsOf } from './open-cases.ts';
import { loadCaseSettings } from './settings.ts';

/**
 * Sends the notices cases wrote. Each is claimed for a lease, sent through the mailer, and marked
 * sent by the mailer's confirm (decision 0006): a notice reaches its recipient at most once, and
 * exactly once unless the process dies in the microseconds between confirm and the final ".".
 */

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 8;

type Claimed = { id: string; company_id: string; case_id: string | null; rule_id: string | null; response_id: string | null; kind: string; to_address: string; user_id: string | null; account_id: string | null; summary: string | null; attempts: number };

export async function claimNotices(svc: Services, now: Date, limit: number): Promise<Claimed[]> {
  const { rows } = await sql<Claimed>`
    update case_notices set available_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
     where id in (select id from case_notices where sent_at is null and failed_at is null and available_at <= ${now}
                   order by available_at, id limit ${limit} for update skip locked)
    returning id, company_id, case_id, rule_id, response_id, kind, to_address, user_id, account_id, summary, attempts`.execute(svc.db);
  return rows;
}

async function contentOf(svc: Services, n: Claimed) {
  const settings = await loadCaseSettings(svc.db, n.company_id);
  const c = n.case_id
    ? await svc.db
        .selectFrom('cases as c')
        .innerJoin('units as u', 'u.id', 'c.unit_id')
        .leftJoin('accounts as a', 'a.id', 'c.account_id')
        .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
        .select(['c.id', 'c.number', 'c.title', 'c.response_id', 'c.first_action_due_at', 'c.resolution_due_at', 'c.acknowledged_at', 'u.name as unit_name', 'a.name as account_name', 'ct.name as contact_name', 'ct.email as contact_email'])
        .where('c.id', '=', n.case_id)
        .executeTakeFirst()
    : undefined;
  const responseId = c?.response_id ?? n.response_id;
  const response = responseId
    ? await svc.db
        .selectFrom('responses as r')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
        .select(['r.answers', 'v.definition', 'u.name as unit_name', 'r.survey_id'])
        .where('r.id', '=', responseId)
        .executeTakeFirst()
    : undefined;
  // A rule's email about an account that opened no case: the account and what happened to it.
  const account = !c && n.account_id
    ? await svc.db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.name', 'u.name as unit_name']).where('a.id', '=', n.account_id).executeTakeFirst()
    : undefined;
  const rule = n.rule_id ? await svc.db.selectFrom('alert_rules').select('name').where('id', '=', n.rule_id).executeTakeFirst() : undefined;
  const user = n.user_id ? await svc.db.selectFrom('users').select('name').where('id', '=', n.user_id).executeTakeFirst() : undefined;
  const types = response ? questionsOf(response.definition).types : {};
  const comments = Object.entries(response?.answers ?? {}).flatMap(([id, v]) => (typeof v === 'string' && types[id] === 'text' ? [v] : []));
  return renderCaseNotice({
    kind: n.kind as 'assigned' | 'escalated' | 'rule_email',
    caseNumber: c ? Number(c.number) : null,
    title: c?.title ?? n.summary ?? `${rule?.name ?? 'Alert'}`,
    ruleName: rule?.name ?? null,
    accountName: c?.account_name ?? account?.name ?? null,
    contactLabel: c ? (c.contact_name ?? c.contact_email ?? null) : null,
    unitName: c?.unit_name ?? response?.unit_name ?? account?.unit_name ?? '',
    dueAt: c ? (c.acknowledged_at ? c.resolution_due_at : c.first_action_due_at) : null,
    comments,
    url: c ? `${svc.baseUrl}/cases/${c.id}` : account ? `${svc.baseUrl}/accounts/${account.id}` : `${svc.baseUrl}/surveys/${response?.survey_id ?? ''}`,
    recipientName: user?.name ?? null,
    timeZone: settings.calendar.timeZone,
  });
}

/** Sends what is due; returns how many went out. */
export async function sendDueNotices(svc: Services, limit = 50): Promise<number> {
  const claimed = await claimNotices(svc, svc.now(), limit);
  let sent = 0;
  await Promise.all(
    claimed.map(async (n) => {
      try {
        const content = await contentOf(svc, n);
        const outcome = await svc.mailer.deliver(
          { to: n.to_address, subject: content.subject, html: content.html, text: content.text, headers: {}, messageId: newMessageId(svc.baseUrl), kind: 'case_notice', companyId: n.company_id, invitationId: null },
          async (tx) => {
            const r = await tx.updateTable('case_notices').set({ sent_at: svc.now() }).where('id', '=', n.id).where('sent_at', 'is', null).executeTakeFirst();
            return Number(r.numUpdatedRows) === 1;
          },
        );
        if (outcome === 'sent') sent++;
      } catch (err) {
        const permanent = err instanceof MailError && err.permanent;
        const giveUp = permanent || n.attempts >= MAX_ATTEMPTS;
        // Not sent: try again after a pause that grows with the attempts, unless the server refused for good.
        await svc.db
          .updateTable('case_notices')
          .set(giveUp ? { failed_at: svc.now(), error: String((err as Error).message).slice(0, 500) } : { available_at: new Date(svc.now().getTime() + 2 ** n.attempts * 1_000), error: String((err as Error).message).slice(0, 500) })
          .where('id', '=', n.id)
          .where('sent_at', 'is', null)
          .execute();
        svc.log.warn({ err, noticeId: n.id }, giveUp ? 'case notice not sent, given up' : 'case notice not sent, will retry');
      }
    }),
  );
  return sent;
}
