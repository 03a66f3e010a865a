import type { Services } from '../../context.ts';
import { createPassRunner, createPollLoop } from '../../jobs/poll-loop.ts';
import { companyIdOf } from '../units/service.ts';
import { claimTextInbox, deferTextInbox, indexResponse, indexResponses } from './index-responses.ts';
import { claimTextJob, needsDiscovery, queueTextJob, runTextJobStep } from './jobs.ts';
import { contextCache } from './write-verbatim.ts';

/**
 * The text worker: every tick it analyses the responses in the text inbox into verbatims, queues a
 * theme discovery for a company that gathered enough new ones, and moves the text jobs (topics
 * applied to the history, discoveries) on by a few batches. Any number may run against one
 * database: inbox rows and jobs are claimed with SKIP LOCKED and a lease.
 */

export interface TextWorkerOptions {
  intervalMs: number;
  batchSize: number;
  /** Verbatims re-analysed per job step (one transaction). */
  jobBatchSize: number;
  /** How long one tick may spend on jobs before it lets the inbox go first again. */
  jobBudgetMs: number;
  /** The companies this worker serves; null for all. */
  companies: readonly string[] | null;
}

export const DEFAULT_TEXT_WORKER_OPTIONS: TextWorkerOptions = { intervalMs: 1_000, batchSize: 200, jobBatchSize: 500, jobBudgetMs: 2_000, companies: null };

export interface TextTickOutcome {
  indexed: number;
  jobSteps: number;
}

export interface TextWorker {
  /** One pass: the inbox drained, then the jobs until done or the budget spent. Ticks never overlap. */
  tick(): Promise<TextTickOutcome>;
  start(): void;
  stop(): Promise<void>;
}

export function createTextWorker(svc: Services, options: Partial<TextWorkerOptions> = {}): TextWorker {
  const opts = { ...DEFAULT_TEXT_WORKER_OPTIONS, ...options };
  const runner = createPassRunner<TextTickOutcome>();

  async function pass(): Promise<TextTickOutcome> {
    const out: TextTickOutcome = { indexed: 0, jobSteps: 0 };
    const contextOf = contextCache(svc.db);
    const touched = new Set<string>();
    for (;;) {
      const ids = await claimTextInbox(svc.db, svc.now(), opts.batchSize, opts.companies);
      try {
        out.indexed += await indexResponses(svc.db, ids, contextOf, svc.now());
      } catch {
        // One bad response fails its batch: each alone, so the others go through.
        for (const id of ids) {
          try {
            out.indexed += await indexResponse(svc.db, id, contextOf, svc.now());
          } catch (err) {
            svc.log.error({ err, responseId: id }, 'text indexing failed; it will be retried');
            await deferTextInbox(svc.db, id, svc.now()).catch(() => undefined);
          }
        }
      }
      if (ids.length > 0) {
        const rows = await svc.db.selectFrom('responses as r').innerJoin('units as u', 'u.id', 'r.unit_id').select('u.path').where('r.id', 'in', ids).execute();
        for (const r of rows) touched.add(companyIdOf(r.path));
      }
      if (ids.length < opts.batchSize || loop.stopped()) break;
    }
    for (const companyId of touched) {
      if (await needsDiscovery(svc.db, companyId)) await queueTextJob(svc.db, companyId, 'themes.discover', null, null, svc.now());
    }
    const until = Date.now() + opts.jobBudgetMs;
    while (Date.now() < until && !loop.stopped()) {
      const job = await claimTextJob(svc.db, svc.now(), opts.companies);
      if (!job) break;
      out.jobSteps++;
      try {
        await runTextJobStep(svc.db, job, svc.now(), opts.jobBatchSize);
      } catch (err) {
        svc.log.error({ err, jobId: job.id, kind: job.kind }, 'text job step failed; it will be retried');
      }
    }
    return out;
  }

  const tick = () => runner.tick(pass);
  const scheduled = () => runner.whenIdle(pass);

  const loop = createPollLoop({ intervalMs: opts.intervalMs, pass: scheduled, current: runner.current, onError: (err) => svc.log.error({ err }, 'text worker pass failed') });
  return { tick, ...loop };
}
