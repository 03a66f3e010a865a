import { Badge } from '../../ui/Badge.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatDateTime } from '../../ui/format.ts';
import type { DryRun } from '../api.ts';
import { REASON_LABEL } from './describe.ts';
import { SuppressionNote } from './ProgrammeBadges.tsx';

/** What a dry run found: counts, a bar per suppression reason, and the first rows. Nothing was written. */
export function DryRunResult({ run }: { run: DryRun }) {
  const max = Math.max(1, ...run.byReason.map((r) => r.count));
  return (
    <div className="stack" data-testid="dry-run-result">
      <p className="small muted">{run.basis}</p>
      <div className="prog-stats">
        <Stat label="Candidates" value={formatCount(run.candidates)} testId="dry-run-candidates" />
        <Stat label="Would be invited" value={formatCount(run.invite)} testId="dry-run-invite" />
        <Stat label="Suppressed" value={formatCount(run.suppressed)} testId="dry-run-suppressed" />
      </div>
      {run.byReason.length > 0 && (
        <div>
          <h3 className="section-title">Why they would be suppressed</h3>
          <ul className="rate-bars" data-testid="dry-run-reasons">
            {run.byReason.map((r) => (
              <li key={r.reason} className="rate-bar-row" data-testid="dry-run-reason" data-reason={r.reason}>
                <span className="rate-bar-label">{REASON_LABEL[r.reason]}</span>
                <span className="rate-bar-track" aria-hidden="true">
                  <span className="rate-bar-fill rate-bar-warn" style={{ width: `${(r.count / max) * 100}%` }} />
                </span>
                <span className="num rate-bar-value">{formatCount(r.count)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {run.rows.length > 0 && (
        <Table className="stack-table" data-testid="dry-run-rows">
          <caption className="sr-only">The first people of each outcome</caption>
          <thead>
            <tr>
              <th>Person</th>
              <th>Account</th>
              <th>Date</th>
              <th>Outcome</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {run.rows.map((r, i) => (
              <tr key={`${r.email}:${i}`} data-testid="dry-run-row">
                <td className="cell-break">
                  <div className="table-title">{r.name ?? r.email}</div>
                  {r.name && <div className="small muted">{r.email}</div>}
                  {r.audienceRole && <div className="small muted">{r.audienceRole}</div>}
                </td>
                <td data-label="Account">{r.accountName ?? <span className="muted">–</span>}</td>
                <td data-label="Date">
                  <time dateTime={r.at}>{formatDateTime(r.at)}</time>
                </td>
                <td data-label="Outcome">{r.outcome === 'invite' ? <Badge tone="success">Invite</Badge> : <Badge tone="warning">Suppressed</Badge>}</td>
                <td data-label="Reason" className="wrap">
                  <SuppressionNote reason={r.reason} detail={r.detail} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
