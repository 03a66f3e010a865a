/** Where a topic rule is wrong, for the editor: a message and the offset it points at. */
import { ApiError } from '../api.ts';

export interface SyntaxProblem {
  message: string;
  /** UTF-16 offset into the rule; null when the server did not say. */
  position: number | null;
}

/** The problem an invalid_topic_query answer reports, or null for any other error. */
export function problemOfError(error: unknown): SyntaxProblem | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_topic_query') return null;
  // The API's details: { path: 'query', position, message } — the message without the position.
  const d = error.details as { position?: unknown; message?: unknown } | undefined;
  return { message: typeof d?.message === 'string' ? d.message : error.message, position: typeof d?.position === 'number' ? d.position : null };
}

/** The rule's line with a caret under the offset, for a monospaced box. */
export function caretLines(query: string, position: number): string {
  const at = Math.max(0, Math.min(query.length, position));
  const lineStart = query.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = query.indexOf('\n', at);
  const line = query.slice(lineStart, lineEnd === -1 ? query.length : lineEnd);
  return `${line}\n${' '.repeat(at - lineStart)}^`;
}
