import { Badge } from '../../ui/Badge.tsx';
import { Card } from '../../ui/Card.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { EmptyState, Spinner } from '../../ui/Feedback.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import type { ThemeEffects, TrendingThemes } from './verbatims-api.ts';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const one = (v: number) => (Math.round(v * 10) / 10).toFixed(1);
const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${one(Math.abs(v))}`;

interface Loadable<T> {
  data: T | undefined;
  isError: boolean;
  error: unknown;
}

function monthSpan(months: readonly string[]): string {
  if (months.length === 0) return 'the months before';
  const first = months[0] ?? '';
  const last = months[months.length - 1] ?? '';
  return first === last ? first : `${first} to ${last}`;
}

export type TrendMonth = 'this' | 'last';
const MONTHS = [
  { value: 'this' as const, label: 'This month' },
  { value: 'last' as const, label: 'Last month' },
];

/** Fewer verbatims than this in the month: its shares move with every comment. */
const FEW = 30;

/** What rose this month (or last) against the months before, each said plainly as significant or not. */
export function TrendingCard({ q, onTheme, month, onMonth }: { q: Loadable<TrendingThemes>; onTheme: (key: string) => void; month: TrendMonth; onMonth: (m: TrendMonth) => void }) {
  const t = q.data;
  const shown = t?.themes.filter((x) => x.current.count > 0).slice(0, 6) ?? [];
  const total = t?.themes[0]?.current.total ?? 0;
  return (
    <Card title={t ? `Trending in ${t.month}` : 'Trending themes'} data-testid="trending-themes">
      <div style={{ marginBottom: 12 }}>
        <Segmented options={MONTHS} value={month} onChange={onMonth} label="Month" testId="trending-month" />
      </div>
      {t && total > 0 && total < FEW && (
        <p className="small" style={{ marginBottom: 10, color: 'var(--c-warning)' }}>
          Only {formatCount(total)} verbatim{total === 1 ? '' : 's'} in {t.month} so far: its shares move with every comment; read them with care{month === 'this' ? ' or look at last month' : ''}.
        </p>
      )}
      {q.isError ? (
        <p className="small muted">{errorMessage(q.error)}</p>
      ) : !t ? (
        <Spinner label="Comparing months" />
      ) : shown.length === 0 ? (
        <p className="small muted">No themes in {t.month} yet.</p>
      ) : (
        <ul className="vx-trending">
          {shown.map((x) => {
            const rose = x.current.share > x.baseline.share;
            return (
              <li key={x.key} data-testid="trending-theme">
                <span className="row" style={{ gap: 8 }}>
                  <button type="button" className="link-button" onClick={() => onTheme(x.key)}>
                    {x.name}
                  </button>
                  {x.rising ? <Badge tone="danger">rising, significant</Badge> : rose ? <Badge>rose, not significant</Badge> : <Badge tone="success">not rising</Badge>}
                </span>
                <span className="small muted">
                  {pct(x.current.share)} of {t.month}’s verbatims ({formatCount(x.current.count)} of {formatCount(x.current.total)}) against {pct(x.baseline.share)} in {monthSpan(t.baselineMonths)}
                  {x.p !== null ? ` · ${pValue(x.p)}` : ''}
                  {!x.rising && rose ? ': could be chance' : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="small muted" style={{ marginTop: 10 }}>Significant: a two-proportion z test against the months before (Fisher’s exact test when counts are small), p &lt; 0.05, with at least 3 verbatims this month.</p>
    </Card>
  );
}

/** Each theme's effect on the score: the mean score of verbatims with it against those without. */
export function EffectCard({ q, onTheme }: { q: Loadable<ThemeEffects>; onTheme: (key: string) => void }) {
  const e = q.data;
  const rows = e?.themes.filter((x) => x.with.n > 0).slice(0, 8) ?? [];
  return (
    <Card title="Theme effect on the score" flush data-testid="theme-effects">
      {q.isError ? (
        <div className="card-body small muted">{errorMessage(q.error)}</div>
      ) : !e ? (
        <div className="card-body">
          <Spinner label="Comparing scores" />
        </div>
      ) : rows.length === 0 ? (
        <EmptyState title="No scored verbatims">Survey comments with a 0–10 score show here.</EmptyState>
      ) : (
        <>
          <Table className="vx-effect">
            <thead>
              <tr>
                <th>Theme</th>
                <th className="num">With</th>
                <th className="num">Without</th>
                <th className="num">Effect</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((x) => {
                const sure = x.ci !== null && (x.ci.low > 0 || x.ci.high < 0);
                return (
                  <tr key={x.key} data-testid="theme-effect">
                    <td>
                      <button type="button" className="link-button" onClick={() => onTheme(x.key)}>
                        {x.name}
                      </button>
                    </td>
                    <td className="num" title={`${formatCount(x.with.n)} scores`}>
                      {x.with.mean === null ? '–' : one(x.with.mean)}
                      <div className="muted small">n {formatCount(x.with.n)}</div>
                    </td>
                    <td className="num" title={`${formatCount(x.without.n)} scores`}>
                      {x.without.mean === null ? '–' : one(x.without.mean)}
                      <div className="muted small">n {formatCount(x.without.n)}</div>
                    </td>
                    <td className="num" title={x.ci ? `95% interval ${signed(x.ci.low)} to ${signed(x.ci.high)}` : 'Too few scores to say'}>
                      {x.difference === null ? '–' : <strong style={{ color: sure ? (x.difference < 0 ? 'var(--c-danger)' : 'var(--c-success)') : undefined }}>{signed(x.difference)}</strong>}
                      {x.difference !== null && !sure && <span className="muted small"> ?</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <p className="small muted card-body">
            Mean 0–10 score of the {formatCount(e.n)} scored verbatims with the theme against those without. Coloured where the 95% interval excludes zero; “?” where it could be chance.
          </p>
        </>
      )}
    </Card>
  );
}
