import type { Db } from './db/connect.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';

/** What services need from the outside world, passed in rather than imported. */
export interface Services {
  db: Db;
  queue: JobQueue;
  log: Logger;
  baseUrl: string;
  /** The clock; tests and the demo loader pass their own. */
  now(): Date;
}
