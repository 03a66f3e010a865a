import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card } from '../../ui/Card.tsx';
import { ChartCard, type ChartCardTable } from '../../ui/ChartCard.tsx';
import { EmptyState } from '../../ui/Feedback.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { formatNps } from '../../ui/format.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { employeeScatterOption } from '../goals/goal-charts.ts';
import { employeeCustomerQuery, type EmployeeCustomer } from '../goals/goals-queries.ts';
import { useTitle } from '../use-title.ts';
import '../goals/goals.css';

type Level = EmployeeCustomer['level'];
const LEVELS: { value: Level; label: string }[] = [
  { value: 'market', label: 'Markets' },
  { value: 'region', label: 'Regions' },
  { value: 'team', label: 'Teams' },
];

const fmt = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));
/** “p = 0.042”, or “p < 0.001” when smaller. */
const fmtP = (p: number | null) => (p === null ? 'p = –' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** The page's answer in plain words: do engaged employees and loyal customers go together here, and how sure can we be. */
export function verdictOf(d: EmployeeCustomer): string {
  const c = d.pearson;
  if (c.r === null || c.n < 3) return `Too few ${d.level === 'team' ? 'teams' : `${d.level}s`} have both an eNPS and a customer NPS (${c.n}) to say whether the two go together.`;
  const words = { none: 'no', weak: 'a weak', moderate: 'a moderate', strong: 'a strong' }[c.strength];
  const dir = c.direction === null ? '' : c.direction === 'positive' ? ' positive' : ' negative';
  const meaning =
    c.direction === 'positive'
      ? 'where employees are more engaged, customers are more loyal'
      : c.direction === 'negative'
        ? 'where employees are more engaged, customers are, if anything, less loyal'
        : 'engagement and loyalty do not move together here';
  const ci = c.interval ? ` The 95 % interval runs from ${c.interval[0].toFixed(2)} to ${c.interval[1].toFixed(2)}.` : '';
  const sure = c.significant
    ? `With ${c.n} units this is unlikely to be chance (${fmtP(c.pValue)}).`
    : `With only ${c.n} units it could well be chance (${fmtP(c.pValue)}): more units, or another period, would tell.`;
  return `There is ${words}${dir} correlation between eNPS and customer NPS across the ${c.n} units (Pearson r = ${fmt(c.r)}, Spearman ρ = ${fmt(d.spearman.r)}): ${meaning}. ${sure}${ci} A correlation shows that the two go together, not that one causes the other.`;
}

export function EmployeesPage() {
  useTitle('Employees and customers');
  const [level, setLevel] = useState<Level>('region');
  const data = useQuery(employeeCustomerQuery(level));
  const option = useMemo(() => (data.data ? employeeScatterOption(data.data) : null), [data.data]);
  if (data.isPending) return <PageSkeleton />;
  if (data.isError) return <PageLoadError error={data.error} what="employee analytics" onRetry={() => void data.refetch()} />;
  const d = data.data;
  const table = unitTable(d);
  const note = noteOf(d);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Analytics</div>
          <h1>Employees and customers</h1>
          <p className="page-sub">
            eNPS from the employee surveys beside customer NPS from every other survey, unit by unit, over {d.from} to {d.to}. The two are read apart and never
            pooled: employee answers appear in no customer result.
          </p>
        </div>
        <Segmented label="Compare" value={level} options={LEVELS} onChange={setLevel} />
      </header>
      {d.employeeSurveys.length === 0 ? (
        <Card>
          <EmptyState title="No employee survey yet">Create a survey of the kind “Employee” with an eNPS question, publish it to your people, and their answers show here beside your customers’.</EmptyState>
        </Card>
      ) : (
        <>
          <Card title="Do engaged employees and loyal customers go together here?">
            <p className="verdict" data-testid="employee-verdict">
              {verdictOf(d)}
            </p>
          </Card>
          {option && (
            <ChartCard
              title="eNPS and customer NPS by unit"
              option={option}
              height={360}
              filename="enps-customer-nps"
              testId="employee-scatter"
              chartLabel="Each unit's eNPS across and customer NPS up, with the least-squares line"
              table={table}
              note={note}
            />
          )}
          <ChartCard title="By unit" filename="enps-customer-nps-table" testId="employee-table" table={table} note={note} />
        </>
      )}
    </div>
  );
}

function unitTable(d: EmployeeCustomer): ChartCardTable {
  return {
                columns: [
                  { key: 'unit', label: 'Unit' },
                  { key: 'parent', label: 'In' },
                  { key: 'enps', label: 'eNPS', numeric: true, format: (v) => (typeof v === 'number' ? formatNps(v) : '–') },
                  { key: 'enpsMargin', label: '± eNPS', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(1) : '–') },
                  { key: 'enpsN', label: 'Employees', numeric: true },
                  { key: 'engagement', label: 'Engagement 0–100', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(1) : '–') },
                  { key: 'nps', label: 'Customer NPS', numeric: true, format: (v) => (typeof v === 'number' ? formatNps(v) : '–') },
                  { key: 'npsMargin', label: '± NPS', numeric: true, format: (v) => (typeof v === 'number' ? v.toFixed(1) : '–') },
                  { key: 'npsN', label: 'Customers', numeric: true },
                ],
                rows: d.units.map((u) => ({
                  unit: u.name,
                  parent: u.parentName ?? '',
                  enps: u.enps.score,
                  enpsMargin: u.enps.marginOfError,
                  enpsN: u.enps.n,
                  engagement: u.engagement,
                  nps: u.customerNps.score,
                  npsMargin: u.customerNps.marginOfError,
                  npsN: u.customerNps.n,
                })),
  };
}

function noteOf(d: EmployeeCustomer): string {
  return `Pearson r = ${fmt(d.pearson.r)} (${fmtP(d.pearson.pValue)}${d.pearson.interval ? `, 95 % interval ${d.pearson.interval[0].toFixed(2)} to ${d.pearson.interval[1].toFixed(2)} by Fisher's z` : ''}); Spearman ρ = ${fmt(d.spearman.r)} (${fmtP(d.spearman.pValue)}); n = ${d.pearson.n} units with both scores.`;
}
