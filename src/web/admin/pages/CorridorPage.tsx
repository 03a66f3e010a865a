import { Fragment, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { CorridorStepView, CorridorView } from '../../../contract/drivers.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Card } from '../../ui/Card.tsx';
import { Chart } from '../../ui/Chart.tsx';
import { ChartCard, type ChartCardColumn } from '../../ui/ChartCard.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { formatCount, formatDate } from '../../ui/format.ts';
import { scoreSparklineOption } from '../analytics/driver-charts.ts';
import { corridorViewQuery } from '../analytics/drivers-queries.ts';
import '../analytics/drivers.css';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { corridorsQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/_app/analytics/corridor');

const one = (v: number | string | null) => (typeof v === 'number' ? v.toFixed(1) : '–');
const signed = (v: number | string | null) => (typeof v === 'number' ? `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${Math.abs(v).toFixed(2)}` : '–');

const COLUMNS: readonly ChartCardColumn[] = [
  { key: 'position', label: '#', numeric: true },
  { key: 'name', label: 'Touch point' },
  { key: 'stage', label: 'Stage' },
  { key: 'score', label: 'Score (0–100)', numeric: true, format: one },
  { key: 'n', label: 'n', numeric: true },
  { key: 'importance', label: 'Importance (% of R²)', numeric: true, format: one },
  { key: 'expectation', label: 'Expectation', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(2) : '–') },
  { key: 'experience', label: 'Experience', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(2) : '–') },
  { key: 'gap', label: 'Gap', numeric: true, format: signed },
  { key: 'snarl', label: 'Snarl' },
];

function Step({ step }: { step: CorridorStepView }) {
  const spark = useMemo(() => scoreSparklineOption(step.trend), [step.trend]);
  return (
    <article className={`cv-step${step.snarl ? ' snarl' : ''}`} data-testid={`step-${step.key}`}>
      <div className="cv-step-head">
        <div>
          <div className="cv-step-name">{step.name}</div>
          <div className="cv-step-stage">{step.stage}</div>
        </div>
        {step.snarl && (
          <Badge tone="danger" title="Among the widest gaps between expectation and experience">
            Snarl
          </Badge>
        )}
      </div>
      <div className="cv-score" data-testid="step-score">
        {step.score === null ? '–' : step.score.toFixed(0)}
        <small>/ 100</small>
      </div>
      <div>
        n = {formatCount(step.n)} {step.smallSample && step.n > 0 && <Badge tone="warning">small sample</Badge>}
      </div>
      <Chart option={spark} height={36} label={`${step.name}: score by month, last 12 months`} />
      <dl className="cv-facts">
        <dt>Importance</dt>
        <dd>{step.importance === null ? '–' : `${step.importance.toFixed(1)} %`}</dd>
        {step.gap && (
          <>
            <dt>Expectation</dt>
            <dd>{step.gap.expectation.toFixed(2)}</dd>
            <dt>Experience</dt>
            <dd>{step.gap.experience.toFixed(2)}</dd>
            <dt>Gap</dt>
            <dd className={step.gap.gap < 0 ? 'gap-negative' : undefined} data-testid="step-gap">
              {signed(step.gap.gap)}
            </dd>
          </>
        )}
      </dl>
    </article>
  );
}

function View({ view }: { view: CorridorView }) {
  const rows = view.steps.map((s, i) => ({
    position: i + 1,
    name: s.name,
    stage: s.stage,
    score: s.score,
    n: s.n,
    importance: s.importance,
    expectation: s.gap?.expectation ?? null,
    experience: s.gap?.experience ?? null,
    gap: s.gap?.gap ?? null,
    snarl: s.snarl ? 'yes' : '',
  }));
  const snarls = view.steps.filter((s) => s.snarl);
  const { importance } = view;
  return (
    <>
      <Card
        title={view.corridor.name}
        actions={
          <span className="small muted">
            {formatDate(view.from)} – {formatDate(view.to)}
          </span>
        }
      >
        {view.steps.length === 0 ? (
          <EmptyState title="This corridor has no touch points">Add touch points to it under Settings → Touch points.</EmptyState>
        ) : (
          <div className="cv-steps" data-testid="corridor-steps">
            {view.steps.map((s, i) => (
              <Fragment key={s.key}>
                {i > 0 && (
                  <div className="cv-arrow" aria-hidden="true">
                    →
                  </div>
                )}
                <Step step={s} />
              </Fragment>
            ))}
          </div>
        )}
        <p className="small muted" style={{ marginTop: 10 }}>
          Score: the mean of the answers to the items tagged with the touch point, each rescaled to 0–100, over the surveys you may read.{' '}
          {importance.surveyTitle
            ? `Importance: share of R² of the NPS of “${importance.surveyTitle}” (n = ${formatCount(importance.n)}).`
            : `No importance: ${importance.message ?? 'no relationship survey'}.`}{' '}
          {snarls.length > 0 ? `Snarls: ${snarls.map((s) => s.name).join(', ')} — experience falls furthest short of expectation.` : 'No snarls: no touch point falls short of expectation by 5 % of the scale or more.'}
        </p>
      </Card>
      <ChartCard title="Touch points" table={{ columns: COLUMNS, rows }} filename={`corridor-${view.corridor.audienceRole}`} testId="corridor-table" />
    </>
  );
}

export function CorridorPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const corridors = useQuery(corridorsQuery);
  const role = search.corridor ?? corridors.data?.corridors[0]?.audienceRole;
  const view = useQuery({ ...corridorViewQuery(role ?? ''), enabled: role !== undefined });
  useTitle('Corridor');

  if (corridors.isPending) return <PageSkeleton />;
  if (corridors.isError) return <PageLoadError error={corridors.error} what="corridors" onRetry={() => void corridors.refetch()} />;
  const list = corridors.data.corridors;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>The customer corridor</h1>
          <div className="page-sub">Each touch point an audience meets, in order: how it scores, how much it weighs, and where experience falls short of expectation.</div>
        </div>
      </header>
      {list.length === 0 ? (
        <Card>
          <EmptyState title="No corridors yet">Set the touch points each audience meets, in order, under Settings → Touch points.</EmptyState>
        </Card>
      ) : (
        <>
          <div className="drivers-controls">
            <SelectField label="Corridor" value={role} data-testid="corridor-picker" onChange={(e) => void navigate({ to: '.', search: { corridor: e.target.value }, replace: true })}>
              {list.map((c) => (
                <option key={c.audienceRole} value={c.audienceRole}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </div>
          {view.isPending ? (
            <PageSkeleton />
          ) : view.isError ? (
            <PageLoadError error={view.error} what="corridor" onRetry={() => void view.refetch()} />
          ) : (
            <View view={view.data} />
          )}
        </>
      )}
    </div>
  );
}
