import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/connect.ts';

/** What a loaded demo database holds, and how big it is. */
export interface DemoShape {
  database: string;
  responses: number;
  surveys: number;
  accounts: number;
  contacts: number;
  firstDay: string;
  lastDay: string;
  days: number;
  databaseSize: string;
  responsesSize: string;
  rollupRows: number;
  rollupSize: string;
  /**
   * Seconds from the first response stored to the last, by created_at (each chunk's transaction
   * start, so the last chunk's own time is left out); undefined when everything came in one go.
   */
  loadSeconds: number | undefined;
}

export async function describeDemo(handle: DatabaseHandle): Promise<DemoShape> {
  const db = handle.db;
  const one = async <T>(query: ReturnType<typeof sql<T>>): Promise<T> => {
    const row = (await query.execute(db)).rows[0];
    if (!row) throw new Error('no row');
    return row;
  };
  const version = await one(sql<{ v: string }>`select current_setting('server_version') as v`);
  const counts = await one(sql<{ responses: number; surveys: number; accounts: number; contacts: number }>`
    select (select count(*)::int from responses) as responses, (select count(*)::int from surveys) as surveys,
           (select count(*)::int from accounts) as accounts, (select count(*)::int from contacts) as contacts`);
  const span = await one(sql<{ first: string | null; last: string | null; load: number | null }>`
    select min(submitted_at)::date::text as first, max(submitted_at)::date::text as last,
           extract(epoch from max(created_at) - min(created_at))::float8 as load from responses`);
  const sizes = await one(sql<{ db: string; responses: string; rollups: string; rollup_rows: number }>`
    select pg_size_pretty(pg_database_size(current_database())) as db,
           pg_size_pretty(pg_total_relation_size('responses')) as responses,
           pg_size_pretty(pg_total_relation_size('rollup_daily')) as rollups,
           (select count(*)::int from rollup_daily) as rollup_rows`);
  const first = span.first ?? '';
  const last = span.last ?? '';
  return {
    database: handle.kind === 'postgres' ? `PostgreSQL ${version.v}` : `PGlite (PostgreSQL ${version.v})`,
    ...counts,
    firstDay: first,
    lastDay: last,
    days: first && last ? Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1 : 0,
    databaseSize: sizes.db,
    responsesSize: sizes.responses,
    rollupRows: sizes.rollup_rows,
    rollupSize: sizes.rollups,
    loadSeconds: span.load && span.load > 1 ? span.load : undefined,
  };
}
