/**
 * A survey's responses as a table: one column per stored answer key over every version of the survey,
 * and each stored value turned into what a person reads in a spreadsheet (option texts for choices,
 * numbers for scales). Pure, so the server's export and the command line share it.
 */
import { partKey, storedKeys } from './answer-keys.ts';
import { OTHER, type Question, type SurveyDefinition } from './survey-definition.ts';
import type { TableCell } from './table-files.ts';

/** Stored for a scale answer the respondent marked "not applicable"; written out as NOT_APPLICABLE_TEXT. */
export const NOT_APPLICABLE = 'na';
export const NOT_APPLICABLE_TEXT = 'N/A';

/** How several choices share one cell: "Price; Speed". */
export const LIST_SEPARATOR = '; ';

/** One answer column: the stored key (its header, so a file can be imported back by key). */
export interface AnswerColumn {
  key: string;
}

type Reader = (value: unknown) => TableCell;

/**
 * Every answer key of the versions, in the newest version's question order, then the keys that only
 * older versions had (in their order). `versions` newest first.
 */
export function answerColumnsOf(versions: readonly SurveyDefinition[]): AnswerColumn[] {
  const seen = new Set<string>();
  const out: AnswerColumn[] = [];
  for (const def of versions) {
    for (const q of def.questions) {
      for (const key of storedKeys(q)) {
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ key });
      }
    }
  }
  return out;
}

function plain(value: unknown): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(String).join(LIST_SEPARATOR);
  return JSON.stringify(value);
}

function scaleValue(value: unknown): TableCell {
  return value === NOT_APPLICABLE ? NOT_APPLICABLE_TEXT : plain(value);
}

function choiceReader(q: Extract<Question, { type: 'single' | 'multi' | 'dropdown' | 'ranking' }>): Reader {
  const texts = new Map(q.options.map((o) => [o.id, o.text]));
  // "other" is not an option of the definition; its text lives in the "<id>.other" column.
  const textOf = (id: unknown) => (typeof id === 'string' ? (texts.get(id) ?? (id === OTHER ? 'Other' : id)) : String(id));
  return (value) => (Array.isArray(value) ? value.map(textOf).join(LIST_SEPARATOR) : value === null || value === undefined ? null : textOf(value));
}

/** The readers of one version's answer keys. */
function readersOf(def: SurveyDefinition): Map<string, Reader> {
  const readers = new Map<string, Reader>();
  for (const q of def.questions) {
    switch (q.type) {
      case 'nps':
      case 'csat':
      case 'ces':
      case 'rating':
      case 'matrix':
      case 'gap':
        for (const key of storedKeys(q)) readers.set(key, scaleValue);
        break;
      case 'single':
      case 'multi':
      case 'dropdown':
        readers.set(q.id, choiceReader(q));
        if (q.allowOther) readers.set(partKey(q.id, OTHER), plain);
        break;
      case 'ranking':
        readers.set(q.id, choiceReader(q));
        break;
      default:
        readers.set(q.id, plain);
    }
  }
  return readers;
}

/**
 * A function from one response's answers (stored under `definition`, the response's version) to the
 * cells of `columns`. Keys the version does not know are written as stored.
 */
export function answerCellsReader(definition: SurveyDefinition, columns: readonly AnswerColumn[]): (answers: Readonly<Record<string, unknown>>) => TableCell[] {
  const readers = readersOf(definition);
  const byColumn = columns.map((c) => [c.key, readers.get(c.key) ?? plain] as const);
  return (answers) => byColumn.map(([key, read]) => read(answers[key]));
}
