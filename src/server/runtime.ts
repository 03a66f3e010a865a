import path from 'node:path';
import { sql } from 'kysely';
import { buildApp, type App } from './app.ts';
import type { Config, Service } from './config.ts';
import type { Services } from './context.ts';
import { createMailer } from './email/transport.ts';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from './db/connect.ts';
import { allJobs } from './jobs/definitions.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { createApiKeyLookup } from './modules/auth/api-key-lookup.ts';
import { createLiveSurveyLookup } from './modules/responses/live-surveys.ts';
import { createProgrammeWorker, type ProgrammeWorker, type WorkerOptions } from './modules/programmes/worker.ts';
import { createResponseWriter } from './modules/responses/writer.ts';
import { createAlertWorker, type AlertWorker, type AlertWorkerOptions } from './modules/cases/worker.ts';
import { createWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './modules/webhooks/worker.ts';
import { createDigestWorker, type DigestWorker } from './modules/digests/send.ts';
import { createTextWorker, type TextWorker, type TextWorkerOptions } from './modules/verbatims/worker.ts';

/** A running Corridor: the database, the job queue, and (for the web role) the HTTP app. */
export interface Corridor {
  handle: DatabaseHandle;
  queue: JobQueue;
  services: Services;
  app: App | null;
  /** Sends invitations and reminders (the worker role); null in other roles. */
  programmes: ProgrammeWorker | null;
  /** Posts webhooks (the worker role); null in other roles. */
  webhooks: WebhookWorker | null;
  /** Checks responses against alert rules, escalates overdue cases, sends case notices (the worker role); null in other roles. */
  alerts: AlertWorker | null;
  /** Sends the review digests (the worker role); null in other roles. */
  digests: DigestWorker | null;
  /** Analyses comments into verbatims and runs the text jobs (topics applied, themes discovered) (the worker role); null in other roles. */
  texts: TextWorker | null;
  stop(): Promise<void>;
}

export interface OpenOptions {
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'baseUrl' | 'secureCookies'> & Partial<Pick<Config, 'trustProxy' | 'smtpUrl' | 'mailFrom' | 'smtpPool' | 'webhookAllowPrivate'>>;
  roles: ReadonlySet<Service>;
  log: Logger;
  webDir?: string | undefined;
  /** An open database to use instead of connecting (tests). */
  handle?: DatabaseHandle;
  now?: () => Date;
  rateLimits?: { login: number; respond: number };
  /** The programme worker's pace; `autostart: false` leaves its ticks to the caller (tests with a controlled clock). */
  programmeWorker?: Partial<WorkerOptions> & { autostart?: boolean };
  /** The webhook worker's pace; `autostart: false` leaves its ticks to the caller. */
  webhookWorker?: Partial<WebhookWorkerOptions> & { autostart?: boolean };
  /** The alert worker's pace; `autostart: false` leaves its ticks to the caller. */
  alertWorker?: Partial<AlertWorkerOptions> & { autostart?: boolean };
  /** The text worker's pace; `autostart: false` leaves its ticks to the caller. */
  textWorker?: Partial<TextWorkerOptions> & { autostart?: boolean };
}

/** The embedded database's folder inside the data folder. */
export function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/** Connects, migrates, starts the queue and workers, and builds the app, as the roles ask. */
export async function openCorridor(opts: OpenOptions): Promise<Corridor> {
  const handle =
    opts.handle ??
    (await connectDatabase({ databaseUrl: opts.config.databaseUrl, pgliteDir: opts.config.databaseUrl ? undefined : pgliteDirOf(opts.config.dataDir) }));
  const roles = opts.roles;
  await migrateToLatest(handle.db);
  const queue = await createJobQueue(handle, {
    log: opts.log,
    jobs: allJobs,
    supervise: roles.has('worker'),
    schedule: roles.has('scheduler'),
  });
  if (roles.has('worker')) await queue.work(allJobs);
  const liveSurveys = createLiveSurveyLookup(handle.db);
  const apiKeys = createApiKeyLookup(handle.db);
  const services: Services = {
    db: handle.db,
    queue,
    log: opts.log,
    baseUrl: opts.config.baseUrl,
    now: opts.now ?? (() => new Date()),
    writer: createResponseWriter(handle.db, {
      concurrent: handle.kind === 'postgres',
      // A row refused because its survey or key changed: what this process keeps of them is stale.
      onStale: ({ surveyId, apiKeyId }) => {
        if (surveyId) liveSurveys.forget();
        if (apiKeyId) apiKeys.forget(apiKeyId);
      },
    }),
    liveSurveys,
    apiKeys,
    mailer: createMailer({
      smtpUrl: opts.config.smtpUrl ?? null,
      from: opts.config.mailFrom ?? 'Corridor <no-reply@localhost>',
      pool: opts.config.smtpPool ?? 5,
      db: handle.db,
      log: opts.log,
      heloName: new URL(opts.config.baseUrl).hostname || 'localhost',
    }),
    webhookAllowPrivate: opts.config.webhookAllowPrivate ?? !opts.config.databaseUrl,
  };
  const app = roles.has('web')
    ? await buildApp({
        services,
        logger: opts.log,
        secureCookies: opts.config.secureCookies,
        trustProxy: opts.config.trustProxy,
        webDir: opts.webDir,
        rateLimits: opts.rateLimits,
        ready: async () => {
          await sql`select 1`.execute(handle.db);
        },
      })
    : null;
  const programmes = roles.has('worker') ? createProgrammeWorker(services, opts.programmeWorker) : null;
  if (programmes && opts.programmeWorker?.autostart !== false) programmes.start();
  const webhooks = roles.has('worker') ? createWebhookWorker(services, opts.webhookWorker) : null;
  if (webhooks && opts.webhookWorker?.autostart !== false) webhooks.start();
  const alerts = roles.has('worker') ? createAlertWorker(services, opts.alertWorker) : null;
  if (alerts && opts.alertWorker?.autostart !== false) alerts.start();
  const digests = roles.has('worker') ? createDigestWorker(services) : null;
  // Like the programme worker, left to the caller's ticks when a test drives the clock.
  if (digests && opts.programmeWorker?.autostart !== false) digests.start();
  const texts = roles.has('worker') ? createTextWorker(services, opts.textWorker) : null;
  if (texts && opts.textWorker?.autostart !== false) texts.start();
  let stopped = false;
  return {
    handle,
    queue,
    services,
    app,
    programmes,
    webhooks,
    alerts,
    digests,
    texts,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app?.close();
      await programmes?.stop();
      await webhooks?.stop();
      await alerts?.stop();
      await digests?.stop();
      await texts?.stop();
      // Whatever a caller is still awaiting commits before the database closes.
      await services.writer.idle();
      await queue.stop();
      await services.mailer.close();
      if (!opts.handle) await handle.close();
    },
  };
}
