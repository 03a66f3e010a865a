import { sql } from 'kysely';
import { SurveyDefinitionSchema, type SurveyDefinition } from '../../../core/survey-definition.ts';
import { createBatcher, type BatcherStats } from '../../db/batcher.ts';
import type { Db } from '../../db/connect.ts';
import type { LiveSurvey } from './service.ts';

/**
 * The live survey behind a public link, read for every request but in coalesced batches: requests
 * that arrive while a lookup is in flight share the next one, a single `slug = any(...)` query. So a
 * survey closed or republished by any process is seen by the next request, as with a query of its own
 * (docs/decisions/0004-group-commit.md). Only the parsed definition is kept, by version id: a published
 * version never changes.
 */

export interface LiveSurveyLookup {
  /** The survey, or undefined when no published survey has this slug. */
  find(slug: string): Promise<LiveSurvey | undefined>;
  stats(): BatcherStats;
}

/** Parsed definitions kept; versions are immutable, so only memory bounds it. */
const MAX_CACHED_DEFINITIONS = 1_000;

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

export function createLiveSurveyLookup(db: Db, opts: { maxBatch?: number } = {}): LiveSurveyLookup {
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
        join units c on c.id::text = split_part(u.path, '/', 2)
        where s.slug = any(${[...new Set(slugs)]}::text[])
      `.execute(db);
      const bySlug = new Map(found.map((r) => [r.slug, r]));
      return slugs.map((slug) => ({ ok: true, value: bySlug.get(slug) }));
    },
    { maxBatch: opts.maxBatch ?? 256 },
  );

  return {
    async find(slug) {
      const row = await rows.submit(slug);
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
    stats: rows.stats,
  };
}
