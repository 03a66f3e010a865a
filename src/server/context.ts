import type { Db } from './db/connect.ts';
import type { Mailer } from './email/transport.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import type { ApiKeyLookup } from './modules/auth/api-key-lookup.ts';
import type { LiveSurveyLookup } from './modules/responses/live-surveys.ts';
import type { ResponseWriter } from './modules/responses/writer.ts';

/** What services need from the outside world, passed in rather than imported. */
export interface Services {
  db: Db;
  queue: JobQueue;
  log: Logger;
  baseUrl: string;
  /** The clock; tests and the demo loader pass their own. */
  now(): Date;
  /** Stores responses by group commit (one per process; docs/decisions/0004-group-commit.md). */
  writer: ResponseWriter;
  /** Live surveys by slug and API keys by hash, read in coalesced batches and kept briefly (decision 0004). */
  liveSurveys: LiveSurveyLookup;
  apiKeys: ApiKeyLookup;
  /** Sends mail exactly once (SMTP), or keeps it in the outbox when no SMTP server is set. */
  mailer: Mailer;
  /** Webhooks may call private and loopback addresses (config WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: boolean;
}
