import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { errorMessage } from '../api.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { GoalCard } from '../goals/GoalCard.tsx';
import { GoalForm } from '../goals/GoalForm.tsx';
import { goalsApi, goalsQuery, type Goal } from '../goals/goals-queries.ts';
import { useTitle } from '../use-title.ts';

/** Every goal the user can see, with progress, forecast and status; create, change or remove those of their units. */
export function GoalsPage() {
  useTitle('Goals');
  const goals = useQuery(goalsQuery());
  const client = useQueryClient();
  const [editing, setEditing] = useState<Goal | 'new' | null>(null);
  const remove = useMutation({ mutationFn: goalsApi.remove, onSuccess: () => client.invalidateQueries({ queryKey: ['goals'] }) });

  if (goals.isPending) return <PageSkeleton />;
  if (goals.isError) return <PageLoadError error={goals.error} what="goals" onRetry={() => void goals.refetch()} />;
  const data = goals.data;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <div className="eyebrow">Goals</div>
          <h1>Goals</h1>
          <p className="page-sub">
            Each goal follows a metric in a unit from its start to its due date. The forecast is a least-squares line through the weeks or months so far, each
            weighted by its answers; the status compares it with the target (at risk: short by no more than 3 NPS points or 2 points of the other metrics).
          </p>
        </div>
        {data.canCreate && editing === null && (
          <Button variant="primary" onClick={() => setEditing('new')} data-testid="new-goal">
            New goal
          </Button>
        )}
      </header>
      {editing !== null && (
        <Card title={editing === 'new' ? 'New goal' : `Change “${editing.name}”`}>
          <GoalForm goal={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        </Card>
      )}
      {remove.isError && <Alert tone="error" title="Could not remove the goal.">{errorMessage(remove.error)}</Alert>}
      {data.goals.length === 0 ? (
        <Card>
          <EmptyState title="No goals yet">
            {data.canCreate ? 'Set a goal for a unit — NPS, CSAT, the summary index or the response rate — and follow it here and on the dashboards.' : 'Goals set for your units show up here.'}
          </EmptyState>
        </Card>
      ) : (
        <div className="survey-grid" data-testid="goal-list">
          {data.goals.map((g) => (
            <GoalCard
              key={g.id}
              goal={g}
              actions={
                g.canManage && (
                  <div className="goal-actions">
                    <Button size="sm" onClick={() => setEditing(g)}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => window.confirm(`Remove the goal “${g.name}”?`) && remove.mutate(g.id)}>
                      Remove
                    </Button>
                  </div>
                )
              }
            />
          ))}
        </div>
      )}
    </div>
  );
}
