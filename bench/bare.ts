import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createBatcher } from '../src/server/db/batcher.ts';
import type { Db } from '../src/server/db/connect.ts';

/**
 * The baselines: a bare Fastify app (no plugins, no logger, no authentication, no validation) on the
 * same database connection as Corridor, storing the posted answers in a table of its own
 * (bench_bare: a uuid key, a time and the answers as jsonb; no other index). POST /single runs one
 * INSERT per request; POST /batched goes through the same batcher as Corridor's writer
 * (src/server/db/batcher.ts), one INSERT from arrays per batch, with no rollup; POST /batched-responses
 * does the same into Corridor's own responses table (its five indexes and five foreign keys), still
 * with no validation, checks or rollup. What Corridor does on top is the difference.
 */

export interface BareApp {
  baseUrl: string;
  stored(): Promise<number>;
  /** Resolves when the batched route has nothing queued or in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The channel of the rows /batched-responses stores; they bypass the rollup, so the dashboard never counts them. */
export const BARE_CHANNEL = 'bench-bare';

/** Where /batched-responses stores: a published survey's ids, as Corridor would. */
export interface BareTarget {
  surveyId: string;
  versionId: string;
  unitId: string;
}

export async function openBareApp(db: Db, target: BareTarget): Promise<BareApp> {
  await sql`create table if not exists bench_bare (id uuid primary key default gen_random_uuid(), submitted_at timestamptz not null, answers jsonb not null)`.execute(db);
  const batched = createBatcher<{ id: string; at: string; answers: string }, { id: string }>(
    async (rows) => {
      await db.transaction().execute(async (tx) => {
        await sql`
          insert into bench_bare (id, submitted_at, answers)
          select * from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.answers)}::jsonb[])
        `.execute(tx);
      });
      return rows.map((r) => ({ ok: true, value: { id: r.id } }));
    },
    { maxBatch: 256 },
  );
  const intoResponses = createBatcher<{ id: string; at: string; answers: string }, { id: string }>(
    async (rows) => {
      const same = <T>(v: T) => rows.map(() => v);
      await db.transaction().execute(async (tx) => {
        await sql`
          insert into responses (id, survey_id, version_id, unit_id, submitted_at, answers, channel)
          select * from unnest(${rows.map((r) => r.id)}::uuid[], ${same(target.surveyId)}::uuid[], ${same(target.versionId)}::uuid[],
            ${same(target.unitId)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.answers)}::jsonb[], ${same(BARE_CHANNEL)}::text[])
        `.execute(tx);
      });
      return rows.map((r) => ({ ok: true, value: { id: r.id } }));
    },
    { maxBatch: 256 },
  );
  const app = Fastify({ logger: false });
  app.post<{ Body: { answers: unknown } }>('/single', async (req, reply) => {
    const { rows } = await sql<{ id: string }>`
      insert into bench_bare (submitted_at, answers) values (now(), ${JSON.stringify(req.body.answers)}::jsonb) returning id
    `.execute(db);
    return reply.code(201).send({ id: rows[0]?.id });
  });
  app.post<{ Body: { answers: unknown } }>('/batched', async (req, reply) => {
    const stored = await batched.submit({ id: randomUUID(), at: new Date().toISOString(), answers: JSON.stringify(req.body.answers) });
    return reply.code(201).send(stored);
  });
  app.post<{ Body: { answers: unknown } }>('/batched-responses', async (req, reply) => {
    const stored = await intoResponses.submit({ id: randomUUID(), at: new Date().toISOString(), answers: JSON.stringify(req.body.answers) });
    return reply.code(201).send(stored);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stored: async () => (await sql<{ n: number }>`select count(*)::int as n from bench_bare`.execute(db)).rows[0]?.n ?? 0,
    idle: async () => {
      await batched.idle();
      await intoResponses.idle();
    },
    stop: async () => {
      await app.close();
      await batched.idle();
      await intoResponses.idle();
    },
  };
}
