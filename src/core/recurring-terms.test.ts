import { describe, expect, it } from 'vitest';
import { findRecurringTerms } from './recurring-terms.ts';

describe('recurring terms', () => {
  it('keeps words raised in two or more periods, counting each comment once', () => {
    const terms = findRecurringTerms([
      { period: 'Q4', text: 'Invoices are late, invoices again!' },
      { period: 'Q3', text: 'The invoices were wrong and support slow' },
      { period: 'Q3', text: 'Support was slow' },
      { period: 'Q2', text: 'Great onboarding' },
    ]);
    expect(terms.map((t) => [t.term, t.quarters, t.mentions])).toEqual([['invoices', 2, 2]]);
    expect(terms[0]?.example).toBe('Invoices are late, invoices again!');
  });
  it('leaves out function words and short words', () => {
    expect(findRecurringTerms([{ period: 'a', text: 'with this that the' }, { period: 'b', text: 'with this that the' }])).toEqual([]);
  });
});

describe('what is not an issue', () => {
  it('leaves out requests and time words, keeping what the comment is about', () => {
    const terms = findRecurringTerms([
      { period: 'Q1', text: 'Invoicing errors three months in a row. This needs senior attention.' },
      { period: 'Q2', text: 'Invoicing errors again. Please call me.' },
    ]);
    expect(terms.map((t) => t.term)).toEqual(['errors', 'invoicing']);
  });
});
