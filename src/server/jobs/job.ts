import type { z } from 'zod';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';

/** What a job handler gets besides its data. */
export interface JobContext {
  db: Db;
  log: Logger;
}

/** A typed job definition: the name, the schema of its data, and what it does. */
export interface JobDefinition<S extends z.ZodType> {
  name: string;
  schema: S;
  /** pg-boss queue policy; 'stately' keeps one queued and one active job per singleton key. */
  policy: 'standard' | 'stately';
  /** The key that makes duplicate requests collapse into one job. */
  singletonKey?: (data: z.infer<S>) => string;
  handle(data: z.infer<S>, ctx: JobContext): Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
