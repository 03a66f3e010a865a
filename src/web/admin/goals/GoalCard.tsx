import { useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge, type BadgeTone } from '../../ui/Badge.tsx';
import { Chart } from '../../ui/Chart.tsx';
import { formatCount, formatDate } from '../../ui/format.ts';
import { goalTrendOption } from './goal-charts.ts';
import { goalsQuery, type Goal, type GoalFilter } from './goals-queries.ts';
import './goals.css';

export const METRIC_LABEL: Record<Goal['metric'], string> = {
  nps: 'NPS',
  csat: 'CSAT',
  summary_index: 'Summary index',
  response_rate: 'Response rate',
  cases_closed_in_time: 'Cases closed in time',
};

const STATUS: Record<Goal['progress']['status'], { label: string; tone: BadgeTone; why: string }> = {
  achieved: { label: 'Achieved', tone: 'success', why: 'The value since the start has reached the target.' },
  on_track: { label: 'On track', tone: 'info', why: 'The trend line reaches the target by the due date.' },
  at_risk: { label: 'At risk', tone: 'warning', why: 'The trend line ends just short of the target (within the metric’s tolerance).' },
  off_track: { label: 'Off track', tone: 'danger', why: 'The trend line ends well short of the target, or the due date passed without reaching it.' },
  no_data: { label: 'No data yet', tone: 'neutral', why: 'Nothing has been measured since the start.' },
};

/** A metric's value as the goal shows it: NPS and the index as points, shares with a percent sign. */
export function formatGoalValue(metric: Goal['metric'], value: number | null): string {
  if (value === null) return '–';
  const rounded = Math.round(value * 10) / 10;
  if (metric === 'nps') return `${rounded > 0 ? '+' : ''}${rounded.toFixed(Number.isInteger(rounded) ? 0 : 1)}`;
  if (metric === 'summary_index') return rounded.toFixed(1);
  return `${rounded.toFixed(Number.isInteger(rounded) ? 0 : 1)}\u00a0%`;
}

export function GoalStatusBadge({ goal }: { goal: Goal }) {
  const s = STATUS[goal.progress.status];
  return (
    <Badge tone={s.tone} dot title={s.why}>
      {s.label}
    </Badge>
  );
}

function scopeOf(goal: Goal): string {
  return [goal.unit.name, goal.touchPoint?.name, goal.survey?.title, goal.programme?.name].filter(Boolean).join(' · ');
}

export function GoalCard({ goal, actions }: { goal: Goal; actions?: ReactNode }) {
  const p = goal.progress;
  const option = useMemo(() => goalTrendOption(goal), [goal]);
  const points = p.series.filter((x) => x.value !== null).length;
  const share = p.share ?? 0;
  return (
    <article className="card goal-card" data-testid="goal-card" aria-label={goal.name}>
      <div className="row" style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}>
        <div className="goal-card-title" title={goal.name}>
          {goal.name}
        </div>
        <span className="spacer" />
        <GoalStatusBadge goal={goal} />
      </div>
      <div className="survey-card-meta" title={scopeOf(goal)}>
        {METRIC_LABEL[goal.metric]} · {scopeOf(goal)}
      </div>
      <div className="goal-figures">
        <div>
          <div className="nps-mini-label">Now</div>
          <div className="goal-value" data-testid="goal-current">{formatGoalValue(goal.metric, p.current)}</div>
        </div>
        <div>
          <div className="nps-mini-label">Target</div>
          <div className="goal-value muted-value">{formatGoalValue(goal.metric, goal.target)}</div>
        </div>
        <div>
          <div className="nps-mini-label">Forecast</div>
          <div className="goal-value muted-value" title={`Where the trend line stands on ${formatDate(goal.dueDate)}`}>
            {formatGoalValue(goal.metric, p.forecast)}
          </div>
        </div>
      </div>
      <div
        className="goal-bar"
        role="progressbar"
        aria-label={`Progress from the baseline to the target: ${Math.round(share * 100)} %`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <span className={`goal-bar-fill goal-bar-${p.status}`} style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <div className="small muted num">
        {p.baseline === null ? 'No baseline' : `From ${formatGoalValue(goal.metric, p.baseline)} before the start`} · n = {formatCount(p.n)} · due {formatDate(goal.dueDate)}
      </div>
      <div style={{ height: 44 }}>
        {points >= 2 ? (
          <Chart option={option} height={44} label={`${goal.name}: ${p.grain === 'week' ? 'weekly' : 'monthly'} values since the start, and the target`} />
        ) : (
          <div className="small muted" style={{ paddingTop: 12 }}>
            The trend shows after two {p.grain === 'week' ? 'weeks' : 'months'} of data.
          </div>
        )}
      </div>
      {goal.owner && <div className="small muted">Owner: {goal.owner.name}</div>}
      {actions}
    </article>
  );
}

/** The goals that belong to a page's reader (or to a unit), as cards; nothing when there are none. */
export function GoalCards({ filter, title = 'Goals', testId = 'goal-cards' }: { filter: GoalFilter; title?: string; testId?: string }) {
  const goals = useQuery(goalsQuery(filter));
  if (!goals.data || goals.data.goals.length === 0) return null;
  return (
    <section aria-labelledby={`${testId}-title`} data-testid={testId} className="goal-section">
      <div className="section-title">
        <h2 id={`${testId}-title`}>{title}</h2>
        <Link to="/goals" className="small">
          All goals
        </Link>
      </div>
      <div className="survey-grid">
        {goals.data.goals.map((g) => (
          <GoalCard key={g.id} goal={g} />
        ))}
      </div>
    </section>
  );
}
