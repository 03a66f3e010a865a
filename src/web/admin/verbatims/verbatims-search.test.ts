import { describe, expect, it } from 'vitest';
import { filterOf, listOf, toggleIn, validateVerbatimsSearch } from './verbatims-search.ts';

describe('the explorer address', () => {
  it('keeps known filters and drops unknown keys, blanks and malformed days', () => {
    expect(validateVerbatimsSearch({ q: 'invoice', theme: 'billing,delivery', from: '2026-01-01', to: '1 Jan', evil: 'x', kind: ' ' })).toEqual({ q: 'invoice', theme: 'billing,delivery', from: '2026-01-01' });
  });

  it('toggles a value in a comma list and removes the key when the list empties', () => {
    const s = { theme: 'billing' };
    expect(toggleIn(s, 'theme', 'delivery')).toBe('billing,delivery');
    expect(toggleIn(s, 'theme', 'billing')).toBeUndefined();
    expect(listOf({ theme: 'a, b,,c' }, 'theme')).toEqual(['a', 'b', 'c']);
  });

  it('passes the filters on as the API names them', () => {
    expect(filterOf({ q: 'late', sentiment: 'negative', band: 'detractor' })).toEqual({ q: 'late', sentiment: 'negative', band: 'detractor' });
  });
});
