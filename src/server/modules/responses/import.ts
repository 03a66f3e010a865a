import { validateAnswers, type AnswerError } from '../../../core/answers.ts';
import { dayOf } from '../../../core/dates.ts';
import { languageOf } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import { loadRollupKeys } from '../rollups/keys.ts';
import { refreshRollups } from '../rollups/refresh.ts';
import { maskAnswersForCompany } from '../text-settings/service.ts';
import { companyIdOf } from '../units/service.ts';
import type { LiveSurvey } from './service.ts';

/** One row to import: where it came from (a line of a file), and what it says. */
export interface ImportRow {
  line: number;
  answers: Readonly<Record<string, unknown>>;
  submittedAt: Date;
  unitId?: string;
  accountId?: string | null;
  contactId?: string | null;
  attributes?: Record<string, string>;
  language?: string;
  channel?: string;
  /** The respondent's audience role, which decides (with the answers) which questions were asked. */
  audience?: string | null;
}

export interface BadRow {
  line: number;
  errors: { path: string; message: string }[];
}

export interface ImportResult {
  imported: number;
  /** Every bad row up to MAX_REPORTED; badCount counts them all. */
  bad: BadRow[];
  badCount: number;
  /** True when nothing was written because of bad rows (all-or-nothing). */
  rolledBack: boolean;
  days: number;
}

const BATCH = 500;
const MAX_REPORTED = 10_000;

class RejectedImport extends Error {}

/**
 * Imports responses from a stream, in one transaction, checking every row as a respondent's answer
 * is checked. All-or-nothing by default: one bad row and nothing is written, but every bad row is
 * still reported; with skipBadRows the good rows are kept. Memory stays constant (batches of 500).
 * The rollups of the days touched are recomputed at the end.
 */
export async function importResponseRows(
  svc: Services,
  survey: LiveSurvey,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  opts: {
    skipBadRows?: boolean;
    onProgress?: (seen: number, imported: number) => void;
    /** False when the caller rebuilds the rollups itself once many imports are done (the demo at scale). */
    refreshRollups?: boolean;
  } = {},
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, bad: [], badCount: 0, rolledBack: false, days: 0 };
  const allowedUnits = new Map<string, boolean>();
  let first: string | undefined;
  let last: string | undefined;
  try {
    await svc.db.transaction().execute(async (tx) => {
      let batch: ImportRow[] = [];
      let checked: Record<string, unknown>[] = [];
      let seen = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await insertBatch(tx, survey, batch, checked);
        result.imported += batch.length;
        batch = [];
        checked = [];
      };
      for await (const row of rows) {
        seen++;
        const { problems, answers } = await checkRow(tx, survey, row, allowedUnits);
        if (problems.length > 0) {
          result.badCount++;
          if (result.bad.length < MAX_REPORTED) result.bad.push({ line: row.line, errors: problems });
        } else if (opts.skipBadRows || result.badCount === 0) {
          batch.push(row);
          checked.push(answers);
          const day = dayOf(row.submittedAt);
          if (!first || day < first) first = day;
          if (!last || day > last) last = day;
        }
        if (batch.length >= BATCH) await flush();
        if (seen % 1_000 === 0) opts.onProgress?.(seen, result.imported);
      }
      await flush();
      opts.onProgress?.(seen, result.imported);
      if (result.badCount > 0 && !opts.skipBadRows) throw new RejectedImport();
    });
  } catch (err) {
    if (!(err instanceof RejectedImport)) throw err;
    return { ...result, imported: 0, rolledBack: true };
  }
  if (first && last && opts.refreshRollups !== false) {
    await refreshRollups(svc.db, survey.surveyId, await loadRollupKeys(svc.db, survey.surveyId), first, last);
    result.days = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
  }
  return result;
}

/** A row's problems, and its cleaned answers when it has none. */
async function checkRow(
  db: Db,
  survey: LiveSurvey,
  row: ImportRow,
  allowedUnits: Map<string, boolean>,
): Promise<{ problems: BadRow['errors']; answers: Record<string, unknown> }> {
  const problems: BadRow['errors'] = [];
  const respondent = { contact: {}, account: {}, audience: row.audience ?? null, language: row.language ?? languageOf(survey.definition) };
  const valid = validateAnswers(survey.definition, row.answers, { respondent });
  if (!valid.ok) problems.push(...valid.errors.map((e: AnswerError) => ({ path: e.questionId, message: e.message })));
  if (Number.isNaN(row.submittedAt.getTime())) problems.push({ path: 'submitted_at', message: 'Not a date and time' });
  if (row.unitId && row.unitId !== survey.unitId) {
    let ok = allowedUnits.get(row.unitId);
    if (ok === undefined) {
      const unit = await db.selectFrom('units').select('path').where('id', '=', row.unitId).executeTakeFirst();
      ok = unit?.path.startsWith(survey.unitPath) ?? false;
      allowedUnits.set(row.unitId, ok);
    }
    if (!ok) problems.push({ path: 'unit', message: "The unit is not part of the survey's unit" });
  }
  // Imported comments are masked like submitted ones when the company masks PII.
  return { problems, answers: valid.ok ? await maskAnswersForCompany(db, companyIdOf(survey.unitPath), survey.definition, valid.answers) : {} };
}

async function insertBatch(db: Db, survey: LiveSurvey, rows: ImportRow[], answers: Record<string, unknown>[]): Promise<void> {
  // As the writer stores them: the survey's touch point and the account's owner at the time of import.
  const { touch_point_id } = await db.selectFrom('surveys').select('touch_point_id').where('id', '=', survey.surveyId).executeTakeFirstOrThrow();
  const accountIds = [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
  const owners = new Map(
    accountIds.length === 0
      ? []
      : (await db.selectFrom('accounts').select(['id', 'owner_user_id']).where('id', 'in', accountIds).execute()).map((a) => [a.id, a.owner_user_id] as const),
  );
  const stored = await db
    .insertInto('responses')
    .values(
      rows.map((row, i) => ({
        touch_point_id,
        account_owner_id: row.accountId ? (owners.get(row.accountId) ?? null) : null,
        survey_id: survey.surveyId,
        version_id: survey.versionId,
        unit_id: row.unitId ?? survey.unitId,
        account_id: row.accountId ?? null,
        contact_id: row.contactId ?? null,
        submitted_at: row.submittedAt,
        answers: JSON.stringify(answers[i]),
        attributes: JSON.stringify(row.attributes ?? {}),
        language: row.language ?? 'en',
        channel: row.channel ?? 'import',
        audience: row.audience ?? null,
      })),
    )
    .returning(['id', 'answers', 'submitted_at'])
    .execute();
  // Imported comments are analysed like submitted ones: the text indexer drains this in the same way.
  const written = stored.filter((r) => Object.values(r.answers).some((v) => typeof v === 'string' && v.trim() !== ''));
  if (written.length > 0) {
    await db
      .insertInto('text_inbox')
      .values(written.map((r) => ({ response_id: r.id, created_at: r.submitted_at, available_at: r.submitted_at })))
      .onConflict((oc) => oc.column('response_id').doNothing())
      .execute();
  }
}

/** Imports rows already in memory, all or nothing; a bad row is an error naming every bad row. */
export async function importResponses(svc: Services, survey: LiveSurvey, rows: readonly Omit<ImportRow, 'line'>[]): Promise<ImportResult> {
  const result = await importResponseRows(svc, survey, rows.map((r, i) => ({ ...r, line: i + 1 })));
  if (result.rolledBack) {
    throw new AppError('invalid_rows', 422, `${result.badCount} of ${rows.length} rows are invalid; nothing was imported`, result.bad.slice(0, 100));
  }
  return result;
}
