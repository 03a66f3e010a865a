/** The rule's syntax checked in the browser as it is typed, with the parser the server uses. */
import { parseTopicQuery } from '../../../core/text/topics.ts';
import type { SyntaxProblem } from './topic-syntax.ts';

/** Null when the rule reads well; else what is wrong and where. */
export function checkTopicQuery(query: string): SyntaxProblem | null {
  const parsed = parseTopicQuery(query);
  return parsed.ok ? null : { message: parsed.message, position: parsed.position };
}
