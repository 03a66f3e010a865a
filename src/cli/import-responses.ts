import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import { storedKeys } from '../core/answer-keys.ts';
import type { Question } from '../core/survey-definition.ts';
import type { Services } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { importResponseRows, type ImportResult, type ImportRow } from '../server/modules/responses/import.ts';
import { findLiveSurvey } from '../server/modules/responses/service.ts';

/**
 * corridor import responses <file.csv> --survey <slug>: columns named after answer keys (question ids,
 * and "<id>.<row>", "<id>.other", ... as stored; or mapped with --map column=key) are answers; a multi
 * choice or ranking cell lists option ids separated by ";". submitted_at, language and audience are read as such;
 * every other column becomes a segment attribute of the response.
 */

export interface ImportOptions {
  survey: string;
  map: string[];
  skipBadRows: boolean;
  unitId?: string;
  onProgress?: (seen: number, imported: number) => void;
}

export function parseMappings(pairs: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new AppError('bad_mapping', 400, `--map takes column=questionId, got "${pair}"`);
    map.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return map;
}

/** Reads a time the way spreadsheets write it: ISO 8601, or "YYYY-MM-DD[ HH:MM[:SS]]" in UTC. */
function parseTime(text: string): Date {
  const t = text.trim();
  const plain = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(t);
  if (plain) return new Date(`${plain[1]}T${plain[2] ?? '00:00'}${plain[2]?.length === 5 ? ':00' : ''}Z`);
  return new Date(t);
}

export async function importResponsesCsv(svc: Services, file: string, opts: ImportOptions): Promise<ImportResult> {
  if (!existsSync(file)) throw new AppError('file_not_found', 404, `No file at ${file}`);
  const survey = await findLiveSurvey(svc, opts.survey);
  const keys = new Map<string, Question>(survey.definition.questions.flatMap((q) => storedKeys(q).map((k) => [k, q] as const)));
  const mappings = parseMappings(opts.map);
  for (const [column, id] of mappings) {
    if (!keys.has(id)) throw new AppError('bad_mapping', 400, `--map ${column}=${id}: the survey has no question "${id}" (it has ${[...keys.keys()].join(', ')})`);
  }
  const lists = new Set(survey.definition.questions.filter((q) => q.type === 'multi' || q.type === 'ranking').map((q) => q.id));
  const now = svc.now();
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, info: true }));
  async function* rows(): AsyncGenerator<ImportRow> {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const answers: Record<string, string | string[]> = {};
      const attributes: Record<string, string> = {};
      let submittedAt = now;
      let language: string | undefined;
      let audience: string | undefined;
      for (const [column, value] of Object.entries(record)) {
        const id = mappings.get(column) ?? (keys.has(column) ? column : undefined);
        if (id) answers[id] = lists.has(id) && value !== '' ? value.split(';').map((v) => v.trim()) : value;
        else if (column === 'submitted_at') submittedAt = value ? parseTime(value) : now;
        else if (column === 'language') language = value || undefined;
        else if (column === 'audience') audience = value || undefined;
        else if (value !== '') attributes[column] = value;
      }
      yield { line: info.lines, answers, submittedAt, attributes, ...(language ? { language } : {}), ...(audience ? { audience } : {}), ...(opts.unitId ? { unitId: opts.unitId } : {}), channel: 'import' };
    }
  }
  return importResponseRows(svc, survey, rows(), { skipBadRows: opts.skipBadRows, onProgress: opts.onProgress });
}
