import type { ReviewAccount } from '../../../contract/reviews.ts';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatPoints } from '../../ui/format.ts';

/** A signed change in points, ▲/▼, bold-underlined when significant; "–" without a base. */
export function PointsChange({ difference, significant, unit = 'pts', testId }: { difference: number | null; significant?: boolean; unit?: string; testId?: string }) {
  if (difference === null) return <span className="muted">–</span>;
  const dir = Math.abs(difference) < 0.05 ? 'flat' : difference > 0 ? 'up' : 'down';
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '■';
  return (
    <span className={`delta delta-${dir}${significant ? ' delta-significant' : ''}`} data-testid={testId} title={significant ? 'A real change (95 %)' : 'Within chance'}>
      <span aria-hidden="true">{arrow} </span>
      {difference > 0 ? '+' : ''}
      {formatPoints(difference)} {unit}
      {significant && <span className="sr-only"> (significant)</span>}
    </span>
  );
}

/** The reader's units as an indented select. */
export function UnitPicker({ units, value, onChange }: { units: { id: string; name: string; depth: number }[]; value: string; onChange: (id: string) => void }) {
  if (units.length < 2) return null;
  return (
    <label className="field-inline">
      <span className="small muted">Unit</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid="review-unit">
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {'\u00a0\u00a0'.repeat(u.depth)}
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AccountTable({ accounts, testId }: { accounts: ReviewAccount[]; testId: string }) {
  return (
    <Table data-testid={testId}>
      <thead>
        <tr>
          <th>Account</th>
          <th>Unit</th>
          <th>Owner</th>
          <th className="num">Index</th>
          <th className="num">Before</th>
          <th className="num">Billed revenue</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.id}>
            <td>
              {a.code && <span className="small muted">{a.code} </span>}
              {a.name}
            </td>
            <td>{a.unitName}</td>
            <td>{a.owner ?? '–'}</td>
            <td className="num">{a.summaryIndex === null ? '–' : a.summaryIndex.toFixed(1)}</td>
            <td className="num muted">{a.previousSummaryIndex === null ? '–' : a.previousSummaryIndex.toFixed(1)}</td>
            <td className="num">{a.billedRevenue === null ? '–' : formatCount(a.billedRevenue)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
