/** The survey builder's draft, its checks and its list operations (pure, tested in model.test.ts). */
import { SurveyDefinitionSchema, type Question, type QuestionType, type SurveyDefinition } from '../../../core/survey-definition.ts';
import { SLUG, SLUG_MESSAGE } from '../../../contract/patterns.ts';
import type { FieldIssue } from '../api.ts';

export type { Question, QuestionType, SurveyDefinition };

export interface Draft {
  title: string;
  slug: string;
  definition: SurveyDefinition;
}

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

/** Dotted paths of zod issues, as the server reports them. */
function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Checks the draft with the very schema the server uses, so every problem shows at its field before
 * saving, with the paths the server would report.
 */
export function validateDraft(draft: Draft): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!draft.title.trim()) issues.push({ path: 'title', message: 'Give the survey a title' });
  else if (draft.title.trim().length > 200) issues.push({ path: 'title', message: 'Keep the title under 200 characters' });
  if (!SLUG.test(draft.slug.trim())) issues.push({ path: 'slug', message: SLUG_MESSAGE });
  const parsed = SurveyDefinitionSchema.safeParse(draft.definition);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ path: dotted(['definition', ...i.path]), message: i.message });
  }
  return issues;
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The issues under a prefix ("definition.questions.2"), by the rest of their path ("options.0.text"). */
export function issuesUnder(issues: readonly FieldIssue[], prefix: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const i of issues) {
    if (i.path === prefix) map.set('', map.get('') ?? i.message);
    else if (i.path.startsWith(`${prefix}.`)) {
      const rest = i.path.slice(prefix.length + 1);
      if (!map.has(rest)) map.set(rest, i.message);
    }
  }
  return map;
}

/** The paths inside a question that its editor shows at a field; any other problem is listed below it. */
const SHOWN: RegExp[] = [
  /^(id|text|help|type)$/,
  /^touchPoints(\.\d+)?$/,
  /^(lowLabel|highLabel|min|max|integer|multiline|maxLength|minSelected|maxSelected|expectationText|experienceText)$/,
  /^scale\.(min|max|lowLabel|highLabel)$/,
  /^(options|rows)(\.\d+\.(id|text))?$/,
  /^rows\.\d+\.touchPoints(\.\d+)?$/,
  /^(showIf|audiences|prefill|prefill\.attribute|shuffle|notApplicable|notApplicableLabel)$/,
];

export function isShownInQuestion(subPath: string): boolean {
  return SHOWN.some((re) => re.test(subPath));
}

/** Whether a draft path is shown at a field of the builder (the page lists the others at the top). */
export function isShownInBuilder(path: string): boolean {
  return (
    ['title', 'slug', 'definition.intro', 'definition.thankYou', 'definition.questions', 'definition.language', 'definition.pages', 'definition.endings'].includes(path) ||
    /^definition\.(questions|pages|endings|translations|variants)\.[^.]+(\.|$)/.test(path)
  );
}
