import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { DriverAnalysisResult, DriverSet } from '../../../contract/drivers.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Card } from '../../ui/Card.tsx';
import { ChartCard, type ChartCardColumn } from '../../ui/ChartCard.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { formatCount } from '../../ui/format.ts';
import { importancePerformanceOption, QUADRANT_COLOR, QUADRANT_LABEL } from '../analytics/driver-charts.ts';
import { driversQuery } from '../analytics/drivers-queries.ts';
import '../analytics/drivers.css';
import { PageLoadError, TwoPanelSkeleton } from '../components/QueryState.tsx';
import { SurveyTabs } from '../components/SurveyTabs.tsx';
import { surveyQuery } from '../queries.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/_app/surveys/$id/drivers');

const SETS = [
  { value: 'items', label: 'Rating items' },
  { value: 'touch-points', label: 'Touch points' },
] as const satisfies readonly { value: DriverSet; label: string }[];

const METHOD_TEXT = { lmg: 'exact Shapley values (LMG)', 'relative-weights': "Johnson's relative weights" } as const;

const one = (v: number | string | null) => (typeof v === 'number' ? v.toFixed(1) : '–');
const three = (v: number | string | null) => (typeof v === 'number' ? v.toFixed(3) : '–');

const WEIGHT_COLUMNS: readonly ChartCardColumn[] = [
  { key: 'label', label: 'Driver' },
  { key: 'share', label: 'Share of R² (%)', numeric: true, format: one },
  { key: 'weight', label: 'Weight', numeric: true, format: three },
  { key: 'correlation', label: 'Correlation', numeric: true, format: three },
  { key: 'mean', label: 'Mean', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(2) : '–') },
  { key: 'performance', label: 'Performance (0–100)', numeric: true, format: one },
  { key: 'quadrant', label: 'Quadrant' },
];

function weightRows(result: DriverAnalysisResult) {
  return result.drivers.map((d) => ({
    label: d.label,
    share: d.share,
    weight: d.weight,
    correlation: d.correlation,
    mean: d.performance.mean,
    performance: d.performance.score,
    quadrant: QUADRANT_LABEL[d.quadrant],
  }));
}

function Facts({ result }: { result: DriverAnalysisResult }) {
  return (
    <div className="drivers-facts" data-testid="driver-facts">
      <span>
        R² <b>{result.rSquared === null ? '–' : result.rSquared.toFixed(3)}</b>
      </span>
      <span>
        <b>{formatCount(result.n)}</b> responses used
      </span>
      <span>{formatCount(result.nExcluded)} left out (an answer missing or “not applicable”)</span>
      {result.method && <span>Method: {METHOD_TEXT[result.method]}</span>}
    </div>
  );
}

/** The importance–performance map of a driver analysis, with its table of weights. */
export function DriverMapCard({ result, title = 'Importance and performance', testId = 'driver-map' }: { result: DriverAnalysisResult; title?: string; testId?: string }) {
  const compact = typeof window !== 'undefined' && window.innerWidth < 720;
  const option = useMemo(() => importancePerformanceOption(result, compact), [result, compact]);
  return (
    <ChartCard
      title={title}
      option={option}
      height={compact ? 320 : 420}
      chartLabel="Each driver by performance (horizontal, 0–100) and importance (vertical, share of R²); dashed lines at the means"
      table={{ columns: WEIGHT_COLUMNS, rows: weightRows(result) }}
      filename="importance-performance"
      testId={testId}
      note={
        <>
          Importance: each driver’s share of the outcome’s explained variance (R² = {result.rSquared?.toFixed(3)}, n = {formatCount(result.n)}). Lines at the drivers’ mean importance and
          performance; top left: important and under-performing — fix first.
        </>
      }
      actions={
        <span className="small muted">
          {Object.entries(QUADRANT_LABEL).map(([q, label]) => (
            <span key={q} style={{ marginRight: 10, whiteSpace: 'nowrap' }}>
              <span className="quadrant-dot" style={{ background: QUADRANT_COLOR[q as keyof typeof QUADRANT_COLOR] }} />
              {label}
            </span>
          ))}
        </span>
      }
    />
  );
}

function Results({ result }: { result: DriverAnalysisResult }) {
  const fixFirst = result.drivers.filter((d) => d.quadrant === 'fix-first');
  const rows = weightRows(result);
  return (
    <>
      <DriverMapCard result={result} />
      {fixFirst.length > 0 && (
        <Card title="Fix first" data-testid="fix-first">
          <ol className="fix-first-list">
            {fixFirst.map((d) => (
              <li key={d.key}>
                <b>{d.label}</b> — {d.share.toFixed(1)} % of R², performance {one(d.performance.score ?? d.performance.mean)}
              </li>
            ))}
          </ol>
        </Card>
      )}
      <ChartCard title="Driver weights" table={{ columns: WEIGHT_COLUMNS, rows }} filename="driver-weights" testId="driver-weights" />
      {result.dropped.length > 0 && (
        <ChartCard
          title="Left out of the analysis"
          table={{ columns: [{ key: 'label', label: 'Driver' }, { key: 'message', label: 'Why' }], rows: result.dropped.map((d) => ({ label: d.label, message: d.message })) }}
          filename="drivers-left-out"
        />
      )}
    </>
  );
}

export function DriversPage() {
  const { id } = route.useParams();
  const search = route.useSearch();
  const driverSet: DriverSet = search.drivers ?? 'items';
  const navigate = useNavigate();
  const survey = useQuery(surveyQuery(id));
  const drivers = useQuery(driversQuery(id, { outcome: search.outcome, drivers: driverSet }));
  useTitle(survey.data ? `Drivers · ${survey.data.title}` : 'Drivers');

  if (drivers.isPending) return <TwoPanelSkeleton grid="dash-grid" height={320} />;
  if (drivers.isError) return <PageLoadError error={drivers.error} what="driver analysis" onRetry={() => void drivers.refetch()} />;
  const result = drivers.data;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/surveys">Surveys</Link>
            <span aria-hidden="true">/</span>
            <span>Drivers</span>
          </nav>
          <h1 data-testid="survey-title">{survey.data?.title ?? 'Survey'}</h1>
          <div className="page-sub">What moves {result.outcome.label === 'Summary index' ? 'the summary index' : `“${result.outcome.label}”`} most, and how well each driver does today.</div>
        </div>
      </header>
      <SurveyTabs surveyId={id} />

      <div className="drivers-controls">
        <SelectField
          label="Outcome"
          value={result.outcome.key}
          data-testid="outcome-picker"
          onChange={(e) => void navigate({ to: '.', search: { ...search, outcome: e.target.value }, replace: true })}
        >
          {result.outcomes.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <Segmented label="Drivers" options={SETS} value={driverSet} onChange={(d) => void navigate({ to: '.', search: { ...search, drivers: d }, replace: true })} testId="driver-set" />
      </div>
      <Facts result={result} />

      {result.status === 'ok' ? (
        <Results result={result} />
      ) : (
        <Alert tone="warning" title="Not enough to weigh the drivers" testId="drivers-status">
          {result.message} {result.n > 0 && <Badge tone="warning">small sample</Badge>}
        </Alert>
      )}
    </div>
  );
}
