import type { AnalyticsResult } from '../contract/analytics.ts';
import { QUADRANT_LABELS } from '../core/quadrants.ts';
import { listScaleItems } from '../core/scale-items.ts';
import { writeCsv } from '../core/table-files.ts';
import type { Services } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { getAccountQuadrants } from '../server/modules/account-analytics/service.ts';
import { queryAnalytics } from '../server/modules/analytics/service.ts';
import type { Actor } from '../server/modules/auth/actor.ts';
import { getCorridorView } from '../server/modules/drivers/corridor-view.ts';
import { getSurveyDrivers, liveDefinitionOf } from '../server/modules/drivers/service.ts';
import { REPORT_FORMATS, renderTextTable, type ReportFormat, type ReportTable } from './report-output.ts';

/**
 * corridor report nps|csat|ces|drivers|quadrants|corridor: the API's own services, called as the
 * company's administrator (or --as a user, to see what they see), printed as a table, CSV or JSON.
 */

export const REPORTS = ['nps', 'csat', 'ces', 'drivers', 'quadrants', 'corridor'] as const;
export type ReportKind = (typeof REPORTS)[number];

export interface ReportOptions {
  survey?: string | undefined;
  by?: string | undefined;
  interval?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** drivers: the outcome's answer key; corridor: the corridor's audience role. */
  outcome?: string | undefined;
  corridor?: string | undefined;
  drivers?: string | undefined;
  format: string;
}

const range = (o: ReportOptions) => ({ ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) });

async function surveyIdOf(svc: Services, slug: string | undefined, kind: ReportKind): Promise<string> {
  if (!slug) throw new AppError('bad_option', 400, `corridor report ${kind} needs --survey <slug>`);
  const row = await svc.db.selectFrom('surveys').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new AppError('survey_not_found', 404, `No survey has the slug "${slug}"`);
  return row.id;
}

/** The first question of a type in the survey's live version: the CSAT or CES question a report reads. */
async function questionOfType(svc: Services, surveyId: string, type: 'csat' | 'ces'): Promise<string> {
  const item = listScaleItems(await liveDefinitionOf(svc, surveyId)).find((i) => i.type === type);
  if (!item) throw new AppError('question_not_found', 404, `The survey asks no ${type.toUpperCase()} question`);
  return item.key;
}

function metricTable(r: AnalyticsResult): ReportTable {
  const label = (list: AnalyticsResult['groups'], v: string | null) => (v === null ? null : (list.find((g) => g.value === v)?.label ?? v));
  return {
    columns: [
      ...(r.interval ? [{ key: 'period', label: r.interval }] : []),
      ...(r.groupBy ? [{ key: 'group', label: r.groupBy }] : []),
      { key: 'value', label: r.metric.toUpperCase(), numeric: true },
      { key: 'n', label: 'n', numeric: true },
      { key: 'se', label: 'SE', numeric: true },
      { key: 'low', label: '95% low', numeric: true },
      { key: 'high', label: '95% high', numeric: true },
      ...(r.groupBy ? [{ key: 'vsRest', label: 'vs rest', numeric: true }, { key: 'significant', label: 'significant' }] : []),
      { key: 'small', label: 'small sample' },
    ],
    rows: r.cells.map((c) => ({
      period: c.period,
      group: label(r.groups, c.group),
      value: c.value,
      n: c.n,
      se: c.standardError,
      low: c.interval?.[0] ?? null,
      high: c.interval?.[1] ?? null,
      vsRest: c.comparison?.difference ?? null,
      significant: c.comparison ? (c.comparison.significant ? 'yes' : 'no') : null,
      small: c.smallSample ? 'yes' : '',
    })),
  };
}

/** Runs one report: its full result (what --format json prints) and its table. */
export async function runReport(svc: Services, actor: Actor, kind: ReportKind, o: ReportOptions): Promise<{ result: unknown; table: ReportTable }> {
  switch (kind) {
    case 'nps':
    case 'csat':
    case 'ces': {
      const surveyId = await surveyIdOf(svc, o.survey, kind);
      const question = kind === 'nps' ? undefined : await questionOfType(svc, surveyId, kind);
      const result = await queryAnalytics(svc, actor, {
        surveys: [surveyId],
        metric: kind,
        ...(question ? { question } : {}),
        ...(o.by ? { groupBy: o.by } : {}),
        ...(o.interval ? { interval: o.interval as 'month' } : {}),
        ...range(o),
      });
      return { result, table: metricTable(result) };
    }
    case 'drivers': {
      const result = await getSurveyDrivers(svc, actor, await surveyIdOf(svc, o.survey, kind), {
        ...(o.outcome ? { outcome: o.outcome } : {}),
        ...(o.drivers ? { drivers: o.drivers as 'items' } : {}),
        ...range(o),
      });
      if (result.status !== 'ok') throw new AppError(result.status.replace(/-/g, '_'), 422, result.message ?? 'No driver analysis is possible');
      return {
        result,
        table: {
          columns: [
            { key: 'driver', label: 'driver' },
            { key: 'share', label: '% of R²', numeric: true },
            { key: 'weight', label: 'weight', numeric: true },
            { key: 'sign', label: 'sign', numeric: true },
            { key: 'performance', label: 'performance 0–100', numeric: true },
            { key: 'quadrant', label: 'quadrant' },
          ],
          rows: result.drivers.map((d) => ({ driver: d.label, share: d.share, weight: d.weight, sign: d.sign, performance: d.performance.score, quadrant: d.quadrant })),
        },
      };
    }
    case 'quadrants': {
      const result = await getAccountQuadrants(svc, actor, range(o));
      return {
        result,
        table: {
          columns: [
            { key: 'code', label: 'code' },
            { key: 'name', label: 'account' },
            { key: 'quadrant', label: 'quadrant' },
            { key: 'index', label: 'index', numeric: true },
            { key: 'nps', label: 'NPS', numeric: true },
            { key: 'mean', label: 'mean 0–10', numeric: true },
            { key: 'n', label: 'n', numeric: true },
            { key: 'billed', label: 'billed', numeric: true },
            { key: 'estimated', label: 'estimated', numeric: true },
            { key: 'was', label: 'previous quadrant' },
          ],
          rows: result.accounts.map((a) => ({
            code: a.code,
            name: a.name,
            quadrant: a.quadrant ? QUADRANT_LABELS[a.quadrant] : 'no score',
            index: a.summaryIndex,
            nps: a.nps.score,
            mean: a.nps.mean,
            n: a.n,
            billed: a.billedRevenue,
            estimated: a.estimatedRevenue,
            was: a.previousQuadrant ? QUADRANT_LABELS[a.previousQuadrant] : '',
          })),
        },
      };
    }
    case 'corridor': {
      if (!o.corridor) throw new AppError('bad_option', 400, 'corridor report corridor needs --corridor <audience role>, e.g. --corridor executive');
      const result = await getCorridorView(svc, actor, o.corridor, range(o));
      return {
        result,
        table: {
          columns: [
            { key: 'step', label: '#', numeric: true },
            { key: 'name', label: 'touch point' },
            { key: 'stage', label: 'stage' },
            { key: 'score', label: 'score 0–100', numeric: true },
            { key: 'n', label: 'n', numeric: true },
            { key: 'importance', label: '% of R²', numeric: true },
            { key: 'gap', label: 'gap', numeric: true },
            { key: 'snarl', label: 'snarl' },
          ],
          rows: result.steps.map((s, i) => ({ step: i + 1, name: s.name, stage: s.stage, score: s.score, n: s.n, importance: s.importance, gap: s.gap?.gap ?? null, snarl: s.snarl ? 'yes' : '' })),
        },
      };
    }
  }
}

/** The report as the chosen format prints it. */
export function formatReport(format: ReportFormat, report: { result: unknown; table: ReportTable }): string {
  if (format === 'json') return JSON.stringify(report.result, null, 2);
  if (format === 'csv') return writeCsv([report.table.columns.map((c) => c.label), ...report.table.rows.map((r) => report.table.columns.map((c) => r[c.key]))]);
  return renderTextTable(report.table);
}

export function parseReportFormat(format: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new AppError('bad_option', 400, `--format: use one of ${REPORT_FORMATS.join(', ')}`);
  return format as ReportFormat;
}
