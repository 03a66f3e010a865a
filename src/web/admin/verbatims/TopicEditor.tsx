import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TouchPoint } from '../api.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { formatCount } from '../../ui/format.ts';
import { errorMessage, issueFor } from '../api.ts';
import { caretLines, problemOfError, type SyntaxProblem } from './topic-syntax.ts';
import { TopicApply } from './TopicApply.tsx';
import { useDebounced } from './use-debounced.ts';
import { VerbatimText } from './VerbatimText.tsx';
import { verbatimsApi, type Topic } from './verbatims-api.ts';
import { checkTopicQuery } from './topic-check.ts';

/** Create or edit a topic: its rule checked as it is typed, a preview on the history, then save and apply. */
export function TopicEditor({ topic, topics, touchPoints, onSaved }: { topic: Topic | null; topics: readonly Topic[]; touchPoints: readonly TouchPoint[]; onSaved: (t: Topic) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(topic?.name ?? '');
  const [rule, setRule] = useState(topic?.query ?? '');
  const [parentId, setParentId] = useState(topic?.parentId ?? '');
  const [active, setActive] = useState(topic?.active ?? true);
  const [tps, setTps] = useState<string[]>(topic?.touchPointIds ?? []);
  const settled = useDebounced(rule.trim(), 400);
  const local: SyntaxProblem | null = settled ? checkTopicQuery(settled) : null;
  const preview = useQuery({
    queryKey: ['topics', 'preview', settled, [...tps].sort().join(',')],
    queryFn: () => verbatimsApi.previewTopic({ query: settled, touchPointIds: tps }),
    enabled: settled.length > 0 && local === null,
    retry: false,
  });
  const problem = local ?? problemOfError(preview.error);
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), query: rule.trim(), parentId: parentId || null, touchPointIds: tps, active };
      return topic ? verbatimsApi.updateTopic(topic.id, body) : verbatimsApi.createTopic(body);
    },
    onSuccess: async (t) => {
      queryClient.setQueryData(['topics', t.id], t);
      await queryClient.invalidateQueries({ queryKey: ['topics'], exact: true });
      onSaved(t);
    },
  });
  const saved =
    topic !== null &&
    topic.query === rule.trim() &&
    topic.name === name.trim() &&
    (topic.parentId ?? '') === parentId &&
    topic.active === active &&
    [...topic.touchPointIds].sort().join(',') === [...tps].sort().join(',');
  const parents = topics.filter((t) => t.id !== topic?.id && t.parentId !== topic?.id);

  return (
    <Card title={topic ? `Edit “${topic.name}”` : 'New topic'} data-testid="topic-editor">
      <form
        className="stack"
        style={{ gap: 14 }}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="row" style={{ gap: 12, alignItems: 'flex-start' }}>
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={issueFor(save.error, 'name')} maxLength={80} data-testid="topic-name" style={{ minWidth: 240 }} />
          <SelectField label="Parent" value={parentId} onChange={(e) => setParentId(e.target.value)} data-testid="topic-parent">
            <option value="">None (top level)</option>
            {parents.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
        </div>
        <TextAreaField
          className="tp-rule"
          label="Rule"
          rows={3}
          value={rule}
          onChange={(e) => setRule(e.target.value)}
          spellCheck={false}
          placeholder='(invoice OR billing) AND (wrong OR late) NOT "thank you"'
          error={issueFor(save.error, 'query')}
          data-testid="topic-rule"
        />
        <p className="tp-help">
          A word matches its forms (<code>invoice</code> finds “invoices”, “invoiced”); <code>invoic*</code> any word starting so; <code>"credit note"</code> the words in a row; <code>a AND b</code> (or just <code>a b</code>), <code>a OR b</code>, <code>NOT a</code>, <code>a NEAR/3 b</code> (at most 3 words apart) and parentheses. Quote an operator to search for it: <code>"not"</code>.
        </p>
        <div aria-live="polite" data-testid="topic-syntax">
          {problem ? (
            <div className="stack" style={{ gap: 4 }}>
              <span className="small" style={{ color: 'var(--c-danger)' }} data-testid="topic-syntax-error">
                {problem.message}
              </span>
              {problem.position !== null && <pre className="tp-syntax">{caretLines(settled, problem.position)}</pre>}
            </div>
          ) : settled && preview.data ? (
            <span className="tp-syntax-ok" data-testid="topic-syntax-ok">
              ✓ The rule reads well. It matches <strong data-testid="topic-preview-count">{formatCount(preview.data.matched)}</strong> of {formatCount(preview.data.scanned)} verbatims.
            </span>
          ) : settled && preview.isFetching ? (
            <span className="small muted">Checking the rule on the history…</span>
          ) : preview.isError ? (
            <Alert tone="error">{errorMessage(preview.error)}</Alert>
          ) : null}
        </div>
        {preview.data && !problem && preview.data.examples.length > 0 && (
          <div className="stack" style={{ gap: 6 }} data-testid="topic-preview">
            <span className="small muted">Examples it matches:</span>
            <ul className="vx-list" style={{ border: '1px solid var(--c-border)', borderRadius: 8 }}>
              {preview.data.examples.map((x) => (
                <li key={x.id} className="vx-item" style={{ padding: '8px 12px' }}>
                  <VerbatimText text={x.text} sentences={[]} highlights={x.highlights} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {touchPoints.length > 0 && (
          <fieldset className="case-fieldset">
            <legend className="small">Touch points (none ticked: all)</legend>
            <div className="row" style={{ gap: '6px 16px' }}>
              {touchPoints.map((tp) => (
                <Checkbox key={tp.id} label={tp.name} checked={tps.includes(tp.id)} onChange={() => setTps((l) => (l.includes(tp.id) ? l.filter((x) => x !== tp.id) : [...l, tp.id]))} />
              ))}
            </div>
          </fieldset>
        )}
        <Checkbox label="Active: label new verbatims with this topic" checked={active} onChange={(e) => setActive(e.target.checked)} />
        {save.isError && !issueFor(save.error, 'name') && !issueFor(save.error, 'query') && <Alert tone="error">{errorMessage(save.error)}</Alert>}
        <div className="row" style={{ gap: 8 }}>
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!name.trim() || !rule.trim() || problem !== null || saved} data-testid="topic-save">
            {topic ? 'Save changes' : 'Save topic'}
          </Button>
        </div>
      </form>
      {topic && (
        <div style={{ marginTop: 18, borderTop: '1px solid var(--c-border)', paddingTop: 14 }}>
          <TopicApply key={topic.id} topic={topic} />
        </div>
      )}
    </Card>
  );
}
