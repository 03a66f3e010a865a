import { sql } from 'kysely';
import { EXPORT_CONTENT_TYPES, ResponseExportQuerySchema, type ExportFormat, type ResponseExportQuery } from '../../../contract/export.ts';
import { answerCellsReader, answerColumnsOf } from '../../../core/response-table.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import { createXlsxWriter, formatCsvRow, UTF8_BOM, type TableCell } from '../../../core/table-files.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { responsesInScope, type DataScope } from '../../db/scope.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { authorize, can, type Actor } from '../auth/actor.ts';
import { getSurveyForReading } from '../surveys/service.ts';
import { companyIdOf } from '../units/service.ts';

/**
 * A survey's responses as a CSV or XLSX file, read in keyset batches and written as it is read, so
 * memory stays constant for any number of responses: the next batch is read only when the consumer
 * (the HTTP socket, a file) has taken the previous one.
 */

/**
 * Responses read per query. Smaller batches die young in V8's nursery; the live heap of an export
 * stays near 20 MB whatever the batch, but larger ones let the heap grow further before it collects.
 */
const BATCH = 1_000;

/** What to export: one survey, the responses the reader may see, and whether contacts' emails are shown. */
export interface ExportTarget {
  surveyId: string;
  slug: string;
  scope: DataScope;
  includeContacts: boolean;
}

export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** The file's bytes, batch by batch. */
  chunks: AsyncIterable<Uint8Array>;
}

/** The export of a survey's responses for a reader: their units' responses only; contacts only for roles that see customers. */
export async function prepareResponseExportFor(svc: Services, actor: Actor, surveyId: string, raw: ResponseExportQuery): Promise<PreparedExport> {
  authorize(actor, 'responses.read');
  const query = ResponseExportQuerySchema.parse(raw);
  const { survey, scope } = await getSurveyForReading(svc, actor, surveyId);
  return prepareResponseExport(svc, { surveyId, slug: survey.slug, scope, includeContacts: can(actor, 'customers.read') }, query);
}

/** The whole export of a survey found by its slug, for the operator's command line. */
export async function exportTargetOfSlug(db: Db, slug: string): Promise<ExportTarget> {
  const row = await db.selectFrom('surveys').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (!row) throw new NotFoundError(`The survey "${slug}"`);
  return { surveyId: row.id, slug: row.slug, scope: { all: true }, includeContacts: true };
}

interface ExportRange {
  from: Date | null;
  /** Exclusive: the start of the day after `to`. */
  until: Date | null;
  batchSize: number;
  onRows?: ((rowsSoFar: number) => void) | undefined;
}

function rangeOf(query: ResponseExportQuery): Pick<ExportRange, 'from' | 'until'> {
  const day = (d: string, name: string) => {
    const t = new Date(`${d}T00:00:00Z`);
    if (Number.isNaN(t.getTime())) throw new ValidationError(`${name} is not a day`, [{ path: name, message: 'Use a day as YYYY-MM-DD' }]);
    return t;
  };
  return {
    from: query.from ? day(query.from, 'from') : null,
    until: query.to ? new Date(day(query.to, 'to').getTime() + 86_400_000) : null,
  };
}

/** The file name: the survey's slug (letters, digits, dashes), the range, the extension. */
function fileNameOf(slug: string, query: ResponseExportQuery, format: ExportFormat): string {
  const range = query.from || query.to ? `-${query.from ?? 'start'}-to-${query.to ?? 'now'}` : '';
  return `${slug.replace(/[^a-z0-9-]/g, '-')}-responses${range}.${format}`;
}

const FIXED_HEADERS = ['response_id', 'submitted_at', 'status', 'unit', 'account', 'account_crm_id', 'contact_email', 'language', 'channel', 'audience', 'survey_version'];

export async function prepareResponseExport(
  svc: Services,
  target: ExportTarget,
  query: ResponseExportQuery,
  options: { batchSize?: number; onRows?: (rowsSoFar: number) => void } = {},
): Promise<PreparedExport> {
  const range: ExportRange = { ...rangeOf(query), batchSize: options.batchSize ?? BATCH, onRows: options.onRows };
  const versions = await svc.db
    .selectFrom('survey_versions')
    .select(['id', 'number', 'definition'])
    .where('survey_id', '=', target.surveyId)
    .orderBy('number', 'desc')
    .execute();
  const definitions = versions.map((v) => ({ id: v.id, number: v.number, definition: SurveyDefinitionSchema.parse(v.definition) }));
  const answerColumns = answerColumnsOf(definitions.map((d) => d.definition));
  const readers = new Map(definitions.map((d) => [d.id, { number: d.number, read: answerCellsReader(d.definition, answerColumns) }]));
  const attributeKeys = await loadAttributeKeys(svc.db, target, range);

  // Answer columns are named by their stored key and attributes by their name, so a file can be
  // imported back; a response field that a question id repeats (a question "channel") and an
  // attribute named like a column are prefixed instead.
  const answerKeys = new Set(answerColumns.map((c) => c.key));
  const fixed = FIXED_HEADERS.filter((h) => target.includeContacts || h !== 'contact_email').map((h) => (answerKeys.has(h) ? `response_${h}` : h));
  const taken = new Set([...fixed, ...answerKeys]);
  const header = [...fixed, ...attributeKeys.map((k) => (taken.has(k) ? `attribute.${k}` : k)), ...answerColumns.map((c) => c.key)];
  const units = await loadUnitNames(svc.db, target.surveyId);

  const cellsOf = (r: ExportRow): TableCell[] => {
    const version = readers.get(r.version_id);
    const head: TableCell[] = [r.id, new Date(Math.floor(r.submitted_ms)), r.status, units.get(r.unit_id) ?? r.unit_id, r.account_name, r.account_crm_id];
    if (target.includeContacts) head.push(r.contact_email);
    head.push(r.language, r.channel, r.audience, version?.number ?? null);
    for (const k of attributeKeys) head.push(r.attributes[k] ?? null);
    return [...head, ...(version ? version.read(r.answers) : answerColumns.map(() => null))];
  };

  return {
    fileName: fileNameOf(target.slug, query, query.format),
    contentType: EXPORT_CONTENT_TYPES[query.format],
    chunks: query.format === 'csv' ? csvChunks(svc.db, target, range, header, cellsOf) : xlsxChunks(svc.db, target, range, header, cellsOf),
  };
}

const encoder = new TextEncoder();

async function* csvChunks(db: Db, target: ExportTarget, range: ExportRange, header: string[], cellsOf: (r: ExportRow) => TableCell[]): AsyncGenerator<Uint8Array> {
  // The byte order mark makes Excel read the file as UTF-8; other readers skip it.
  yield encoder.encode(UTF8_BOM + formatCsvRow(header));
  for await (const rows of batches(db, target, range)) {
    let text = '';
    for (const r of rows) text += formatCsvRow(cellsOf(r));
    yield encoder.encode(text);
  }
}

async function* xlsxChunks(db: Db, target: ExportTarget, range: ExportRange, header: string[], cellsOf: (r: ExportRow) => TableCell[]): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  // Level 1: a large export is bound by compression; level 6 is three times slower for 20 % less.
  const writer = createXlsxWriter((chunk) => pending.push(chunk), { sheetName: 'Responses', header: true, level: 1 });
  const take = () => {
    const out = pending;
    pending = [];
    return out;
  };
  writer.addRow(header);
  for await (const rows of batches(db, target, range)) {
    for (const r of rows) writer.addRow(cellsOf(r));
    yield* take();
  }
  writer.end();
  yield* take();
}

interface ExportRow {
  id: string;
  submitted_ms: number;
  cursor_at: string;
  status: string;
  unit_id: string;
  version_id: string;
  account_name: string | null;
  account_crm_id: string | null;
  contact_email: string | null;
  language: string;
  channel: string;
  audience: string | null;
  attributes: Record<string, string>;
  answers: Record<string, unknown>;
}

function baseQuery(db: Db, target: ExportTarget, range: Pick<ExportRange, 'from' | 'until'>) {
  let q = db.selectFrom('responses as r').where('r.survey_id', '=', target.surveyId).where(responsesInScope(target.scope));
  if (range.from) q = q.where('r.submitted_at', '>=', range.from);
  if (range.until) q = q.where('r.submitted_at', '<', range.until);
  return q;
}

/**
 * The responses in submission order, a batch at a time, by keyset on (submitted_at, id). The next
 * batch is asked for as soon as a batch arrives, so the database reads it while this one is written.
 */
async function* batches(db: Db, target: ExportTarget, range: ExportRange): AsyncGenerator<ExportRow[]> {
  let read = 0;
  let next: Promise<ExportRow[]> | null = readBatch(db, target, range, null);
  while (next) {
    const rows: ExportRow[] = await next;
    const last = rows.at(-1);
    next = rows.length === range.batchSize && last ? readBatch(db, target, range, { at: last.cursor_at, id: last.id }) : null;
    // A reader that stops early (the client went away) leaves this read behind: its failure is nobody's.
    next?.catch(() => {});
    read += rows.length;
    range.onRows?.(read);
    if (rows.length > 0) yield rows;
  }
}

function readBatch(db: Db, target: ExportTarget, range: ExportRange, after: { at: string; id: string } | null): Promise<ExportRow[]> {
  let q = baseQuery(db, target, range)
    .leftJoin('accounts as a', 'a.id', 'r.account_id')
    .select([
      'r.id',
      // Milliseconds as a float: far cheaper to read than a timestamp, which the driver parses by hand.
      sql<number>`(extract(epoch from r.submitted_at) * 1000)::float8`.as('submitted_ms'),
      // The cursor keeps the time as the database holds it (microseconds), which a Date would cut to milliseconds.
      sql<string>`r.submitted_at::text`.as('cursor_at'),
      'r.status',
      'r.unit_id',
      'r.version_id',
      'a.name as account_name',
      'a.crm_id as account_crm_id',
      'r.language',
      'r.channel',
      'r.audience',
      'r.attributes',
      'r.answers',
    ]);
  q = target.includeContacts
    ? q.leftJoin('contacts as c', 'c.id', 'r.contact_id').select('c.email as contact_email')
    : q.select(sql<null>`null`.as('contact_email'));
  if (after) {
    // The first condition lets the index on (survey_id, submitted_at) start at the cursor.
    q = q.where(sql<boolean>`r.submitted_at >= ${after.at}::timestamptz and (r.submitted_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  const query = q.orderBy('r.submitted_at').orderBy('r.id').limit(range.batchSize);
  // Walk the index on (survey_id, submitted_at, id) and stop after one batch. Left to its estimates
  // (stale after a bulk import; PGlite never analyses on its own), the planner may read every later
  // row and sort them for each batch, which makes an export quadratic.
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(tx);
    return (await tx.executeQuery(query.compile())).rows as ExportRow[];
  });
}

/** The attribute names of the responses to export, sorted, for the header (one pass over the index). */
async function loadAttributeKeys(db: Db, target: ExportTarget, range: ExportRange): Promise<string[]> {
  const rows = await baseQuery(db, target, range)
    .select(sql<string>`jsonb_object_keys(r.attributes)`.as('key'))
    .distinct()
    .execute();
  return rows.map((r) => r.key).sort();
}

/** The names of the units of the survey's company: responses lie within it. */
async function loadUnitNames(db: Db, surveyId: string): Promise<Map<string, string>> {
  const survey = await db.selectFrom('surveys as s').innerJoin('units as u', 'u.id', 's.unit_id').select('u.path').where('s.id', '=', surveyId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('path', 'like', `/${companyIdOf(survey.path)}/%`).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
