import type { QuestionSummary } from '../../../contract/dashboard.ts';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatNps, formatPoints, formatShare } from '../../ui/format.ts';

const METRIC_LABEL: Record<QuestionSummary['metric']['kind'], string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES agree', mean: 'Mean' };

function headline(q: QuestionSummary): string {
  const v = q.metric.value;
  if (v === null) return '–';
  if (q.metric.kind === 'nps') return formatNps(v);
  if (q.metric.kind === 'mean') return formatPoints(v);
  return formatShare(v / 100);
}

/** A value's colour on its scale: red at the bottom, amber in the middle, green at the top. */
function shade(value: number, min: number, max: number): string {
  const t = max === min ? 1 : (value - min) / (max - min);
  const hue = Math.round(t * 130);
  return `hsl(${hue} 55% ${48 + (1 - Math.abs(t - 0.5) * 2) * 6}%)`;
}

function DistributionBar({ q }: { q: QuestionSummary }) {
  const total = q.distribution.reduce((a, d) => a + d.count, 0);
  if (total === 0) return <span className="muted">–</span>;
  const label = q.distribution.map((d) => `${d.value}: ${d.count}`).join(', ');
  return (
    <div className="dist-bar" role="img" aria-label={`Answers per value, ${label}`}>
      {q.distribution
        .filter((d) => d.count > 0)
        .map((d) => (
          <span key={d.value} style={{ flexGrow: d.count, background: shade(d.value, q.scale.min, q.scale.max) }} title={`${d.value}: ${formatCount(d.count)}`} />
        ))}
    </div>
  );
}

/** Every scale answer of a survey: its headline metric with the 95 % interval, n, mean and distribution. */
export function QuestionTable({ questions }: { questions: readonly QuestionSummary[] }) {
  return (
    <Table data-testid="question-table">
      <thead>
        <tr>
          <th>Question</th>
          <th className="num">Score</th>
          <th className="num">95 % interval</th>
          <th className="num">n</th>
          <th className="num">Mean</th>
          <th>Distribution</th>
        </tr>
      </thead>
      <tbody>
        {questions.map((q) => (
          <tr key={q.key} data-key={q.key}>
            <td>
              {q.text}
              <div className="small muted">
                {METRIC_LABEL[q.metric.kind]} · {q.scale.min}–{q.scale.max}
              </div>
            </td>
            <td className="num">
              <strong>{headline(q)}</strong>
              {q.smallSample && q.n > 0 && (
                <span className="badge badge-warning small-sample" title="Fewer than 30 answers: read with care">
                  small sample
                </span>
              )}
            </td>
            <td className="num muted">{q.metric.interval ? `${formatPoints(q.metric.interval[0])} – ${formatPoints(q.metric.interval[1])}` : '–'}</td>
            <td className="num">{formatCount(q.n)}</td>
            <td className="num">{q.mean === null ? '–' : formatPoints(q.mean)}</td>
            <td style={{ minWidth: 140 }}>
              <DistributionBar q={q} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
