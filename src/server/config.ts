import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration, read once from the environment and validated. This is the only module that reads
 * process.env; everything else receives a Config.
 */

const SERVICES = ['web', 'worker', 'scheduler'] as const;
export type Service = (typeof SERVICES)[number];

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user:pass@host:5432/db')
    .optional(),
  CORRIDOR_DATA_DIR: z.string().min(1).default('.corridor'),
  PORT: z.coerce
    .number({ error: 'must be a port number from 1 to 65535' })
    .int('must be a port number from 1 to 65535')
    .min(1, 'must be a port number from 1 to 65535')
    .max(65_535, 'must be a port number from 1 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.url('must be an absolute URL such as https://cx.example.com').optional(),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Corridor <no-reply@localhost>'),
  SMTP_POOL: z.coerce.number({ error: 'must be a number of connections from 1 to 100' }).int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'must be true, false or the number of proxies in front of Corridor')
    .default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  baseUrl: string;
  secret: string;
  /** Where mail goes; without it, mail is kept in the outbox (admin → Outbox). */
  smtpUrl: string | undefined;
  /** The From of Corridor's mail. */
  mailFrom: string;
  /** SMTP connections kept open and reused. */
  smtpPool: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Reverse proxies to trust for the client's address: false, true (all) or a number of hops. */
  trustProxy: boolean | number;
  /** Cookies are marked Secure when Corridor is served over https. */
  secureCookies: boolean;
  /** Webhooks may call private and loopback addresses (never link-local or metadata ones); default: only on the embedded database. */
  webhookAllowPrivate: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
}

/** Reads the SECRET from the data folder, creating it the first time. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Parses and validates configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(`Corridor cannot start: the configuration is wrong.\n  ${formatIssues(parsed.error)}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CORRIDOR_DATA_DIR);
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    secret: e.SECRET ?? loadOrCreateSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    smtpPool: e.SMTP_POOL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : Number(e.TRUST_PROXY),
    secureCookies: baseUrl.startsWith('https://'),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ? e.WEBHOOK_ALLOW_PRIVATE === 'true' : !e.DATABASE_URL,
  };
}

/** Parses a --services list such as "web,worker". */
export function parseServices(list: string): Set<Service> {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SERVICES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError(`--services takes a comma-separated list of ${SERVICES.join(', ')}; got "${list}"`);
  }
  return new Set(names as Service[]);
}

export const ALL_SERVICES: ReadonlySet<Service> = new Set(SERVICES);
