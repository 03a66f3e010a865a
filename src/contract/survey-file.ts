import { z } from 'zod';
import { SurveyDefinitionSchema, type SurveyDefinition } from '../core/survey-definition.ts';
import { SurveyKindSchema } from './surveys.ts';
import type { SurveyKind } from './patterns.ts';

/**
 * A survey as a file: what the builder exports and the new-survey page imports, documented in
 * docs/survey-definition.md. `corridorSurvey` is the version of this format; a later format gets a new
 * number, and readers say clearly which numbers they know.
 */
export const SURVEY_FILE_VERSION = 1;

export const SurveyFileSchema = z.object({
  corridorSurvey: z.literal(SURVEY_FILE_VERSION, `This is not a Corridor survey file of version ${SURVEY_FILE_VERSION} ("corridorSurvey": ${SURVEY_FILE_VERSION})`),
  title: z.string().trim().min(1, 'Give the survey a title').max(200),
  kind: SurveyKindSchema.default('relationship'),
  definition: SurveyDefinitionSchema,
});
export type SurveyFile = z.infer<typeof SurveyFileSchema>;

/** The file of a survey, as the builder downloads it. */
export function toSurveyFile(survey: { title: string; kind: SurveyKind; definition: SurveyDefinition }): SurveyFile {
  return { corridorSurvey: SURVEY_FILE_VERSION, title: survey.title, kind: survey.kind, definition: survey.definition };
}

/** The file's text: indented JSON with a final newline, so it reads well and diffs well. */
export function surveyFileText(file: SurveyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A problem of an imported file, at its dotted path ("" for the file as a whole). */
export interface SurveyFileIssue {
  path: string;
  message: string;
}

export type SurveyFileResult = { ok: true; file: SurveyFile } | { ok: false; issues: SurveyFileIssue[] };

/** Reads a survey file's text and checks it against the schema, naming every problem by its path. */
export function readSurveyFile(text: string): SurveyFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '', message: `This is not JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, issues: [{ path: '', message: 'Expected an object like { "corridorSurvey": 1, "title": …, "kind": …, "definition": … }' }] };
  }
  const parsed = SurveyFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, file: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
}

/** The JSON Schema (draft 2020-12) of a survey definition as it is written, defaults optional. */
export function surveyDefinitionJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SurveyDefinitionSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Corridor survey definition',
    description: 'What a Corridor survey asks. See docs/survey-definition.md.',
  };
}

/** The JSON Schema of a survey file (the export and import format). */
export function surveyFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(SurveyFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Corridor survey file',
    description: 'A survey exported from Corridor, or written to be imported. See docs/survey-definition.md.',
  };
}
