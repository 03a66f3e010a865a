import { useMutation } from '@tanstack/react-query';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import { api, errorMessage } from '../api.ts';

/**
 * A shareable link to the saved draft, for a customer or colleague to try before it goes out: the
 * real respondent page, answers checked but never recorded. A new link turns the old one off.
 */
export function PreviewLinkPanel({ surveyId, saveFirst }: { surveyId: string; saveFirst: () => Promise<void> }) {
  const make = useMutation({
    mutationFn: async () => {
      await saveFirst();
      return api.previewLink(surveyId);
    },
  });
  return (
    <Card title="Share a draft preview" data-testid="preview-link-panel">
      <p className="small muted">
        Anyone with the link can answer the saved draft exactly as respondents will, on any device. Nothing they enter is recorded.
      </p>
      {make.data && <CopyField value={make.data.url} testId="preview-url" />}
      {make.error && <p className="small" role="alert">{errorMessage(make.error)}</p>}
      <div>
        <Button onClick={() => make.mutate()} loading={make.isPending} data-testid="make-preview-link">
          {make.data ? 'Make a new link (turns this one off)' : 'Make a preview link'}
        </Button>
      </div>
    </Card>
  );
}
