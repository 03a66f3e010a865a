import { describe, expect, it } from 'vitest';
import { keySuggestions, labelOfRole, moveItem, splitKeys, unknownKeys } from './logic.ts';

const catalogue = ['invoice', 'onboarding', 'service-call'];

describe('the builder’s touch-point suggestions', () => {
  it('offers every catalogue key for an empty field', () => {
    expect(keySuggestions('', catalogue)).toEqual(catalogue);
  });

  it('keeps the keys already typed and offers the others after them', () => {
    expect(keySuggestions('service-call, inv', catalogue)).toEqual(['service-call, invoice', 'service-call, onboarding']);
    expect(keySuggestions('service-call, ', catalogue)).toEqual(['service-call, invoice', 'service-call, onboarding']);
    expect(keySuggestions('invoice onboarding ', catalogue)).toEqual(['invoice, onboarding, service-call']);
  });

  it('replaces the key being typed rather than appending to it', () => {
    expect(keySuggestions('serv', catalogue)).toEqual(catalogue);
  });

  it('flags keys the catalogue does not hold, and only those', () => {
    const known = new Set(catalogue);
    expect(unknownKeys(splitKeys('invoice, support,  onboarding,billing'), known)).toEqual(['support', 'billing']);
    expect(unknownKeys([], known)).toEqual([]);
  });
});

describe('reordering a corridor', () => {
  it('moves an item up or down by one place', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('leaves the list alone at its ends', () => {
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('names a role for people', () => {
    expect(labelOfRole('purchasing_agent')).toBe('Purchasing agent');
  });
});
