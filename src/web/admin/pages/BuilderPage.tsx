import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useBlocker } from '@tanstack/react-router';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { TextAreaField, TextField } from '../../ui/Field.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { ChartIcon } from '../../ui/icons.tsx';
import { api, ApiError, errorMessage, type FieldIssue, type SurveyDetail } from '../api.ts';
import { BrevityMeter } from '../builder/BrevityMeter.tsx';
import { ExportButton } from '../builder/ExportButton.tsx';
import { PublishPanel } from '../builder/PublishPanel.tsx';
import { PreviewLinkPanel } from '../builder/PreviewLinkPanel.tsx';
import { QuestionList } from '../builder/QuestionList.tsx';
import { SurveyPreview, type PreviewDevice } from '../builder/SurveyPreview.tsx';
import { isShownInBuilder, sameDraft, validateDraft, type Draft, type SurveyDefinition } from '../builder/model.ts';
import { LogicCard } from '../builder/logic/LogicCard.tsx';
import '../builder/builder.css';
import { PageLoadError, TwoPanelSkeleton } from '../components/QueryState.tsx';
import { ChangesBadge, StatusBadge } from '../components/SurveyBadges.tsx';
import { surveyQuery } from '../queries.ts';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/_app/surveys/$id/edit');

function toDraft(s: SurveyDetail): Draft {
  return { title: s.title, slug: s.slug, definition: s.definition };
}

export function BuilderPage() {
  const { id } = route.useParams();
  const survey = useQuery(surveyQuery(id));
  if (survey.isPending) return <TwoPanelSkeleton grid="builder-grid" height={420} />;
  if (survey.isError) return <PageLoadError error={survey.error} what="survey" onRetry={() => void survey.refetch()} />;
  return <Builder key={survey.data.id} survey={survey.data} />;
}

function Builder({ survey }: { survey: SurveyDetail }) {
  const user = useUser();
  const readOnly = !canEditSurveys(user.role);
  const queryClient = useQueryClient();
  const [baseline, setBaseline] = useState<Draft>(() => toDraft(survey));
  const [draft, setDraft] = useState<Draft>(() => toDraft(survey));
  const [checked, setChecked] = useState(false);
  const [justPublished, setJustPublished] = useState(false);
  const [device, setDevice] = useState<PreviewDevice>('phone');
  const dirty = !sameDraft(draft, baseline);
  useTitle(`Edit: ${baseline.title}`);

  useBlocker({
    shouldBlockFn: () => dirty && !window.confirm('You have unsaved changes. Leave without saving them?'),
    enableBeforeUnload: () => dirty,
  });

  function accept(detail: SurveyDetail) {
    queryClient.setQueryData(['survey', detail.id], detail);
    void queryClient.invalidateQueries({ queryKey: ['survey', detail.id, 'dashboard'] });
    void queryClient.invalidateQueries({ queryKey: ['surveys'] });
    void queryClient.invalidateQueries({ queryKey: ['overview'] });
    const d = toDraft(detail);
    setBaseline(d);
    setDraft(d);
  }

  async function saveNow(): Promise<SurveyDetail> {
    return api.updateSurvey(survey.id, {
      ...(draft.title !== baseline.title ? { title: draft.title.trim() } : {}),
      ...(draft.slug !== baseline.slug ? { slug: draft.slug.trim() } : {}),
      ...(JSON.stringify(draft.definition) !== JSON.stringify(baseline.definition) ? { definition: draft.definition } : {}),
    });
  }

  const save = useMutation({ mutationFn: saveNow, onSuccess: accept });
  const publish = useMutation({
    mutationFn: async () => {
      if (dirty) accept(await saveNow());
      return api.publishSurvey(survey.id);
    },
    onSuccess: (detail) => {
      accept(detail);
      setJustPublished(true);
    },
  });
  const lifecycle = useMutation({
    mutationFn: (action: 'close' | 'reopen') => (action === 'close' ? api.closeSurvey(survey.id) : api.reopenSurvey(survey.id)),
    onSuccess: (detail) => {
      accept(detail);
      setJustPublished(false);
    },
  });

  const localIssues = checked ? validateDraft(draft) : [];
  const failure = save.error ?? publish.error ?? lifecycle.error;
  const serverIssues = failure instanceof ApiError ? failure.issues : [];
  const issues: FieldIssue[] = [...localIssues, ...serverIssues];
  const issueAt = (path: string) => issues.find((i) => i.path === path)?.message;
  const busy = save.isPending || publish.isPending || lifecycle.isPending;

  function update(next: Draft) {
    setDraft(next);
    // Paths of earlier server errors may no longer fit the edited draft.
    if (save.error) save.reset();
    if (publish.error) publish.reset();
  }
  const setDefinition = (definition: SurveyDefinition) => update({ ...draft, definition });

  function attempt(action: () => void) {
    setChecked(true);
    if (validateDraft(draft).length > 0) return;
    action();
  }

  const questions = draft.definition.questions;
  const otherProblems = issues.filter((i) => !isShownInBuilder(i.path));
  const canPublish = dirty || survey.hasUnpublishedChanges || survey.status !== 'live';

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/surveys">Surveys</Link>
            <span aria-hidden="true">/</span>
            <span>{readOnly ? 'Questions' : 'Edit'}</span>
          </nav>
          <h1>{draft.title.trim() || 'Untitled survey'}</h1>
          <div className="page-sub">
            <StatusBadge status={survey.status} />
            <span className="num">{survey.version === null ? 'Never published' : `Live version v${survey.version}`}</span>
            <ChangesBadge survey={survey} />
            {dirty && <span className="unsaved">● Unsaved changes</span>}
          </div>
        </div>
        <div className="row">
          <ExportButton draft={draft} kind={survey.kind} />
          <Link to="/surveys/$id" params={{ id: survey.id }} className={buttonClass('ghost')}>
            <ChartIcon size={16} /> Dashboard
          </Link>
          {!readOnly && survey.status === 'live' && (
            <Button variant="danger" onClick={() => lifecycle.mutate('close')} loading={lifecycle.isPending} disabled={busy} data-testid="close-survey">
              Close survey
            </Button>
          )}
          {!readOnly && survey.status === 'closed' && (
            <Button onClick={() => lifecycle.mutate('reopen')} loading={lifecycle.isPending} disabled={busy} data-testid="reopen-survey">
              Reopen survey
            </Button>
          )}
          {!readOnly && (
            <>
              <Button onClick={() => attempt(() => save.mutate())} disabled={!dirty || busy} loading={save.isPending} data-testid="save-survey">
                {save.isPending ? 'Saving…' : dirty ? 'Save draft' : 'Saved'}
              </Button>
              <Button variant="primary" onClick={() => attempt(() => publish.mutate())} disabled={!canPublish || busy} loading={publish.isPending} data-testid="publish-survey">
                {publish.isPending ? 'Publishing…' : survey.version === null ? 'Publish' : 'Publish changes'}
              </Button>
            </>
          )}
        </div>
      </header>

      {readOnly && (
        <Alert tone="info" title="Read only.">
          Only admins and analysts change surveys; you can look at the questions and the preview.
        </Alert>
      )}
      {failure && (!(failure instanceof ApiError) || failure.code !== 'validation_failed' || otherProblems.length > 0) && (
        <Alert tone="error" title={publish.error ? 'The survey was not published.' : lifecycle.error ? 'The survey status did not change.' : 'The changes were not saved.'} testId="builder-error">
          {failure instanceof ApiError && failure.code === 'validation_failed' ? (
            <ul>
              {otherProblems.map((i) => (
                <li key={`${i.path}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          ) : (
            errorMessage(failure)
          )}
        </Alert>
      )}
      {checked && localIssues.length > 0 && !failure && (
        <Alert tone="warning">Fix the {localIssues.length === 1 ? 'problem' : `${localIssues.length} problems`} marked below, then try again.</Alert>
      )}

      <PublishPanel survey={survey} justPublished={justPublished} />
      {!readOnly && (
        <PreviewLinkPanel
          surveyId={survey.id}
          saveFirst={async () => {
            if (dirty) accept(await saveNow());
          }}
        />
      )}

      <div className="builder-grid" data-device={device}>
        <div className="stack">
          <Card title="Survey">
            <div className="form-grid">
              <TextField
                label="Title"
                value={draft.title}
                readOnly={readOnly}
                maxLength={200}
                onChange={(e) => update({ ...draft, title: e.target.value })}
                error={issueAt('title')}
                data-testid="survey-title-input"
              />
              <TextField
                label="Link name (slug)"
                value={draft.slug}
                readOnly={readOnly || survey.version !== null}
                maxLength={80}
                onChange={(e) => update({ ...draft, slug: e.target.value.toLowerCase() })}
                error={issueAt('slug')}
                hint={survey.version !== null ? 'Fixed once published: respondents may already have the link.' : 'Part of the public link; it cannot change after publishing.'}
              />
              <TextAreaField
                label="Introduction"
                optional
                rows={2}
                value={draft.definition.intro}
                readOnly={readOnly}
                maxLength={2000}
                placeholder="A sentence above the questions, e.g. why you ask and how long it takes"
                onChange={(e) => update({ ...draft, definition: { ...draft.definition, intro: e.target.value } })}
                error={issueAt('definition.intro')}
              />
            </div>
          </Card>

          <Card title={`Questions (${questions.length})`}>
            <div className="stack">
              <BrevityMeter definition={draft.definition} kind={survey.kind} />
              <QuestionList definition={draft.definition} onDefinition={setDefinition} issues={issues} readOnly={readOnly} idsFollowText={survey.version === null} />
              {issueAt('definition.questions') && <div className="field-error">{issueAt('definition.questions')}</div>}
            </div>
          </Card>

          <LogicCard def={draft.definition} set={setDefinition} readOnly={readOnly} issues={issues} />

          <Card title="After sending">
            <TextAreaField
              label="Thank-you message"
              rows={2}
              value={draft.definition.thankYou}
              readOnly={readOnly}
              maxLength={2000}
              onChange={(e) => update({ ...draft, definition: { ...draft.definition, thankYou: e.target.value } })}
              error={issueAt('definition.thankYou')}
            />
          </Card>

          <Card title="Look">
            <div className="form-grid">
              <TextField
                label="Accent colour"
                type="color"
                className="field-color"
                value={draft.definition.theme?.color ?? '#0f5e5a'}
                disabled={readOnly}
                onChange={(e) => setDefinition({ ...draft.definition, theme: { ...draft.definition.theme, color: e.target.value } })}
                error={issueAt('definition.theme.color')}
                hint="Buttons and chosen answers; dark enough for white text. The respondent page and the draft preview link show it."
                data-testid="theme-color"
              />
              <TextField
                label="Logo address"
                optional
                value={draft.definition.theme?.logoUrl ?? ''}
                readOnly={readOnly}
                maxLength={500}
                placeholder="https://example.com/logo.svg"
                onChange={(e) => {
                  const { logoUrl: _, ...rest } = draft.definition.theme ?? {};
                  setDefinition({ ...draft.definition, theme: e.target.value.trim() ? { ...rest, logoUrl: e.target.value.trim() } : rest });
                }}
                error={issueAt('definition.theme.logoUrl')}
                hint="Shown above the survey instead of the company name."
                data-testid="theme-logo"
              />
            </div>
          </Card>
        </div>

        <Card
          title="Preview"
          actions={
            <Segmented
              label="Preview width"
              value={device}
              onChange={setDevice}
              options={[
                { value: 'phone', label: 'Phone' },
                { value: 'desktop', label: 'Desktop' },
              ]}
              testId="preview-device"
            />
          }
          flush
          className="builder-preview"
        >
          <SurveyPreview draft={draft} device={device} />
        </Card>
      </div>
    </div>
  );
}
