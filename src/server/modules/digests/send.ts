import { sql } from 'kysely';
import type { DigestCadence, DigestKind } from '../../../contract/digests.ts';
import { dayOf } from '../../../core/dates.ts';
import { lastCompleteMonth, lastCompleteQuarter } from '../../../core/review-periods.ts';
import type { Services } from '../../context.ts';
import { newMessageId } from '../../email/headers.ts';
import { MailError } from '../../email/transport.ts';
import { getMonthlyReview } from '../reviews/monthly.ts';
import { getRelationshipSummary } from '../reviews/relationship.ts';
import { getCompanyOf } from '../units/service.ts';
import { composeMonthlyDigest, composeRelationshipDigest, type DigestMessage } from './compose.ts';
import { loadRecipient, type Recipient } from './recipients.ts';
import { applyDefaultSubscriptions, inCompanies, type CompanyScope } from './subscriptions.ts';
import { createPollLoop } from '../../jobs/poll-loop.ts';

/**
 * Sends every digest that is due, exactly once per subscription and period. A period is due from
 * SEND_HOUR (UTC) on the first day after it ends. The message is confirmed by inserting its
 * delivery row (primary key: subscription and period) after the whole message but its final "."
 * reached the SMTP server (docs/decisions/0006-exactly-once-mail.md): a second worker, or a second
 * pass, finds the row taken and abandons its copy, so the server never completes two.
 */

const SEND_HOUR = 6;
const BATCH = 200;

export interface DigestOutcome {
  sent: number;
  abandoned: number;
  failed: number;
}

/** The period a cadence's digest covers at an instant: the last month (2026-11) or quarter (2026-Q3) due by then. */
export function duePeriods(now: Date): Record<DigestCadence, string> {
  const day = dayOf(new Date(now.getTime() - SEND_HOUR * 3_600_000));
  return { monthly: lastCompleteMonth(day), quarterly: lastCompleteQuarter(day) };
}

interface DueRow {
  id: string;
  user_id: string;
  kind: DigestKind;
  unit_id: string;
  cadence: DigestCadence;
}

/** Subscriptions without a delivery for their due period, whose unit still lies in the recipient's scope. */
async function loadDue(svc: Services, periods: Record<DigestCadence, string>, companies: CompanyScope): Promise<DueRow[]> {
  const rows = await sql<DueRow>`
    select s.id, s.user_id, s.kind, s.unit_id, s.cadence
      from digest_subscriptions s
      join users u on u.id = s.user_id and u.disabled_at is null
      join units home on home.id = u.unit_id
      join units x on x.id = s.unit_id and x.path like home.path || '%'
     where ${inCompanies('home.path', companies)}
       and not exists (
       select 1 from digest_deliveries d
        where d.subscription_id = s.id
          and d.period = case s.cadence when 'monthly' then ${periods.monthly} else ${periods.quarterly} end)
     order by s.created_at, s.id
     limit ${BATCH}`.execute(svc.db);
  return rows.rows;
}

/** The digest as its recipient would see the page: read with their own role and scope. */
async function composeFor(svc: Services, sub: DueRow, recipient: Recipient, month: string): Promise<DigestMessage> {
  const company = await getCompanyOf(svc.db, recipient.actor.unitPath);
  const settingsUrl = `${svc.baseUrl}/reviews/digests`;
  if (sub.kind === 'monthly_review') {
    const review = await getMonthlyReview(svc, recipient.actor, { unitId: sub.unit_id, month });
    return composeMonthlyDigest(review, { companyName: company.name, url: `${svc.baseUrl}/reviews/monthly?unit=${sub.unit_id}&month=${month}`, settingsUrl });
  }
  const summary = await getRelationshipSummary(svc, recipient.actor, { unitId: sub.unit_id });
  return composeRelationshipDigest(summary, { companyName: company.name, url: `${svc.baseUrl}/reviews/relationship?unit=${sub.unit_id}`, settingsUrl });
}

/** One pass over the due digests of these companies (null: all). */
export async function sendDueDigests(svc: Services, companies: CompanyScope = null): Promise<DigestOutcome> {
  const outcome: DigestOutcome = { sent: 0, abandoned: 0, failed: 0 };
  const now = svc.now();
  await applyDefaultSubscriptions(svc.db, now, companies);
  const periods = duePeriods(now);
  for (const sub of await loadDue(svc, periods, companies)) {
    const period = periods[sub.cadence];
    const recipient = await loadRecipient(svc.db, sub.user_id);
    if (!recipient) continue;
    try {
      // The review covers the last month due, whatever the cadence that sends it.
      const msg = await composeFor(svc, sub, recipient, periods.monthly);
      const messageId = newMessageId(svc.baseUrl);
      const result = await svc.mailer.deliver(
        { to: recipient.email, subject: msg.subject, html: msg.html, text: msg.text, headers: {}, messageId, kind: 'digest', companyId: recipient.companyId, invitationId: null, images: msg.images },
        async (tx) => {
          const r = await tx
            .insertInto('digest_deliveries')
            .values({ subscription_id: sub.id, period, message_id: messageId, sent_at: svc.now() })
            .onConflict((oc) => oc.columns(['subscription_id', 'period']).doNothing())
            .executeTakeFirst();
          return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
        },
      );
      if (result === 'sent') outcome.sent++;
      else outcome.abandoned++;
    } catch (err) {
      // Not confirmed: the next pass tries again. A refusal after the confirmation is not retried (at most once).
      outcome.failed++;
      svc.log.warn({ err, subscriptionId: sub.id, period, permanent: err instanceof MailError ? err.permanent : null }, 'digest not sent');
    }
  }
  return outcome;
}

export interface DigestWorker {
  tick(): Promise<DigestOutcome>;
  start(): void;
  stop(): Promise<void>;
}

/** Looks for due digests every interval (a minute by default); passes never overlap. */
export function createDigestWorker(svc: Services, intervalMs = 60_000): DigestWorker {
  let running: Promise<DigestOutcome> | null = null;
  const tick = () => {
    running ??= sendDueDigests(svc).finally(() => {
      running = null;
    });
    return running;
  };
  const loop = createPollLoop({ intervalMs: intervalMs, pass: tick, current: () => running, onError: (err) => svc.log.error({ err }, 'digest pass failed') });
  return { tick, ...loop };
}
