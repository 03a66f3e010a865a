import { describe, expect, it } from 'vitest';
import { caretLines } from './topic-syntax.ts';
import { shareOf, themeTrendOption, themeTrendTable } from './verbatim-charts.ts';

const trend = {
  months: ['2026-10', '2026-11', '2026-12'],
  totals: [40, 0, 25],
  series: [{ key: 'billing', name: 'Billing <b>', counts: [10, 0, 5] }],
};

describe('the theme trend', () => {
  it('draws each theme as its share of the month, none for an empty month', () => {
    const series = (themeTrendOption(trend) as { series: { data: (number | null)[] }[] }).series;
    expect(series[0]?.data).toEqual([25, null, 20]);
    expect(shareOf(1, 3)).toBe(33.3);
  });

  it('tabulates counts and shares per month', () => {
    const t = themeTrendTable(trend);
    expect(t.columns.map((c) => c.label)).toEqual(['Month', 'Verbatims', 'Billing <b>', 'Billing <b> %']);
    expect(t.rows[2]).toEqual({ month: '2026-12', total: 25, c0: 5, s0: 20 });
  });

  it('escapes theme names in the tooltip', () => {
    const formatter = (themeTrendOption(trend) as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter;
    expect(formatter([{ dataIndex: 0 }])).toContain('Billing &#60;b&#62;: <b>25%</b> · 10');
  });
});

describe('the caret under a rule', () => {
  it('points at the offset on its own line', () => {
    expect(caretLines('invoice AND (late', 12)).toBe('invoice AND (late\n            ^');
    expect(caretLines('a OR\nb AND', 7)).toBe('b AND\n  ^');
  });
});

describe('the month before', () => {
  it('crosses the year', async () => {
    const { monthBefore } = await import('./verbatims-api.ts');
    expect(monthBefore(new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
    expect(monthBefore(new Date('2026-03-31T23:00:00Z'))).toBe('2026-02');
  });
});
