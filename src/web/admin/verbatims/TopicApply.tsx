import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button } from '../../ui/Button.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { formatCount, formatDateTime } from '../../ui/format.ts';
import { errorMessage } from '../api.ts';
import { isRunning, verbatimsApi, type Topic } from './verbatims-api.ts';

/** "Apply to history" and its progress: polls the topic each second while the job runs. */
export function TopicApply({ topic }: { topic: Topic }) {
  const queryClient = useQueryClient();
  const live = useQuery({
    queryKey: ['topics', topic.id],
    queryFn: () => verbatimsApi.topic(topic.id),
    initialData: topic,
    refetchInterval: (q) => (isRunning(q.state.data?.application) ? 1_000 : false),
  });
  const t = live.data;
  const job = t.application;
  const apply = useMutation({
    mutationFn: () => verbatimsApi.applyTopic(topic.id),
    onSuccess: (next) => {
      queryClient.setQueryData(['topics', topic.id], next);
      // The list shows "applying…" beside the topic while the job runs.
      void queryClient.invalidateQueries({ queryKey: ['topics'], exact: true });
    },
  });
  // When the job ends, the list, the explorer's counts and its filters must see the new labels.
  const running = isRunning(job);
  useEffect(() => {
    if (!running && job.state === 'done') {
      void queryClient.invalidateQueries({ queryKey: ['topics'], exact: true });
      void queryClient.invalidateQueries({ queryKey: ['verbatims'] });
    }
  }, [running, job.state, queryClient]);
  const share = job.total ? Math.min(100, Math.round((job.done / job.total) * 100)) : null;

  return (
    <div className="tp-progress" data-testid="topic-apply">
      {running ? (
        <>
          <div className="row small" style={{ justifyContent: 'space-between' }}>
            <span>
              Applying to the history: {formatCount(job.done)}
              {job.total !== null ? ` of ${formatCount(job.total)}` : ''} verbatims
            </span>
            <span className="num">{share === null ? '' : `${share}%`}</span>
          </div>
          <div className="tp-bar" role="progressbar" aria-label="Applying the topic" aria-valuemin={0} aria-valuemax={job.total ?? undefined} aria-valuenow={job.done}>
            <span style={{ width: `${share ?? 5}%` }} />
          </div>
        </>
      ) : job.state === 'failed' ? (
        <Alert tone="error" title="Applying stopped.">
          {job.error ?? 'The job failed.'} Try again; verbatims already labelled keep their label.
        </Alert>
      ) : t.appliedAt ? (
        <p className="small" data-testid="topic-applied">
          Applied {formatDateTime(t.appliedAt)}: matches <strong data-testid="topic-applied-count">{formatCount(t.appliedCount ?? 0)}</strong> verbatim{t.appliedCount === 1 ? '' : 's'}.{' '}
          <Link to="/verbatims" search={{ topic: t.id }} data-testid="topic-open-explorer">
            See them in the explorer
          </Link>
        </p>
      ) : (
        <p className="small muted">Saved. New verbatims get the topic as they arrive; apply it to label the ones already there.</p>
      )}
      <div>
        <Button onClick={() => apply.mutate()} disabled={running} loading={apply.isPending} data-testid="topic-apply-button">
          {t.appliedAt ? 'Apply to history again' : 'Apply to history'}
        </Button>
      </div>
      {apply.isError && <Alert tone="error">{errorMessage(apply.error)}</Alert>}
    </div>
  );
}
