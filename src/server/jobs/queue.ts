import { PgBoss, fromKysely, fromPglite } from 'pg-boss';
import type { z } from 'zod';
import type { DatabaseHandle, Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { JobDefinition } from './job.ts';

/**
 * The durable job queue: pg-boss on the same database as everything else. On PGlite it runs
 * through pg-boss's own PGlite adapter over the single embedded connection.
 */

export interface JobQueue {
  /**
   * Enqueues a job. Inside a transaction pass it as `tx`: the job then exists if and only if the
   * transaction commits (and on PGlite, whose one connection the transaction holds, it must).
   */
  send<S extends z.ZodType>(job: JobDefinition<S>, data: z.infer<S>, tx?: Db): Promise<void>;
  /** Starts workers for these jobs in this process. */
  work(jobs: readonly JobDefinition<z.ZodType>[]): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueOptions {
  log: Logger;
  /** Every job this process may send or work; their queues are created at start, outside any transaction. */
  jobs: readonly JobDefinition<z.ZodType>[];
  /** Runs maintenance (expiry, retention) in this process. */
  supervise: boolean;
  /** Runs cron schedules in this process. */
  schedule: boolean;
  pollingIntervalSeconds?: number;
}

export async function createJobQueue(handle: DatabaseHandle, opts: QueueOptions): Promise<JobQueue> {
  const common = { schema: 'pgboss', supervise: opts.supervise, schedule: opts.schedule };
  const boss =
    handle.kind === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(handle.pglite), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: handle.connectionString, max: 4 });
  boss.on('error', (err: unknown) => opts.log.error({ err }, 'job queue error'));
  await boss.start();
  const known = new Set<string>();
  for (const job of opts.jobs) {
    await boss.createQueue(job.name, { policy: job.policy, retryLimit: 5, retryBackoff: true });
    known.add(job.name);
  }
  const assertKnown = (job: JobDefinition<z.ZodType>): void => {
    if (!known.has(job.name)) throw new Error(`Job ${job.name} is not registered with the queue`);
  };
  const db = handle.db;

  return {
    async send(job, data, tx) {
      assertKnown(job);
      const parsed = job.schema.parse(data);
      const singletonKey = job.singletonKey?.(parsed);
      await boss.send(job.name, parsed as object, {
        ...(singletonKey ? { singletonKey } : {}),
        ...(tx ? { db: fromKysely(tx) } : {}),
      });
    },
    async work(jobs) {
      for (const job of jobs) {
        assertKnown(job);
        await boss.work(
          job.name,
          { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, batchSize: 1 },
          async ([received]) => {
            if (!received) return;
            const data = job.schema.parse(received.data);
            await job.handle(data, { db, log: opts.log.child({ job: job.name, jobId: received.id }) });
          },
        );
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
