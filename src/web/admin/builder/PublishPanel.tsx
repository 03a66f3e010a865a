import { Card } from '../../ui/Card.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import { formatDate } from '../../ui/format.ts';
import type { SurveyDetail } from '../api.ts';

/** The public link, prominent once the survey has been published. */
export function PublishPanel({ survey, justPublished }: { survey: SurveyDetail; justPublished: boolean }) {
  if (!survey.publicUrl) return null;
  const latest = survey.versions.reduce<SurveyDetail['versions'][number] | undefined>(
    (best, v) => (best === undefined || v.number > best.number ? v : best),
    undefined,
  );
  const heading =
    survey.status === 'closed'
      ? 'Closed: the link no longer takes answers'
      : justPublished
        ? `Version ${survey.version ?? ''} is live`
        : 'Live: share this link with respondents';
  return (
    <Card className={survey.status === 'closed' ? undefined : 'publish-panel'} data-testid="publish-panel">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ fontSize: 15 }} role={justPublished ? 'status' : undefined}>
          {justPublished && survey.status === 'live' ? '✓ ' : ''}
          {heading}
        </h2>
        {latest && (
          <span className="small muted num">
            v{latest.number} published {formatDate(latest.publishedAt)}
          </span>
        )}
      </div>
      <CopyField value={survey.publicUrl} testId="public-url" />
      {survey.status === 'closed' && <p className="small muted">Reopen the survey to collect answers again.</p>}
    </Card>
  );
}
