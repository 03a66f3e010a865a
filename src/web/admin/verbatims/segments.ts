/**
 * A verbatim's text cut into pieces for rendering: sentences (with their sentiment) and, inside them,
 * the runs the search matched. Offsets are UTF-16 indexes, as the server sends them. The result is plain
 * data; the page renders each piece as a text node or a <mark>, so customer text never becomes markup.
 */

export interface Range {
  start: number;
  end: number;
}

export interface SentenceSpan extends Range {
  label: 'negative' | 'neutral' | 'positive';
}

export interface Piece {
  text: string;
  marked: boolean;
}

export interface Chunk {
  /** The sentence's sentiment; null for text between sentences (spaces, stray punctuation). */
  label: SentenceSpan['label'] | null;
  pieces: Piece[];
}

/** Ranges clamped to the text, sorted, and overlapping or touching ones merged. */
export function mergeRanges(ranges: readonly Range[], length: number): Range[] {
  const clean = ranges
    .map((r) => ({ start: Math.max(0, Math.min(length, Math.floor(r.start))), end: Math.max(0, Math.min(length, Math.floor(r.end))) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of clean) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** The pieces of text[from, to): marked where a highlight covers it. */
function piecesOf(text: string, from: number, to: number, marks: readonly Range[]): Piece[] {
  const pieces: Piece[] = [];
  let at = from;
  for (const m of marks) {
    if (m.end <= at || m.start >= to) continue;
    const s = Math.max(m.start, at);
    const e = Math.min(m.end, to);
    if (s > at) pieces.push({ text: text.slice(at, s), marked: false });
    pieces.push({ text: text.slice(s, e), marked: true });
    at = e;
  }
  if (at < to) pieces.push({ text: text.slice(at, to), marked: false });
  return pieces;
}

/** Cuts the text into sentence chunks holding marked and unmarked pieces; together they spell the text exactly. */
export function segmentText(text: string, sentences: readonly SentenceSpan[], highlights: readonly Range[]): Chunk[] {
  const marks = mergeRanges(highlights, text.length);
  const spans = sentences
    .map((s) => ({ ...s, start: Math.max(0, Math.min(text.length, s.start)), end: Math.max(0, Math.min(text.length, s.end)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const chunks: Chunk[] = [];
  let at = 0;
  for (const s of spans) {
    // Overlapping sentences would repeat text: a later one starts where the earlier ended.
    const start = Math.max(s.start, at);
    if (start >= s.end) continue;
    if (start > at) chunks.push({ label: null, pieces: piecesOf(text, at, start, marks) });
    chunks.push({ label: s.label, pieces: piecesOf(text, start, s.end, marks) });
    at = s.end;
  }
  if (at < text.length) chunks.push({ label: null, pieces: piecesOf(text, at, text.length, marks) });
  return chunks;
}
