import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FEEDBACK_KIND_LABELS, FEEDBACK_KINDS, type FeedbackKind } from '../../../contract/feedback.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { api, ApiError, issueFor, otherIssues } from '../api.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { touchPointsQuery, unitsQuery } from '../queries.ts';
import { feedbackApi, type FeedbackDetail } from './api.ts';

const SHOWN = new Set(['kind', 'title', 'body', 'author', 'occurredOn', 'unitId', 'accountId', 'touchPointId']);
const today = () => new Date().toISOString().slice(0, 10);

/** Adds a feedback item, or changes one: what was said, by whom it was written down, when and where. */
export function FeedbackForm({ item, onDone, onCancel }: { item?: FeedbackDetail; onDone: (saved: FeedbackDetail) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const [kind, setKind] = useState<FeedbackKind>(item?.kind ?? 'interview');
  const [title, setTitle] = useState(item?.title ?? '');
  const [body, setBody] = useState(item?.body ?? '');
  const [author, setAuthor] = useState(item?.author ?? '');
  const [occurredOn, setOccurredOn] = useState(item?.occurredOn ?? today());
  const [unitId, setUnitId] = useState(item?.unit.id ?? '');
  const [accountId, setAccountId] = useState(item?.account?.id ?? '');
  const [touchPointId, setTouchPointId] = useState(item?.touchPoint?.id ?? '');
  const accounts = useQuery({ queryKey: ['accounts', 'for-feedback', unitId], queryFn: () => api.accounts({ unitId: unitId || undefined, limit: 200 }), enabled: unitId !== '' });
  const save = useMutation({
    mutationFn: () => {
      const fields = { kind, title: title.trim() || null, body, author, occurredOn, unitId, accountId: accountId || null, touchPointId: touchPointId || null };
      return item ? feedbackApi.update(item.id, fields) : feedbackApi.create(fields);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['feedback'] });
      onDone(saved);
    },
  });
  const err = (path: string) => issueFor(save.error, path);
  const general = save.isError && !(save.error instanceof ApiError && save.error.issues.length > 0);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  return (
    <form className="stack feedback-form" onSubmit={submit} noValidate data-testid="feedback-form">
      <div className="feedback-form-row">
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as FeedbackKind)} error={err('kind')} data-testid="feedback-kind">
          {FEEDBACK_KINDS.map((k) => <option key={k} value={k}>{FEEDBACK_KIND_LABELS[k]}</option>)}
        </SelectField>
        <TextField label="Day" type="date" value={occurredOn} max={today()} onChange={(e) => setOccurredOn(e.target.value)} error={err('occurredOn')} data-testid="feedback-day" />
        <TextField label="Written down by" value={author} onChange={(e) => setAuthor(e.target.value)} error={err('author')} hint="The interviewer, moderator or observer" data-testid="feedback-author" />
      </div>
      <TextField label="Title" optional value={title} onChange={(e) => setTitle(e.target.value)} error={err('title')} data-testid="feedback-title" />
      <TextAreaField label="What was said" rows={6} value={body} onChange={(e) => setBody(e.target.value)} error={err('body')} hint="In the customer's own words where you can; it is analysed like a survey comment." data-testid="feedback-body" />
      <div className="feedback-form-row">
        <SelectField label="Unit" value={unitId} onChange={(e) => { setUnitId(e.target.value); setAccountId(''); }} error={err('unitId')} data-testid="feedback-unit">
          <option value="">Choose…</option>
          {units.data?.units.map((u) => <option key={u.id} value={u.id}>{'\u00a0\u00a0'.repeat(u.depth)}{u.name}</option>)}
        </SelectField>
        <SelectField label="Account" optional value={accountId} onChange={(e) => setAccountId(e.target.value)} error={err('accountId')} disabled={!unitId} data-testid="feedback-account">
          <option value="">None</option>
          {accounts.data?.accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </SelectField>
        <SelectField label="Touch point" optional value={touchPointId} onChange={(e) => setTouchPointId(e.target.value)} error={err('touchPointId')} data-testid="feedback-touch-point">
          <option value="">None</option>
          {touchPoints.data?.touchPoints.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </SelectField>
      </div>
      <FormErrors issues={otherIssues(save.error, (p) => SHOWN.has(p))} error={save.error} showGeneral={general} what="feedback item" />
      <div className="row" style={{ gap: 8 }}>
        <Button type="submit" variant="primary" loading={save.isPending} data-testid="feedback-save">{item ? 'Save changes' : 'Add feedback'}</Button>
        <Button variant="ghost" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
