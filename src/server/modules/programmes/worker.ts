import { sql } from 'kysely';
import type { Services } from '../../context.ts';
import { claimDue, claimReminders, companiesWithDue, inScope, reclaimStale, type CompanyScope } from './dispatch.ts';
import { sendOwnerNotices } from './owner-notices.ts';
import { deliverClaimed, type SendOutcome } from './sender.ts';
import { planProgramme } from './service.ts';
import { createPassRunner, createPollLoop } from '../../jobs/poll-loop.ts';

/**
 * The programme worker: every tick it takes back the claims of dead workers, sends what is due
 * (invitations, then reminders), tells account owners what is coming up, plans periodic waves
 * (a new period, new members) and ends pulses past their end. Any number of workers may run
 * against one database: claims are row locks taken with SKIP LOCKED, and the policy is applied
 * under a per-company lock.
 */

export interface WorkerOptions {
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  /** Messages in flight at once. */
  concurrency: number;
  /** How often periodic programmes are planned again. */
  planEveryMs: number;
  /** The companies this worker serves; null for all. */
  companies: CompanyScope;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = { intervalMs: 1_000, batchSize: 500, leaseMs: 120_000, concurrency: 10, planEveryMs: 3_600_000, companies: null };

export interface ProgrammeWorker {
  /** One full pass; resolves with what was sent. Ticks never overlap within a process. */
  tick(): Promise<SendOutcome>;
  start(): void;
  stop(): Promise<void>;
}

export function createProgrammeWorker(svc: Services, options: Partial<WorkerOptions> = {}): ProgrammeWorker {
  const opts = { ...DEFAULT_WORKER_OPTIONS, ...options };
  const runner = createPassRunner<SendOutcome>();
  let lastPlan = 0;

  async function pass(): Promise<SendOutcome> {
    const total: SendOutcome = { sent: 0, abandoned: 0, failed: 0 };
    const add = (o: SendOutcome) => {
      total.sent += o.sent;
      total.abandoned += o.abandoned;
      total.failed += o.failed;
    };
    const now = svc.now();
    await reclaimStale(svc.db, now, opts.leaseMs, opts.companies);
    if (now.getTime() - lastPlan >= opts.planEveryMs) {
      lastPlan = now.getTime();
      await planAll(svc, opts.companies);
    }
    for (const companyId of await companiesWithDue(svc.db, now, opts.companies)) {
      // The next batch is claimed while this one is delivered, so the mail never waits for the policy.
      let sends = await claimDue(svc, companyId, svc.now(), opts.batchSize);
      while (sends.length > 0 && !loop.stopped()) {
        const next = sends.length === opts.batchSize ? claimDue(svc, companyId, svc.now(), opts.batchSize) : Promise.resolve([]);
        const [delivered, claimed] = await Promise.allSettled([deliverClaimed(svc, sends, opts.concurrency), next]);
        if (delivered.status === 'fulfilled') add(delivered.value);
        if (claimed.status === 'rejected') throw claimed.reason;
        if (delivered.status === 'rejected') throw delivered.reason;
        sends = claimed.value;
      }
      // Claimed but not sent when stopping: the lease gives them back to the next worker.
      if (loop.stopped()) return total;
    }
    for (;;) {
      if (loop.stopped()) return total;
      const reminders = await claimReminders(svc, svc.now(), opts.batchSize, opts.companies);
      if (reminders.length === 0) break;
      add(await deliverClaimed(svc, reminders, opts.concurrency));
    }
    await sendOwnerNotices(svc, svc.now(), opts.companies);
    return total;
  }

  // A tick asked for while a pass runs waits for it and then makes a pass of its own, so whoever asks
  // sees everything due at the time they asked.
  const tick = () => runner.tick(pass);

  const loop = createPollLoop({ intervalMs: opts.intervalMs, pass: tick, current: runner.current, onError: (err) => svc.log.error({ err }, 'programme worker pass failed') });
  return { tick, ...loop };
}

/** Plans every active periodic programme (its current period) and ends pulses whose end has passed. */
export async function planAll(svc: Services, companies: CompanyScope = null): Promise<void> {
  const now = svc.now();
  await sql`
    update programmes set status = 'ended', updated_at = ${now}
     where kind = 'pulsed' and status = 'active' and (config->>'endAt')::timestamptz <= ${now}
       and ${inScope('company_id', companies)}`.execute(svc.db);
  const periodic = await svc.db
    .selectFrom('programmes')
    .select('id')
    .where('kind', '=', 'periodic')
    .where('status', '=', 'active')
    .where(inScope('company_id', companies))
    .execute();
  for (const p of periodic) await planProgramme(svc, p.id);
}
