import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { formatCount } from '../../ui/format.ts';
import { api, errorMessage, type DryRun, type Programme, type ProgrammeAction } from '../api.ts';
import { programmeQuery, programmesQuery } from './queries.ts';

/**
 * Activate, pause and end, by the programme's status. Activating first dry-runs the saved
 * programme and asks for confirmation with the number it would invite now; ending asks too.
 */
export function ProgrammeActions({ programme, onChanged }: { programme: Programme; onChanged?: (p: Programme) => void }) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<{ action: 'activate'; run: DryRun } | { action: 'end' } | null>(null);

  const act = useMutation({
    mutationFn: (action: ProgrammeAction) => api.programmeAction(programme.id, action),
    onSuccess: async (p) => {
      setConfirm(null);
      queryClient.setQueryData(programmeQuery(p.id).queryKey, p);
      await queryClient.invalidateQueries({ queryKey: programmesQuery.queryKey });
      onChanged?.(p);
    },
  });
  const preview = useMutation({
    mutationFn: () => api.dryRunProgramme(programme.id),
    onSuccess: (run) => setConfirm({ action: 'activate', run }),
  });

  const s = programme.status;
  const error = act.error ?? preview.error;
  return (
    <div className="stack prog-actions">
      <div className="row">
        {(s === 'draft' || s === 'paused') && (
          <Button variant="primary" loading={preview.isPending} disabled={act.isPending} onClick={() => preview.mutate()} data-testid="activate">
            {s === 'paused' ? 'Resume' : 'Activate'}
          </Button>
        )}
        {s === 'active' && (
          <Button loading={act.isPending && act.variables === 'pause'} onClick={() => act.mutate('pause')} data-testid="pause">
            Pause
          </Button>
        )}
        {(s === 'active' || s === 'paused') && (
          <Button variant="danger" disabled={act.isPending} onClick={() => setConfirm({ action: 'end' })} data-testid="end">
            End
          </Button>
        )}
      </div>
      {confirm?.action === 'activate' && (
        <div className="confirm-box" role="alertdialog" aria-labelledby="activate-title" aria-describedby="activate-text" data-testid="activate-confirm">
          <strong id="activate-title">{s === 'paused' ? 'Resume' : 'Activate'} “{programme.name}”?</strong>
          <p id="activate-text">
            {confirm.run.invite === 0
              ? 'No one would be invited right now'
              : `${formatCount(confirm.run.invite)} ${confirm.run.invite === 1 ? 'person' : 'people'} would be invited now`}
            {confirm.run.suppressed > 0 && `, ${formatCount(confirm.run.suppressed)} suppressed by the contact policy`}.
            {programme.kind === 'persistent' && ' From then on, each new event invites its contact.'}
          </p>
          <div className="row">
            <Button variant="primary" loading={act.isPending} onClick={() => act.mutate('activate')} data-testid="activate-confirm-yes" autoFocus>
              {s === 'paused' ? 'Resume' : 'Activate'} now
            </Button>
            <Button variant="ghost" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {confirm?.action === 'end' && (
        <div className="confirm-box" role="alertdialog" aria-labelledby="end-title" data-testid="end-confirm">
          <strong id="end-title">End “{programme.name}”? Nothing more is sent, and it cannot be started again.</strong>
          <div className="row">
            <Button variant="danger" loading={act.isPending} onClick={() => act.mutate('end')} data-testid="end-confirm-yes" autoFocus>
              End the programme
            </Button>
            <Button variant="ghost" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {error !== null && (
        <Alert tone="error" title="That did not work.">
          {errorMessage(error)}
        </Alert>
      )}
    </div>
  );
}
