import { describe, expect, it } from 'vitest';
import { rangesOf, wantedLexemes, type Token } from './highlight.ts';

// Token lists as PostgreSQL's ts_debug('english', …) gives them (PostgreSQL 17).
describe('wantedLexemes', () => {
  it('keeps the asked-for lexemes and leaves out negated words and groups', () => {
    expect([...wantedLexemes("'invoic' & !'thank' | 'late' <-> 'deliveri'")]).toEqual(['invoic', 'late', 'deliveri']);
    expect([...wantedLexemes("'bill' & !( 'thank' <-> 'you' ) & 'it''s'")]).toEqual(['bill', "it's"]);
  });
});

describe('rangesOf', () => {
  const text = 'E-mail invoices? The e-mail said invoice.';
  const tokens: Token[] = [
    { alias: 'asciihword', token: 'E-mail', lexemes: ['e-mail'] },
    { alias: 'hword_asciipart', token: 'E', lexemes: ['e'] },
    { alias: 'blank', token: '-', lexemes: null },
    { alias: 'hword_asciipart', token: 'mail', lexemes: ['mail'] },
    { alias: 'blank', token: ' ', lexemes: null },
    { alias: 'asciiword', token: 'invoices', lexemes: ['invoic'] },
    { alias: 'blank', token: '? ', lexemes: null },
    { alias: 'asciiword', token: 'The', lexemes: [] },
    { alias: 'blank', token: ' ', lexemes: null },
    { alias: 'asciihword', token: 'e-mail', lexemes: ['e-mail'] },
    { alias: 'hword_asciipart', token: 'e', lexemes: ['e'] },
    { alias: 'blank', token: '-', lexemes: null },
    { alias: 'hword_asciipart', token: 'mail', lexemes: ['mail'] },
    { alias: 'blank', token: ' ', lexemes: null },
    { alias: 'asciiword', token: 'said', lexemes: ['said'] },
    { alias: 'blank', token: ' ', lexemes: null },
    { alias: 'asciiword', token: 'invoice', lexemes: ['invoic'] },
    { alias: 'blank', token: '.', lexemes: null },
  ];
  const words = (wanted: string[]) => rangesOf(text, tokens, new Set(wanted)).map((r) => [r.start, text.slice(r.start, r.end)]);

  it('finds each matched word at its own offset, a part inside its compound', () => {
    expect(words(['invoic'])).toEqual([[7, 'invoices'], [33, 'invoice']]);
    expect(words(['mail'])).toEqual([[2, 'mail'], [23, 'mail']]);
  });
  it('marks a whole compound once, not its parts again', () => {
    expect(words(['e-mail', 'mail'])).toEqual([[0, 'E-mail'], [21, 'e-mail']]);
  });
  it('marks nothing when nothing matches', () => {
    expect(words(['refund'])).toEqual([]);
  });
});
