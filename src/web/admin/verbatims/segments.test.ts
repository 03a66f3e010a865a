import { describe, expect, it } from 'vitest';
import { mergeRanges, segmentText, type Chunk } from './segments.ts';

const spell = (chunks: Chunk[]) => chunks.map((c) => c.pieces.map((p) => p.text).join('')).join('');
const marked = (chunks: Chunk[]) => chunks.flatMap((c) => c.pieces.filter((p) => p.marked).map((p) => p.text));

describe('segmentText', () => {
  const text = 'The invoice was wrong. Support was great!';
  const sentences = [
    { start: 0, end: 22, label: 'negative' as const },
    { start: 23, end: 41, label: 'positive' as const },
  ];

  it('keeps every character once, in order, and marks exactly the highlighted words', () => {
    const chunks = segmentText(text, sentences, [{ start: 4, end: 11 }, { start: 23, end: 30 }]);
    expect(spell(chunks)).toBe(text);
    expect(marked(chunks)).toEqual(['invoice', 'Support']);
    expect(chunks.map((c) => c.label)).toEqual(['negative', null, 'positive']);
  });

  it('splits a highlight that crosses a sentence boundary', () => {
    const chunks = segmentText(text, sentences, [{ start: 16, end: 30 }]);
    expect(spell(chunks)).toBe(text);
    expect(marked(chunks)).toEqual(['wrong.', ' ', 'Support']);
  });

  it('treats markup as text and survives ranges outside the text', () => {
    const evil = '<img src=x onerror=alert(1)> bad';
    const chunks = segmentText(evil, [], [{ start: -5, end: 4 }, { start: 29, end: 99 }]);
    expect(spell(chunks)).toBe(evil);
    expect(marked(chunks)).toEqual(['<img', 'bad']);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.label).toBeNull();
  });

  it('merges overlapping highlights', () => {
    expect(mergeRanges([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 2, end: 6 }, { start: 9, end: 10 }], 8)).toEqual([{ start: 0, end: 8 }]);
  });
});
