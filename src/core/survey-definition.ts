import { z } from 'zod';
import { QUESTION_ID, QUESTION_ID_MESSAGE } from './patterns.ts';

/**
 * The survey definition: what a survey asks. One schema for the builder, the server and the
 * respondent page. This first version knows the NPS question and free text; the survey engine grows
 * it (more types, logic, languages) without changing how versions are stored.
 */

const QuestionBase = z.object({
  id: z
    .string()
    .regex(QUESTION_ID, QUESTION_ID_MESSAGE),
  text: z.string().trim().min(1, 'Write the question').max(500),
  help: z.string().trim().max(500).optional(),
  required: z.boolean().default(false),
});

export const NpsQuestionSchema = QuestionBase.extend({
  type: z.literal('nps'),
  lowLabel: z.string().trim().max(60).default('Not at all likely'),
  highLabel: z.string().trim().max(60).default('Extremely likely'),
});

export const TextQuestionSchema = QuestionBase.extend({
  type: z.literal('text'),
  multiline: z.boolean().default(true),
  maxLength: z.number().int().min(1).max(10_000).default(2_000),
});

export const QuestionSchema = z.discriminatedUnion('type', [NpsQuestionSchema, TextQuestionSchema]);

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
    });
  });

export type NpsQuestion = z.infer<typeof NpsQuestionSchema>;
export type TextQuestion = z.infer<typeof TextQuestionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
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
