import type { SurveyDetail, SurveySummary } from '../../../contract/surveys.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import type { SurveySummaryRow } from './queries.ts';

export function publicSurveyUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/s/${slug}`;
}

export function presentSurveySummary(row: SurveySummaryRow, baseUrl: string): SurveySummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind as SurveySummary['kind'],
    status: row.status as SurveySummary['status'],
    unitId: row.unit_id,
    unitName: row.unit_name,
    version: row.version ?? null,
    hasUnpublishedChanges: row.version === null ? true : Boolean(row.changed),
    publicUrl: row.live_version_id ? publicSurveyUrl(baseUrl, row.slug) : null,
    responseCount: row.response_count ?? 0,
    touchPointKey: row.touch_point_key ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentSurveyDetail(
  row: SurveySummaryRow,
  versions: { id: string; number: number; published_at: Date }[],
  countsByVersion: Map<string, number>,
  baseUrl: string,
): SurveyDetail {
  return {
    ...presentSurveySummary(row, baseUrl),
    definition: SurveyDefinitionSchema.parse(row.draft_definition),
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      publishedAt: v.published_at.toISOString(),
      responseCount: countsByVersion.get(v.id) ?? 0,
    })),
  };
}
