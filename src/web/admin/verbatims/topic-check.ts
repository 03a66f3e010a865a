/** The rule's syntax checked in the browser, before any call: null when it reads well. */
import type { SyntaxProblem } from './topic-syntax.ts';

export function checkTopicQuery(query: string): SyntaxProblem | null {
  // Until the shared parser is here, the server's preview reports the problem.
  void query;
  return null;
}
