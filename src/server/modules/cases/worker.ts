import type { Services } from '../../context.ts';
import { evaluateAccountRules } from './account-rules.ts';
import { escalateOverdue } from './escalation.ts';
import { sendDueNotices } from './notices.ts';
import { claimInbox, processResponse } from './open-cases.ts';
import { createPassRunner, createPollLoop } from '../../jobs/poll-loop.ts';

/**
 * The alert worker: every tick it checks the responses in the alert inbox against the rules (opening
 * cases), escalates overdue cases, looks at every account for the account rules (hourly), and sends
 * the notices those wrote. It polls often (250 ms by
 * default) so that a detractor's case and its email go out within seconds. Any number of workers may
 * run against one database: inbox rows, cases and notices are claimed with SKIP LOCKED.
 */

export interface AlertWorkerOptions {
  intervalMs: number;
  batchSize: number;
  /** How often overdue cases are looked for. */
  escalateEveryMs: number;
  /** How often account rules look at every account; also soon after any rule changes (checked with escalation). */
  accountsEveryMs: number;
}

export const DEFAULT_ALERT_WORKER_OPTIONS: AlertWorkerOptions = { intervalMs: 250, batchSize: 100, escalateEveryMs: 30_000, accountsEveryMs: 3_600_000 };

export interface TickOutcome {
  opened: number;
  escalated: number;
  /** Times an account rule fired. */
  accountFirings: number;
  sent: number;
}

export interface AlertWorker {
  /** One full pass (escalation and account rules included). Ticks never overlap within a process. */
  tick(): Promise<TickOutcome>;
  start(): void;
  stop(): Promise<void>;
}

export function createAlertWorker(svc: Services, options: Partial<AlertWorkerOptions> = {}): AlertWorker {
  const opts = { ...DEFAULT_ALERT_WORKER_OPTIONS, ...options };
  const runner = createPassRunner<TickOutcome>();
  let lastEscalation = Number.NEGATIVE_INFINITY;
  let lastAccountCheck = Number.NEGATIVE_INFINITY;
  let rulesSeen = '';

  /** The active rules' count and latest change: a new or changed rule is looked at without waiting for the hour. */
  async function rulesChanged(): Promise<boolean> {
    const row = await svc.db
      .selectFrom('alert_rules')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
      .where('active', '=', true)
      .executeTakeFirst();
    const seen = `${String(row?.n ?? 0)}|${row?.latest ? new Date(row.latest).toISOString() : ''}`;
    const changed = seen !== rulesSeen;
    rulesSeen = seen;
    return changed;
  }

  async function pass(escalate: boolean, accounts: boolean): Promise<TickOutcome> {
    const out: TickOutcome = { opened: 0, escalated: 0, accountFirings: 0, sent: 0 };
    for (;;) {
      const ids = await claimInbox(svc.db, svc.now(), opts.batchSize);
      for (const id of ids) {
        try {
          out.opened += await processResponse(svc, id);
        } catch (err) {
          // Left in the inbox: its lease runs out and it is tried again.
          svc.log.error({ err, responseId: id }, 'alert check failed; it will be retried');
        }
      }
      if (ids.length < opts.batchSize || loop.stopped()) break;
    }
    if (escalate) out.escalated = await escalateOverdue(svc);
    // Hourly, in every tick, and soon after a rule was made or changed.
    const changed = escalate ? await rulesChanged() : false;
    if ((accounts || changed) && !loop.stopped()) out.accountFirings = await evaluateAccountRules(svc);
    for (;;) {
      const sent = await sendDueNotices(svc);
      out.sent += sent;
      if (sent === 0 || loop.stopped()) break;
    }
    return out;
  }

  const tick = () => runner.tick(() => pass(true, true));

  const scheduled = async () => {
    if (runner.current()) return;
    const now = Date.now();
    const escalate = now - lastEscalation >= opts.escalateEveryMs;
    if (escalate) lastEscalation = now;
    const accounts = now - lastAccountCheck >= opts.accountsEveryMs;
    if (accounts) lastAccountCheck = now;
    await runner.whenIdle(() => pass(escalate, accounts));
  };

  const loop = createPollLoop({ intervalMs: opts.intervalMs, pass: scheduled, current: runner.current, onError: (err) => svc.log.error({ err }, 'alert worker pass failed') });
  return { tick, ...loop };
}
