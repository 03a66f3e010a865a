import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Segmented } from '../../ui/Segmented.tsx';
import { api, ApiError, errorMessage, issueFor, otherIssues } from '../api.ts';
import { KIND_HINT, KIND_LABEL } from '../components/SurveyBadges.tsx';
import { SLUG, SLUG_MESSAGE, SURVEY_KINDS, type SurveyKind } from '../../../contract/patterns.ts';
import type { SurveyFile } from '../../../contract/survey-file.ts';
import { templateDefinition, type SurveyTemplate } from '../../../core/templates.ts';
import { ImportPanel } from '../new-survey/ImportPanel.tsx';
import { TemplatePicker } from '../new-survey/TemplatePicker.tsx';
import { overviewQuery, unitsQuery } from '../queries.ts';
import '../builder/builder.css';
import { canEditSurveys, useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';


/** A slug suggestion from a title, as a placeholder. */
function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

const FIELDS = new Set(['title', 'kind', 'unitId', 'slug']);

type From = 'blank' | 'template' | 'import';
const STARTS: { value: From; label: string }[] = [
  { value: 'blank', label: 'Blank' },
  { value: 'template', label: 'From a template' },
  { value: 'import', label: 'Import JSON' },
];
const SUBTITLE: Record<From, string> = {
  blank: 'It starts as a draft with an NPS question and an optional comment. Nothing goes out until you publish.',
  template: 'A short, proven question set for a common programme, to adapt in the builder. Nothing goes out until you publish.',
  import: 'A survey file exported from Corridor (or written to its schema) becomes a new draft. Nothing goes out until you publish.',
};

export function NewSurveyPage() {
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery);
  const companyName = useQuery(overviewQuery).data?.companyName ?? 'us';
  useTitle('New survey');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<SurveyKind>('relationship');
  const [unitId, setUnitId] = useState(user.unitId);
  const [slug, setSlug] = useState('');
  const [local, setLocal] = useState<{ title?: string; slug?: string; start?: string }>({});
  const [from, setFrom] = useState<From>('blank');
  const [template, setTemplate] = useState<SurveyTemplate | undefined>();
  const [imported, setImported] = useState<SurveyFile | null>(null);
  // A title filled in from a template or a file is replaced by the next one; a typed title stays.
  const [autoTitle, setAutoTitle] = useState('');

  function suggest(next: { title: string; kind: SurveyKind }) {
    setKind(next.kind);
    if (!title.trim() || title === autoTitle) {
      setTitle(next.title);
      setAutoTitle(next.title);
    }
  }

  const definition = from === 'template' && template ? templateDefinition(template, companyName) : from === 'import' && imported ? imported.definition : undefined;
  const create = useMutation({
    mutationFn: () =>
      api.createSurvey({ title: title.trim(), kind, unitId, ...(slug.trim() ? { slug: slug.trim() } : {}), ...(definition ? { definition } : {}) }),
    onSuccess: async (survey) => {
      queryClient.setQueryData(['survey', survey.id], survey);
      await queryClient.invalidateQueries({ queryKey: ['surveys'] });
      await queryClient.invalidateQueries({ queryKey: ['overview'] });
      await navigate({ to: '/surveys/$id/edit', params: { id: survey.id } });
    },
  });

  if (!canEditSurveys(user.role)) {
    return (
      <div className="page page-narrow">
        <Alert tone="warning" title="Only admins and analysts create surveys.">
          Ask one of them to set up the survey you need.
        </Alert>
      </div>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems = {
      ...(title.trim() ? {} : { title: 'Give the survey a title' }),
      ...(slug.trim() && !SLUG.test(slug.trim())
        ? { slug: SLUG_MESSAGE }
        : {}),
      ...(from === 'template' && !template ? { start: 'Choose a template' } : {}),
      ...(from === 'import' && !imported ? { start: 'Choose or paste a survey file without problems' } : {}),
    };
    setLocal(problems);
    if (problems.title || problems.slug || problems.start) return;
    create.mutate();
  }

  const err = create.error;
  const unknownIssues = otherIssues(err, (p) => FIELDS.has(p) || (from === 'import' && p.startsWith('definition')));
  const definitionIssues = from === 'import' && err instanceof ApiError ? err.issues.filter((i) => i.path.startsWith('definition')) : [];
  const suggestion = slugify(title);

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/surveys">Surveys</Link>
            <span aria-hidden="true">/</span>
            <span>New</span>
          </nav>
          <h1>New survey</h1>
          <p className="page-sub">{SUBTITLE[from]}</p>
        </div>
      </header>

      <Card>
        <form className="form-grid" onSubmit={submit} noValidate>
          {err && (!(err instanceof ApiError) || err.code !== 'validation_failed' || unknownIssues.length > 0) && (
            <Alert tone="error" title="The survey was not created.">
              {err instanceof ApiError && err.code === 'validation_failed' ? (
                <ul>
                  {unknownIssues.map((i) => (
                    <li key={`${i.path}:${i.message}`}>{i.message}</li>
                  ))}
                </ul>
              ) : (
                errorMessage(err)
              )}
            </Alert>
          )}
          <div className="field">
            <span className="field-label" id="start-label">
              Start from
            </span>
            <Segmented label="Start from" value={from} onChange={(f) => { setFrom(f); create.reset(); setLocal({}); }} options={STARTS} testId="survey-start" />
          </div>
          {from === 'template' && (
            <TemplatePicker
              value={template}
              companyName={companyName}
              onChange={(t) => {
                setTemplate(t);
                suggest(t);
              }}
            />
          )}
          {from === 'import' && (
            <ImportPanel
              serverIssues={definitionIssues}
              onRead={(file) => {
                setImported(file);
                create.reset();
                if (file) suggest(file);
              }}
            />
          )}
          {local.start && (
            <div className="field-error" role="alert" data-testid="start-error">
              {local.start}
            </div>
          )}
          <TextField
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Customer relationship survey 2026"
            maxLength={200}
            error={local.title ?? issueFor(err, 'title')}
            hint="Respondents see the title at the top of the survey."
            data-testid="survey-title-input"
          />
          <div className="form-grid-2">
            <SelectField
              label="Kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as SurveyKind)}
              error={issueFor(err, 'kind')}
              hint={KIND_HINT[kind]}
              data-testid="survey-kind"
            >
              {SURVEY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Owning unit"
              value={unitId}
              onChange={(e) => setUnitId(e.target.value)}
              error={issueFor(err, 'unitId') ?? (units.isError ? `Could not load units: ${errorMessage(units.error)}` : undefined)}
              hint="Who sees the results: this unit and the units above it."
              disabled={units.isPending}
              data-testid="survey-unit"
            >
              {units.data ? (
                units.data.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {'\u00a0\u00a0\u00a0'.repeat(u.depth)}
                    {u.depth > 0 ? '└ ' : ''}
                    {u.name}
                  </option>
                ))
              ) : (
                <option value={user.unitId}>{user.unitName}</option>
              )}
            </SelectField>
          </div>
          <TextField
            label="Link name (slug)"
            optional
            value={slug}
            onChange={(e) => setSlug(e.target.value.toLowerCase())}
            placeholder={suggestion || 'customer-survey'}
            maxLength={80}
            error={local.slug ?? issueFor(err, 'slug')}
            hint={
              slug.trim() ? (
                <>
                  Respondents will answer at <span className="mono">{`${window.location.origin}/s/${slug.trim()}`}</span>
                </>
              ) : (
                'Part of the public link. Leave it empty to have one made from the title.'
              )
            }
          />
          <div className="row" style={{ justifyContent: 'flex-end', marginTop: 4 }}>
            <Link to="/surveys" className={buttonClass('ghost')}>
              Cancel
            </Link>
            <Button type="submit" variant="primary" loading={create.isPending} data-testid="create-survey">
              {create.isPending ? 'Creating…' : 'Create and edit questions'}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
