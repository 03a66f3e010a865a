import type { QuoteInput } from '../../../contract/verbatims.ts';
import type { Services } from '../../context.ts';
import { ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { addNote } from '../cases/service.ts';
import { getVerbatim } from './search.ts';

/**
 * Quotes a verbatim (or a part of it, such as one sentence) into a case's timeline as a note, through
 * the cases service. Both must be in the actor's scope: an unseen verbatim or case is 404.
 */
export async function quoteIntoCase(svc: Services, actor: Actor, verbatimId: string, input: QuoteInput): Promise<{ caseId: string; noteId: string; quote: string }> {
  authorize(actor, 'cases.work');
  const v = await getVerbatim(svc, actor, verbatimId);
  const range = input.range ?? { start: 0, end: v.text.length };
  if (range.start < 0 || range.end > v.text.length || range.start >= range.end) {
    throw new ValidationError('The part to quote lies outside the text', [{ path: 'range', message: `Give 0 ≤ start < end ≤ ${v.text.length}, e.g. a sentence's start and end` }]);
  }
  const quote = v.text.slice(range.start, range.end).trim();
  if (quote === '') throw new ValidationError('The part to quote is blank', [{ path: 'range', message: 'Pick a part of the text with words in it' }]);
  const day = v.occurredAt.slice(0, 10);
  const source = v.feedbackItem ? `${v.kind.replace('_', ' ')} by ${v.feedbackItem.author}` : `comment on “${v.survey?.name ?? 'a survey'}”${v.score === null ? '' : `, score ${v.score}`}`;
  const text = `${input.comment ? `${input.comment}\n\n` : ''}“${quote}”\n— ${source}, ${v.unit.name}, ${day}`;
  const detail = await addNote(svc, actor, input.caseId, text);
  const note = [...detail.timeline].reverse().find((e) => e.kind === 'note');
  return { caseId: detail.id, noteId: note?.id ?? '', quote };
}
