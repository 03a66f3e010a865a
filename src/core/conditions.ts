import { z } from 'zod';

/**
 * Display conditions and branch rules: AND/OR groups over comparisons of earlier answers, hidden
 * fields, contact and account attributes, the respondent's audience and language. The schema lives
 * here; the evaluator (logic.ts) is free of zod so the respondent page's script stays small.
 *
 * A reference names what is compared:
 *   answer:<key>        an answer by its stored key (nps, service.speed, plan.other, a hidden field's id)
 *   contact:<attribute> an attribute of the contact (from the invitation or a personal link)
 *   account:<attribute> an attribute of the contact's account
 *   event:<attribute>   an attribute of the event that triggered the invitation (programme triggers)
 *   audience            the respondent's audience role (e.g. distributor)
 *   language            the language the respondent answers in (e.g. de)
 */

export const REF = /^(?:answer:[a-z][a-z0-9_]{0,39}(?:\.[a-z0-9_]{1,40})?|(?:contact|account|event):[a-z][a-z0-9_]{0,59}|audience|language)$/;
export const REF_MESSAGE = 'Refer to answer:<question id>, contact:<attribute>, account:<attribute>, event:<attribute>, audience or language';

export const OPERATORS = ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'contains', 'answered', 'notAnswered'] as const;
export type Operator = (typeof OPERATORS)[number];

const Scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

export const ComparisonSchema = z
  .object({
    ref: z.string().regex(REF, REF_MESSAGE),
    op: z.enum(OPERATORS),
    value: z.union([Scalar, z.array(z.union([z.string().max(500), z.number().finite()])).max(100)]).optional(),
  })
  .superRefine((c, ctx) => {
    const needsList = c.op === 'in' || c.op === 'notIn';
    const needsNone = c.op === 'answered' || c.op === 'notAnswered';
    const needsNumber = c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte';
    if (needsNone && c.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" takes no value` });
    else if (needsList && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" takes a list of values` });
    else if (needsNumber && typeof c.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" compares with a number` });
    else if (!needsNone && !needsList && (c.value === undefined || Array.isArray(c.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.op}" compares with one value` });
    }
  });

export type Comparison = z.infer<typeof ComparisonSchema>;
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionSchema).min(1, 'An AND group needs a condition').max(50) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1, 'An OR group needs a condition').max(50) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    ComparisonSchema,
  ]),
);

/** Every comparison inside a condition, depth first. */
export function comparisonsOf(c: Condition): Comparison[] {
  if ('all' in c) return c.all.flatMap(comparisonsOf);
  if ('any' in c) return c.any.flatMap(comparisonsOf);
  if ('not' in c) return comparisonsOf(c.not);
  return [c];
}
