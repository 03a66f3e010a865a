import { sql } from 'kysely';
import { SurveyDefinitionSchema, type SurveyDefinition } from '../../../core/survey-definition.ts';
import { createBatcher, type BatcherStats } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import type { LiveSurvey } from './service.ts';

/**
 * The live survey behind a public link, kept per process for a second (docs/decisions/0004-group-
 * commit.md). What that costs in correctness, and why it is safe:
 * - A response is stored only if its survey is still live with the version it was checked against
 *   when the writer's statement runs (writer-sql.ts); otherwise it is refused as closed (410) or
 *   checked again against the new version. So no answer is ever stored against a closed survey or
 *   a replaced version, whatever this cache holds.
 * - A publish, close or reopen in this process empties the cache at once (surveys/service.ts). In
 *   another process the respondent page may show the old state for up to TTL_MS.
 * Lookups that miss go out in coalesced batches: requests that arrive while one is in flight share
 * the next (`slug = any(...)`). The parsed definition is kept by version id: versions never change.
 */

export interface LiveSurveyLookup {
  /** The survey, or undefined when no published survey has this slug. */
  find(slug: string): Promise<LiveSurvey | undefined>;
  /** A published version's definition, parsed once per process (versions never change). */
  definition(versionId: string): Promise<SurveyDefinition>;
  /** Drops every kept survey: something was published, closed or reopened. */
  forget(): void;
  stats(): BatcherStats;
}

/** How long a survey read is used; bounds how late another process's publish or close shows on its pages. */
export const TTL_MS = 1_000;
/** Parsed definitions kept; versions are immutable, so only memory bounds it. */
const MAX_CACHED_DEFINITIONS = 1_000;
const MAX_CACHED_SLUGS = 10_000;

interface SurveyRow {
  id: string;
  slug: string;
  title: string;
  status: string;
  unit_id: string;
  path: string;
  company_name: string;
  version_id: string;
  number: number;
}

export function createLiveSurveyLookup(db: Db, opts: { maxBatch?: number; ttlMs?: number } = {}): LiveSurveyLookup {
  const ttl = opts.ttlMs ?? TTL_MS;
  const definitions = new Map<string, Promise<SurveyDefinition>>();
  const definitionOf = (versionId: string): Promise<SurveyDefinition> => {
    let def = definitions.get(versionId);
    if (!def) {
      if (definitions.size >= MAX_CACHED_DEFINITIONS) definitions.clear();
      def = db
        .selectFrom('survey_versions')
        .select('definition')
        .where('id', '=', versionId)
        .executeTakeFirstOrThrow()
        .then((row) => SurveyDefinitionSchema.parse(row.definition));
      def.catch(() => definitions.delete(versionId));
      definitions.set(versionId, def);
    }
    return def;
  };

  const rows = createBatcher<string, SurveyRow | undefined>(
    async (slugs) => {
      const { rows: found } = await sql<SurveyRow>`
        select s.id, s.slug, s.title, s.status, s.unit_id, u.path, c.name as company_name, v.id as version_id, v.number
        from surveys s
        join survey_versions v on v.id = s.live_version_id
        join units u on u.id = s.unit_id
        -- The company is the first id of the unit's path.
        join units c on c.id = split_part(u.path, '/', 2)::uuid
        where s.slug = any(${[...new Set(slugs)]}::text[])
      `.execute(db);
      const bySlug = new Map(found.map((r) => [r.slug, r]));
      return slugs.map((slug) => ({ ok: true, value: bySlug.get(slug) }));
    },
    { maxBatch: opts.maxBatch ?? 256 },
  );

  // A read that started before a forget() must not be kept after it: it may predate the change.
  let generation = 0;
  const kept = new Map<string, { until: number; row: Promise<SurveyRow | undefined> }>();
  const rowOf = (slug: string): Promise<SurveyRow | undefined> => {
    const now = performance.now();
    const hit = kept.get(slug);
    if (hit && hit.until > now) return hit.row;
    const row = rows.submit(slug);
    if (ttl > 0) {
      if (kept.size >= MAX_CACHED_SLUGS) kept.clear();
      const entry = { until: now + ttl, row };
      const at = generation;
      kept.set(slug, entry);
      row.then(
        () => {
          if (at !== generation && kept.get(slug) === entry) kept.delete(slug);
        },
        () => kept.get(slug) === entry && kept.delete(slug),
      );
    }
    return row;
  };

  return {
    async find(slug) {
      const row = await rowOf(slug);
      if (!row || row.status === 'draft') return undefined;
      return {
        surveyId: row.id,
        slug: row.slug,
        title: row.title,
        status: row.status as LiveSurvey['status'],
        unitId: row.unit_id,
        unitPath: row.path,
        companyName: row.company_name,
        versionId: row.version_id,
        versionNumber: row.number,
        definition: await definitionOf(row.version_id),
      };
    },
    definition: definitionOf,
    forget() {
      generation++;
      kept.clear();
    },
    stats: rows.stats,
  };
}
