import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card } from '../../ui/Card.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount, formatShare } from '../../ui/format.ts';
import type { RateGrouping } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { Skeleton } from '../../ui/Feedback.tsx';
import { RateBar } from './ProgrammeBadges.tsx';
import { ratesQuery } from './queries.ts';

const GROUPINGS: { value: RateGrouping; label: string }[] = [
  { value: 'wave', label: 'Wave' },
  { value: 'owner', label: 'Account owner' },
  { value: 'unit', label: 'Unit' },
  { value: 'audience', label: 'Audience' },
];

/** Response rates (completed of sent) by wave, account owner, unit or audience. */
export function RatesCard({ programmeId }: { programmeId: string }) {
  const [by, setBy] = useState<RateGrouping>('wave');
  const rates = useQuery(ratesQuery(programmeId, by));
  const label = GROUPINGS.find((g) => g.value === by)?.label ?? by;
  return (
    <Card title="Response rates" actions={<Segmented options={GROUPINGS} value={by} onChange={setBy} label="Group response rates by" testId="rates-by" />} flush data-testid="rates-card">
      {rates.isError ? (
        <div className="card-body">
          <LoadError error={rates.error} what="response rates" onRetry={() => void rates.refetch()} />
        </div>
      ) : !rates.data ? (
        <div className="card-body">
          <Skeleton height={120} />
        </div>
      ) : rates.data.groups.length === 0 ? (
        <p className="card-body muted">Nothing sent yet, so no rates.</p>
      ) : (
        <Table className="stack-table" data-testid="rates-table" aria-busy={rates.isFetching || undefined}>
          <thead>
            <tr>
              <th>{label}</th>
              <th className="right">Sent</th>
              <th className="right">Completed</th>
              <th>Rate</th>
            </tr>
          </thead>
          <tbody>
            {rates.data.groups.map((g) => (
              <tr key={g.key} data-testid="rate-row">
                <td className="table-title">{g.label}</td>
                <td className="right num" data-label="Sent">
                  {formatCount(g.sent)}
                </td>
                <td className="right num" data-label="Completed">
                  {formatCount(g.completed)}
                </td>
                <td data-label="Rate">
                  <RateBar rate={g.rate} label={formatShare(g.rate)} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
