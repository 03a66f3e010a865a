import { describe, expect, it } from 'vitest';
import { formatTopicQuery, matchTopic, parseTopicQuery, prepareTopicText, stemWord, TopicRuleSchema, type TopicNode } from './topics.ts';

function ast(query: string): TopicNode {
  const r = parseTopicQuery(query);
  if (!r.ok) throw new Error(`${query}: ${r.message}`);
  return r.ast;
}
const matches = (query: string, text: string) => matchTopic(ast(query), prepareTopicText(text));

describe('topic queries', () => {
  it('matches a word and its inflections, case-insensitively', () => {
    for (const t of ['The INVOICE was wrong', 'two invoices', 'we were invoiced twice', 'invoicing is slow']) expect(matches('invoice', t)).toBe(true);
    expect(matches('invoices', 'one invoice')).toBe(true);
    expect(matches('invoice', 'the voice')).toBe(false);
    expect(matches('ship', 'it was shipped late')).toBe(true);
    expect(matches('delay', 'many delays')).toBe(true);
    expect(matches('reply', 'nobody replied')).toBe(true);
  });

  it('matches a prefix with *', () => {
    expect(matches('invoic*', 'Invoicing')).toBe(true);
    expect(matches('bill*', 'billing errors')).toBe(true);
    expect(matches('bill*', 'a bull')).toBe(false);
  });

  it('matches quoted phrases as consecutive words', () => {
    expect(matches('"wrong invoice"', 'They sent the wrong invoices again')).toBe(true);
    expect(matches('"wrong invoice"', 'the invoice was wrong')).toBe(false);
    expect(matches('e-mail', 'I sent an e mail')).toBe(true);
  });

  it('combines with AND, OR, NOT, juxtaposition and parentheses', () => {
    expect(matches('invoice AND late', 'late invoice')).toBe(true);
    expect(matches('invoice late', 'invoice on time')).toBe(false);
    expect(matches('invoice OR bill', 'the bill')).toBe(true);
    expect(matches('invoice NOT late', 'late invoice')).toBe(false);
    expect(matches('invoice NOT late', 'wrong invoice')).toBe(true);
    expect(matches('(invoice OR bill) AND (wrong OR late)', 'the bill was wrong')).toBe(true);
    expect(matches('(invoice OR bill) AND (wrong OR late)', 'the bill was fine')).toBe(false);
    // AND binds tighter than OR
    expect(matches('price OR invoice AND late', 'price')).toBe(true);
    expect(matches('invoice and late', 'late invoice')).toBe(true);
  });

  it('matches NEAR within a distance in words', () => {
    expect(matches('invoice NEAR/2 wrong', 'the invoice is wrong')).toBe(true);
    expect(matches('invoice NEAR/2 wrong', 'wrong, the invoice')).toBe(true);
    expect(matches('invoice NEAR/1 wrong', 'the invoice is very wrong')).toBe(false);
    expect(matches('invoice NEAR wrong', 'the invoice we got last month was wrong')).toBe(true);
  });

  it('says what to fix and where when a query does not parse', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /empty/],
      ['invoice AND', 11, /add a word/],
      ['(invoice OR bill', 0, /never closed/],
      ['invoice)', 7, /closes nothing/],
      ['"wrong invoice', 0, /never closed/],
      ['OR bill', 0, /cannot start with OR/],
      ['invoice AND OR bill', 12, /AND is followed by OR/],
      ['in*voice', 0, /only end a word/],
      ['invoice NEAR/0 late', 8, /distance from 1/],
      ['(a OR b) NEAR c', 9, /words or quoted phrases/],
      ['""', 0, /hold no word/],
    ];
    for (const [q, position, message] of cases) {
      const r = parseTopicQuery(q);
      expect(r.ok, q).toBe(false);
      if (!r.ok) {
        expect(r.position, q).toBe(position);
        expect(r.message, q).toMatch(message);
      }
    }
  });

  it('returns the rule to store and formats the tree canonically', () => {
    const r = parseTopicQuery('  invoic* or (late  "wrong bill") not refund ');
    expect(r.ok && r.rule).toEqual({ query: 'invoic* or (late  "wrong bill") not refund' });
    expect(formatTopicQuery(ast('invoic* or (late  "wrong bill") not refund'))).toBe('invoic* OR late AND "wrong bill" AND NOT refund');
    expect(formatTopicQuery(ast('(a OR b) c'))).toBe('(a OR b) AND c');
    expect(formatTopicQuery(ast('a NEAR/3 "b c"'))).toBe('a NEAR/3 "b c"');
    // formatting then parsing gives the same tree
    for (const q of ['(a OR b) c NOT (d e)', 'x NEAR/2 y OR z', 'NOT NOT a']) expect(ast(formatTopicQuery(ast(q)))).toEqual(ast(q));
  });

  it('validates the stored rule shape', () => {
    expect(TopicRuleSchema.safeParse({ query: 'invoice' }).success).toBe(true);
    expect(TopicRuleSchema.safeParse({ query: ' ' }).success).toBe(false);
    expect(TopicRuleSchema.safeParse({ any: ['x'] }).success).toBe(false);
  });

  it('stems simple English inflections', () => {
    expect(['invoice', 'invoices', 'invoiced', 'invoicing'].map(stemWord)).toEqual(['invoic', 'invoic', 'invoic', 'invoic']);
    expect(['billing', 'bills', 'bill'].map(stemWord)).toEqual(['bill', 'bill', 'bill']);
    expect(['boxes', 'box'].map(stemWord)).toEqual(['box', 'box']);
  });
});
