import { z } from 'zod';
import { ConditionSchema } from './conditions.ts';
import { checkDefinition } from './definition-checks.ts';
import { DAY, OTHER, QUESTION_ID, QUESTION_ID_MESSAGE, TOUCH_POINT_ID, TOUCH_POINT_ID_MESSAGE } from './patterns.ts';

/**
 * The survey definition: what a survey asks, in what order, to whom and in which words. One schema
 * for the builder, the server and the respondent page: question types, pages, display conditions,
 * branches and endings, the optional "tell us more" section, audience variants, languages and
 * prefill bindings. docs/architecture.md ("Survey logic") describes the rules.
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

const AttributeName = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'Use lower-case letters, digits and _, starting with a letter');
/** Audience roles (a contact's role: distributor, architect, purchasing_agent …). */
const Audiences = z.array(AttributeName).min(1).max(20);

/** Where a known answer comes from: when the attribute is known, the answer is filled in and the question not asked. */
export const PrefillSchema = z.object({ from: z.enum(['contact', 'account']), attribute: AttributeName });
export type Prefill = z.infer<typeof PrefillSchema>;

const QuestionBase = z.object({
  id: Id,
  text: z.string().trim().min(1, 'Write the question').max(500),
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(false),
  /** Touch points (ids in the catalogue) this question measures. */
  touchPoints: TouchPoints.optional(),
  /** Shown only when this holds (over earlier answers, hidden fields, attributes, audience, language). */
  showIf: ConditionSchema.optional(),
  /** Asked only of these audiences; every audience when absent. */
  audiences: Audiences.optional(),
  /** Never ask what is known: the attribute's value answers the question when it is known. */
  prefill: PrefillSchema.optional(),
});

/**
 * A "not applicable" choice beside the scale (rating, CSAT, CES, matrix rows): stored as "na"
 * (NOT_APPLICABLE in answer-keys.ts), never counted in a metric. The label defaults to the page's
 * own words (ui.notApplicable) in the respondent's language.
 */
const NotApplicable = {
  notApplicable: z.boolean().optional(),
  notApplicableLabel: z.string().trim().min(1).max(60).optional(),
};

/** Options or rows shown in a random order (the same order for one respondent throughout). */
const Shuffle = z.boolean().optional();

export const NpsQuestionSchema = QuestionBase.extend({
  type: z.literal('nps'),
  lowLabel: Label.default('Not at all likely'),
  highLabel: Label.default('Extremely likely'),
});

export const CsatQuestionSchema = QuestionBase.extend({
  type: z.literal('csat'),
  ...NotApplicable,
  lowLabel: Label.default('Very dissatisfied'),
  highLabel: Label.default('Very satisfied'),
});

export const CesQuestionSchema = QuestionBase.extend({
  type: z.literal('ces'),
  ...NotApplicable,
  lowLabel: Label.default('Strongly disagree'),
  highLabel: Label.default('Strongly agree'),
});

const ScaleMin = z.union([z.literal(0), z.literal(1)]);
const ScaleMax = z.number().int().min(1).max(10);

export const RatingQuestionSchema = QuestionBase.extend({
  type: z.literal('rating'),
  ...NotApplicable,
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
  ...NotApplicable,
  rows: z
    .array(z.object({ id: Id, text: z.string().trim().min(1, 'Write the row').max(300), touchPoints: TouchPoints.optional() }))
    .min(1, 'Add at least one row')
    .max(30),
  scale: ScaleSchema.default({ min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' }),
  shuffle: Shuffle,
});

const Options = z
  .array(z.object({ id: Id, text: z.string().trim().min(1, 'Write the option').max(300) }))
  .min(1, 'Add at least one option')
  .max(50);

export const SingleQuestionSchema = QuestionBase.extend({
  type: z.literal('single'),
  options: Options,
  allowOther: z.boolean().default(false),
  shuffle: Shuffle,
});

export const MultiQuestionSchema = QuestionBase.extend({
  type: z.literal('multi'),
  options: Options,
  allowOther: z.boolean().default(false),
  shuffle: Shuffle,
  minSelected: z.number().int().min(1).max(51).optional(),
  maxSelected: z.number().int().min(1).max(51).optional(),
});

export const DropdownQuestionSchema = QuestionBase.extend({
  type: z.literal('dropdown'),
  options: Options,
  allowOther: z.boolean().default(false),
  shuffle: Shuffle,
});

export const RankingQuestionSchema = QuestionBase.extend({
  type: z.literal('ranking'),
  options: Options.min(2, 'Add at least two options to rank').max(20),
  shuffle: Shuffle,
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
export type Page = z.infer<typeof PageSchema>;
export type Ending = z.infer<typeof EndingSchema>;
export type Theme = z.infer<typeof ThemeSchema>;
export type QuestionType = Question['type'];
export type Scale = z.infer<typeof ScaleSchema>;

export { OTHER };

/** A page of the survey: the questions shown together, when it is shown, and where it leads. */
export const PageSchema = z.object({
  id: Id,
  title: z.string().trim().max(300).default(''),
  intro: z.string().trim().max(2_000).default(''),
  /** Question ids, in the order shown. */
  questions: z.array(Id).min(1, 'Put at least one question on the page').max(100),
  showIf: ConditionSchema.optional(),
  audiences: Audiences.optional(),
  /** After this page, the first rule that holds leads to a later page or to an ending. */
  branches: z.array(z.object({ if: ConditionSchema, to: Id })).max(20).default([]),
  /**
   * A "tell us more" section: the respondent is offered it at the end of the page before, and may
   * open it or finish there. Its questions are never required of someone who did not open it.
   */
  offer: z
    .object({
      text: z.string().trim().min(1).max(500).default('Do you have a minute more? A few more questions help us understand.'),
      accept: Label.min(1).default('Tell us more'),
      decline: Label.min(1).default('No thanks, finish'),
    })
    .optional(),
});

/**
 * Where a survey ends: past the last page, the first ending whose condition holds (else the
 * thank-you text); an ending without a condition is reached by a branch.
 */
export const EndingSchema = z.object({
  id: Id,
  text: z.string().trim().min(1, 'Write what the respondent reads at the end').max(2_000),
  showIf: ConditionSchema.optional(),
});

/** A language code: en, de, fr-ca … */
export const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/;
const Language = z.string().regex(LANGUAGE, 'Use a language code such as en, de or fr-ca');
/** Texts by text path (docs/architecture.md lists the paths: q.nps.text, q.plan.o.basic, p.more.title …). */
const Texts = z.record(z.string().max(120), z.string().max(2_000));

export const ThemeSchema = z.object({
  /** The accent colour of buttons and chosen answers; dark enough for white text. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'Use a colour as #rrggbb').optional(),
  /** A logo shown above the survey, served over https. */
  logoUrl: z.url({ protocol: /^https$/, error: 'Use an https:// address for the logo' }).max(500).optional(),
});

export const SurveyDefinitionSchema = z
  .object({
    intro: z.string().trim().max(2_000).default(''),
    thankYou: z.string().trim().max(2_000).default('Thank you — your answer helps us do better.'),
    /** Every question: the catalogue of what the survey may ask. Pages place them. */
    questions: z.array(QuestionSchema).min(1, 'Add at least one question').max(200),
    /** Pages in order; without pages every question is on one page. */
    pages: z.array(PageSchema).max(50).optional(),
    endings: z.array(EndingSchema).max(20).optional(),
    /** The language the texts above are written in (en when absent). */
    language: Language.optional(),
    /** Translations: language → text path → text. A missing text falls back to the default language. */
    translations: z.record(Language, Texts).optional(),
    /** Wording per audience: audience → text path → text (in the default language). */
    variants: z.record(AttributeName, Texts).optional(),
    /** May respondents stop at any point and keep what they answered as a partial response? (yes when absent) */
    allowStop: z.boolean().optional(),
    theme: ThemeSchema.optional(),
  })
  .superRefine((def, ctx) => {
    checkDefinition(def, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });

export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;
export type SurveyDefinitionInput = z.input<typeof SurveyDefinitionSchema>;

/** The language a definition's own texts are written in. */
export function languageOf(def: SurveyDefinition): string {
  return def.language ?? 'en';
}

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
