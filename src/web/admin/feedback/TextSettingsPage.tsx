import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { Checkbox } from '../../ui/Field.tsx';
import { errorMessage } from '../api.ts';
import { LoadError } from '../components/QueryState.tsx';
import { useTitle } from '../use-title.ts';
import { feedbackApi, textSettingsQuery } from './api.ts';

/** Settings → Text: PII masking at ingest. */
export function TextSettingsPage() {
  useTitle('Text settings');
  const queryClient = useQueryClient();
  const settings = useQuery(textSettingsQuery);
  const save = useMutation({
    mutationFn: (maskPii: boolean) => feedbackApi.putTextSettings({ maskPii }),
    onSuccess: (saved) => queryClient.setQueryData(textSettingsQuery.queryKey, saved),
  });
  if (settings.isError) return <LoadError error={settings.error} what="text settings" onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton height={160} style={{ borderRadius: 10 }} />;
  return (
    <Card title="Personal data in customers' words">
      <div className="stack">
        <Checkbox
          label="Mask emails, IBANs, phone numbers and card numbers before they are stored"
          checked={settings.data.maskPii}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.target.checked)}
          data-testid="mask-pii"
        />
        <p className="small muted">
          Applies to survey comments, case notes and feedback items from now on: the original text never reaches the database, its backups or the search index, so it cannot be
          recovered. Text stored before stays as it is.
        </p>
        {save.isSuccess && <Alert tone="success" title={save.data.maskPii ? 'Masking is on.' : 'Masking is off.'} testId="mask-pii-saved" />}
        {save.isError && <Alert tone="error" title="Could not save">{errorMessage(save.error)}</Alert>}
      </div>
    </Card>
  );
}
