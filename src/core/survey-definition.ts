import { z } from 'zod';
import { DAY, QUESTION_ID, QUESTION_ID_MESSAGE, TOUCH_POINT_ID, TOUCH_POINT_ID_MESSAGE } from './patterns.ts';

/**
 * The survey definition: what a survey asks. One schema for the builder, the server and the
 * respondent page. It knows every question type of the survey engine; logic and languages come
 * later without changing how versions are stored.
 */

const Id = z.string().regex(QUESTION_ID, QUESTION_ID_MESSAGE);
const Label = z.string().trim().max(60);
const TouchPoints = z.array(z.string().regex(TOUCH_POINT_ID, TOUCH_POINT_ID_MESSAGE)).max(20);

/** A calendar day that exists (2026-02-30 does not). */
export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
const Day = z.string().refine(isDay, 'Use a date as YYYY-MM-DD');

const QuestionBase = z.object({
  id: Id,
  text: z.string().trim().min(1, 'Write the question').max(500),
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(false),
  /** Touch points (ids in the catalogue) this question measures. */
  touchPoints: TouchPoints.optional(),
});

export const NpsQuestionSchema = QuestionBase.extend({
  type: z.literal('nps'),
  lowLabel: Label.default('Not at all likely'),
  highLabel: Label.default('Extremely likely'),
});

export const CsatQuestionSchema = QuestionBase.extend({
  type: z.literal('csat'),
  lowLabel: Label.default('Very dissatisfied'),
  highLabel: Label.default('Very satisfied'),
});

export const CesQuestionSchema = QuestionBase.extend({
  type: z.literal('ces'),
  lowLabel: Label.default('Strongly disagree'),
  highLabel: Label.default('Strongly agree'),
});

const ScaleMin = z.union([z.literal(0), z.literal(1)]);
const ScaleMax = z.number().int().min(1).max(10);

export const RatingQuestionSchema = QuestionBase.extend({
  type: z.literal('rating'),
  min: ScaleMin.default(1),
  max: ScaleMax.default(5),
  lowLabel: Label.default(''),
  highLabel: Label.default(''),
});

/** One scale shared by the rows of a matrix or both parts of a gap question. */
export const ScaleSchema = z.object({
  min: ScaleMin.default(1),
  max: ScaleMax.default(5),
  lowLabel: Label.default(''),
  highLabel: Label.default(''),
});

export const MatrixQuestionSchema = QuestionBase.extend({
  type: z.literal('matrix'),
  rows: z
    .array(z.object({ id: Id, text: z.string().trim().min(1, 'Write the row').max(300), touchPoints: TouchPoints.optional() }))
    .min(1, 'Add at least one row')
    .max(30),
  scale: ScaleSchema.default({ min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' }),
});

const Options = z
  .array(z.object({ id: Id, text: z.string().trim().min(1, 'Write the option').max(300) }))
  .min(1, 'Add at least one option')
  .max(50);

export const SingleQuestionSchema = QuestionBase.extend({
  type: z.literal('single'),
  options: Options,
  allowOther: z.boolean().default(false),
});

export const MultiQuestionSchema = QuestionBase.extend({
  type: z.literal('multi'),
  options: Options,
  allowOther: z.boolean().default(false),
  minSelected: z.number().int().min(1).max(51).optional(),
  maxSelected: z.number().int().min(1).max(51).optional(),
});

export const DropdownQuestionSchema = QuestionBase.extend({
  type: z.literal('dropdown'),
  options: Options,
  allowOther: z.boolean().default(false),
});

export const RankingQuestionSchema = QuestionBase.extend({
  type: z.literal('ranking'),
  options: Options.min(2, 'Add at least two options to rank').max(20),
});

export const TextQuestionSchema = QuestionBase.extend({
  type: z.literal('text'),
  multiline: z.boolean().default(true),
  maxLength: z.number().int().min(1).max(10_000).default(2_000),
});

export const NumberQuestionSchema = QuestionBase.extend({
  type: z.literal('number'),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().default(false),
});

export const DateQuestionSchema = QuestionBase.extend({
  type: z.literal('date'),
  min: Day.optional(),
  max: Day.optional(),
});

export const EmailQuestionSchema = QuestionBase.extend({
  type: z.literal('email'),
});

/** A statement the respondent agrees to by ticking it; `text` is the statement. */
export const ConsentQuestionSchema = QuestionBase.extend({
  type: z.literal('consent'),
});

/**
 * The expectation–experience pair of gap analysis: one statement (`text`, e.g. "Response time"),
 * asked as how important it is and how well it was delivered, both on one scale.
 */
export const GapQuestionSchema = QuestionBase.extend({
  type: z.literal('gap'),
  expectationText: z.string().trim().min(1).max(300).default('How important is this to you?'),
  experienceText: z.string().trim().min(1).max(300).default('How well did we deliver it?'),
  scale: ScaleSchema.default({ min: 1, max: 7, lowLabel: 'Not at all', highLabel: 'Extremely' }),
});

/** A value taken from the link's query string (?<id>=value), never shown; `text` describes it. */
export const HiddenQuestionSchema = QuestionBase.extend({
  type: z.literal('hidden'),
  text: z.string().trim().max(500).default(''),
});

export const QuestionSchema = z.discriminatedUnion('type', [
  NpsQuestionSchema,
  CsatQuestionSchema,
  CesQuestionSchema,
  RatingQuestionSchema,
  MatrixQuestionSchema,
  SingleQuestionSchema,
  MultiQuestionSchema,
  DropdownQuestionSchema,
  RankingQuestionSchema,
  TextQuestionSchema,
  NumberQuestionSchema,
  DateQuestionSchema,
  EmailQuestionSchema,
  ConsentQuestionSchema,
  GapQuestionSchema,
  HiddenQuestionSchema,
]);

export type NpsQuestion = z.infer<typeof NpsQuestionSchema>;
export type CsatQuestion = z.infer<typeof CsatQuestionSchema>;
export type CesQuestion = z.infer<typeof CesQuestionSchema>;
export type RatingQuestion = z.infer<typeof RatingQuestionSchema>;
export type MatrixQuestion = z.infer<typeof MatrixQuestionSchema>;
export type SingleQuestion = z.infer<typeof SingleQuestionSchema>;
export type MultiQuestion = z.infer<typeof MultiQuestionSchema>;
export type DropdownQuestion = z.infer<typeof DropdownQuestionSchema>;
export type RankingQuestion = z.infer<typeof RankingQuestionSchema>;
export type TextQuestion = z.infer<typeof TextQuestionSchema>;
export type NumberQuestion = z.infer<typeof NumberQuestionSchema>;
export type DateQuestion = z.infer<typeof DateQuestionSchema>;
export type EmailQuestion = z.infer<typeof EmailQuestionSchema>;
export type ConsentQuestion = z.infer<typeof ConsentQuestionSchema>;
export type GapQuestion = z.infer<typeof GapQuestionSchema>;
export type HiddenQuestion = z.infer<typeof HiddenQuestionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionType = Question['type'];
export type Scale = z.infer<typeof ScaleSchema>;

/** The option id under which single, multi and dropdown answers store "other". */
export const OTHER = 'other';

type Issue = (path: (string | number)[], message: string) => void;

function checkUnique(ids: readonly string[], what: string, path: (string | number)[], issue: Issue): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issue([...path, i, 'id'], `${what} id "${id}" is used twice`);
    seen.add(id);
  });
}

/** The rules across fields of one question that the field schemas cannot say alone. */
function checkQuestion(q: Question, issue: Issue): void {
  switch (q.type) {
    case 'rating':
      if (q.max < q.min + 1) issue(['max'], `The scale needs at least two points: make max at least ${q.min + 1}`);
      break;
    case 'matrix':
    case 'gap':
      if (q.scale.max < q.scale.min + 1) issue(['scale', 'max'], `The scale needs at least two points: make max at least ${q.scale.min + 1}`);
      if (q.type === 'matrix') checkUnique(q.rows.map((r) => r.id), 'Row', ['rows'], issue);
      break;
    case 'single':
    case 'multi':
    case 'dropdown':
    case 'ranking': {
      checkUnique(q.options.map((o) => o.id), 'Option', ['options'], issue);
      if (q.type !== 'ranking' && q.allowOther) {
        const i = q.options.findIndex((o) => o.id === OTHER);
        if (i >= 0) issue(['options', i, 'id'], `"${OTHER}" is kept for the "Other" answer; give this option another id`);
      }
      if (q.type === 'multi') {
        const choices = q.options.length + (q.allowOther ? 1 : 0);
        if (q.minSelected !== undefined && q.minSelected > choices) issue(['minSelected'], `There are only ${choices} options to choose`);
        if (q.maxSelected !== undefined && q.maxSelected > choices) issue(['maxSelected'], `There are only ${choices} options to choose`);
        if (q.minSelected !== undefined && q.maxSelected !== undefined && q.minSelected > q.maxSelected) {
          issue(['maxSelected'], 'The maximum must not be below the minimum');
        }
      }
      break;
    }
    case 'number':
    case 'date':
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) issue(['max'], 'The maximum must not be below the minimum');
      break;
    default:
      break;
  }
}

export const SurveyDefinitionSchema = z
  .object({
    intro: z.string().trim().max(2_000).default(''),
    thankYou: z.string().trim().max(2_000).default('Thank you — your answer helps us do better.'),
    questions: z.array(QuestionSchema).min(1, 'Add at least one question').max(200),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    def.questions.forEach((q, i) => {
      if (seen.has(q.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'id'],
          message: `Question id "${q.id}" is used twice`,
        });
      }
      seen.add(q.id);
      checkQuestion(q, (path, message) => ctx.addIssue({ code: 'custom', path: ['questions', i, ...path], message }));
    });
  });

export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;
export type SurveyDefinitionInput = z.input<typeof SurveyDefinitionSchema>;

/** The first NPS question of a definition, which the survey's dashboard reports on. */
export function findNpsQuestion(def: SurveyDefinition): NpsQuestion | undefined {
  return def.questions.find((q): q is NpsQuestion => q.type === 'nps');
}

/** The first free-text question, whose answers the dashboard lists as comments. */
export function findCommentQuestion(def: SurveyDefinition): TextQuestion | undefined {
  return def.questions.find((q): q is TextQuestion => q.type === 'text');
}

/** A starting definition for a new survey: one NPS question and an optional comment. */
export function starterDefinition(companyName: string): SurveyDefinition {
  return SurveyDefinitionSchema.parse({
    questions: [
      {
        id: 'nps',
        type: 'nps',
        text: `How likely are you to recommend ${companyName} to a colleague or business partner?`,
        required: true,
      },
      {
        id: 'comment',
        type: 'text',
        text: 'What is the main reason for your score?',
        required: false,
      },
    ],
  });
}
