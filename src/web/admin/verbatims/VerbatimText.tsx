import { segmentText, type Range, type SentenceSpan } from './segments.ts';

const LABEL_TITLE = { negative: 'Negative sentence', neutral: 'Neutral sentence', positive: 'Positive sentence' } as const;

/**
 * A verbatim's words, each sentence tinted by its sentiment and the search's matches as <mark>. Every
 * piece is a React text child, so markup in a comment shows as the characters it is.
 */
export function VerbatimText({ text, sentences, highlights, testId }: { text: string; sentences: readonly SentenceSpan[]; highlights: readonly Range[]; testId?: string }) {
  const chunks = segmentText(text, sentences, highlights);
  return (
    <p className="verbatim-text" data-testid={testId}>
      {chunks.map((c, i) => {
        const pieces = c.pieces.map((p, j) => (p.marked ? <mark key={j}>{p.text}</mark> : p.text));
        return c.label === null ? (
          <span key={i}>{pieces}</span>
        ) : (
          <span key={i} className={`sentence sentence-${c.label}`} title={LABEL_TITLE[c.label]} data-sentiment={c.label}>
            {pieces}
          </span>
        );
      })}
    </p>
  );
}
