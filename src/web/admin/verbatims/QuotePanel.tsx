import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button } from '../../ui/Button.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { errorMessage } from '../api.ts';
import { casesApi } from '../cases/api.ts';
import { verbatimsApi, type Verbatim } from './verbatims-api.ts';

/** Quote a verbatim into an open case: the API adds it to the case as a note. */
export function QuotePanel({ v, onClose }: { v: Verbatim; onClose: () => void }) {
  const queryClient = useQueryClient();
  const cases = useQuery({ queryKey: ['cases', 'list', { stage: 'open', limit: 100, quote: true }], queryFn: () => casesApi.list({ stage: 'open', limit: 100 }) });
  const [caseId, setCaseId] = useState('');
  const [comment, setComment] = useState('');
  const quote = useMutation({
    mutationFn: () => verbatimsApi.quote(v.id, { caseId, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['case', caseId] }),
  });
  // The verbatim's own account's cases first: the likeliest home for its quote.
  const list = [...(cases.data?.cases ?? [])].sort((a, b) => Number(b.account?.id === v.account?.id) - Number(a.account?.id === v.account?.id));
  if (quote.isSuccess) {
    return (
      <div className="vx-quote" data-testid="quote-done">
        <Alert tone="success" title="Quoted.">
          The words are a note on{' '}
          <Link to="/cases/$id" params={{ id: quote.data.caseId }}>
            the case
          </Link>
          .
        </Alert>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    );
  }
  return (
    <form
      className="vx-quote"
      onSubmit={(e) => {
        e.preventDefault();
        if (caseId) quote.mutate();
      }}
      data-testid="quote-panel"
    >
      <SelectField label="Quote into case" value={caseId} onChange={(e) => setCaseId(e.target.value)} disabled={cases.isPending} data-testid="quote-case">
        <option value="">{cases.isPending ? 'Loading open cases…' : list.length === 0 ? 'No open cases you may work' : 'Choose an open case'}</option>
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            #{c.number} {c.title}
          </option>
        ))}
      </SelectField>
      <TextField label="Comment" optional value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why it matters to this case" />
      <Button type="submit" variant="primary" size="sm" disabled={!caseId} loading={quote.isPending} data-testid="quote-submit">
        Quote
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={onClose}>
        Cancel
      </Button>
      {(quote.isError || cases.isError) && <Alert tone="error">{errorMessage(quote.error ?? cases.error)}</Alert>}
    </form>
  );
}
