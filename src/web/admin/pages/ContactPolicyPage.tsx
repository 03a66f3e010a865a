import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactPolicy, ScopedRule } from '../../../core/contact-policy-rules.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, Skeleton } from '../../ui/Feedback.tsx';
import { Checkbox } from '../../ui/Field.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { api, ApiError, errorMessage, issueFor, otherIssues, type ContactPolicyResponse } from '../api.ts';
import { NumberField } from '../builder/fields/NumberField.tsx';
import { LoadError } from '../components/QueryState.tsx';
import { contactPolicyQuery } from '../programmes/queries.ts';
import { ScopedRuleEditor } from '../programmes/ScopedRuleEditor.tsx';
import { useTitle } from '../use-title.ts';
import '../programmes/programmes.css';

const TOP_FIELDS = /^(maxPerContact\.(count|windowDays)|minGapDays|newContactDelayDays|maxPerAccount\.(count|windowDays)|relationshipPriorityDays)$/;

/** Settings → Contact policy: the one set of rules every programme's invitations pass. */
export function ContactPolicyPage() {
  const policy = useQuery(contactPolicyQuery);
  useTitle('Contact policy');
  if (policy.isError) return <LoadError error={policy.error} what="contact policy" onRetry={() => void policy.refetch()} />;
  if (!policy.data) return <Skeleton height={420} style={{ borderRadius: 10 }} />;
  return <PolicyForm saved={policy.data} />;
}

function PolicyForm({ saved }: { saved: ContactPolicyResponse }) {
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<ContactPolicy>(saved.rules);
  const [dirty, setDirty] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const patch = (p: Partial<ContactPolicy>) => {
    setRules((r) => ({ ...r, ...p }));
    setDirty(true);
    setJustSaved(false);
  };
  const save = useMutation({
    mutationFn: () => api.saveContactPolicy(rules),
    onSuccess: (res) => {
      setRules(res.rules);
      setJustSaved(true);
      setDirty(false);
      queryClient.setQueryData(contactPolicyQuery.queryKey, res);
    },
  });
  const error = dirty ? null : save.error;
  const err = (path: string) => issueFor(error, path);
  const rest = otherIssues(error, (p) => TOP_FIELDS.test(p) || /^scoped\.\d+\./.test(p));
  const general = error && !(error instanceof ApiError && error.issues.length > 0);

  function submit(e: FormEvent) {
    e.preventDefault();
    setDirty(false);
    save.mutate();
  }
  const setRule = (i: number, r: ScopedRule) => patch({ scoped: rules.scoped.map((x, j) => (j === i ? r : x)) });

  return (
    <form className="stack policy-form" onSubmit={submit} noValidate data-testid="policy-form">
      <div className="section-head">
        <p className="muted" data-testid="policy-updated">
          {saved.updatedAt ? `Last saved ${formatDateTime(saved.updatedAt)}${saved.updatedBy ? ` by ${saved.updatedBy}` : ''}.` : 'Corridor’s defaults: not changed yet.'}
        </p>
      </div>
      <Alert tone="info" title="Always, whatever these rules say:">
        a contact who opted out or unsubscribed, or whose address bounced, gets no invitation. No rule and no programme override changes that.
      </Alert>

      <Card title="Every contact">
        <div className="form-grid">
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>Invitations per contact</h3>
              <p className="small muted">No one gets more than this many invitations, from all programmes together, in any window of this many days.</p>
            </div>
            <div className="policy-rule-fields">
              <NumberField label="At most" value={rules.maxPerContact.count} onChange={(count) => patch({ maxPerContact: { ...rules.maxPerContact, count: count as number } })} readOnly={false} integer error={err('maxPerContact.count')} testId="policy-cap-count" />
              <NumberField label="In any (days)" value={rules.maxPerContact.windowDays} onChange={(windowDays) => patch({ maxPerContact: { ...rules.maxPerContact, windowDays: windowDays as number } })} readOnly={false} integer error={err('maxPerContact.windowDays')} testId="policy-cap-window" />
            </div>
          </div>
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>Gap between invitations</h3>
              <p className="small muted">Days that must pass after one invitation before the same person gets the next.</p>
            </div>
            <div className="policy-rule-fields">
              <NumberField label="Minimum gap (days)" value={rules.minGapDays} onChange={(minGapDays) => patch({ minGapDays: minGapDays as number })} readOnly={false} integer error={err('minGapDays')} testId="policy-gap" />
            </div>
          </div>
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>New contacts</h3>
              <p className="small muted">Days a contact must have been known before their first invitation — so a brand-new customer is not surveyed on day one.</p>
            </div>
            <div className="policy-rule-fields">
              <NumberField label="Wait (days)" value={rules.newContactDelayDays} onChange={(newContactDelayDays) => patch({ newContactDelayDays: newContactDelayDays as number })} readOnly={false} integer error={err('newContactDelayDays')} testId="policy-new-contact" />
            </div>
          </div>
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>Contacts per account</h3>
              <p className="small muted">At most this many people of one account invited in a window: not ten people at one customer in a week.</p>
              <Checkbox
                label="Cap contacts per account"
                checked={rules.maxPerAccount !== null}
                onChange={(e) => patch({ maxPerAccount: e.target.checked ? { count: 3, windowDays: 7 } : null })}
                data-testid="policy-account-cap-on"
              />
            </div>
            {rules.maxPerAccount && (
              <div className="policy-rule-fields">
                <NumberField label="At most" value={rules.maxPerAccount.count} onChange={(count) => patch({ maxPerAccount: { ...rules.maxPerAccount!, count: count as number } })} readOnly={false} integer error={err('maxPerAccount.count')} testId="policy-account-count" />
                <NumberField label="In any (days)" value={rules.maxPerAccount.windowDays} onChange={(windowDays) => patch({ maxPerAccount: { ...rules.maxPerAccount!, windowDays: windowDays as number } })} readOnly={false} integer error={err('maxPerAccount.windowDays')} testId="policy-account-window" />
              </div>
            )}
          </div>
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>Relationship first</h3>
              <p className="small muted">A relationship (periodic) invitation due within this many days blocks a transactional one, so the longer conversation is not spoiled.</p>
            </div>
            <div className="policy-rule-fields">
              <NumberField label="Within (days)" value={rules.relationshipPriorityDays} onChange={(relationshipPriorityDays) => patch({ relationshipPriorityDays: relationshipPriorityDays as number })} readOnly={false} integer error={err('relationshipPriorityDays')} testId="policy-priority" />
            </div>
          </div>
          <div className="policy-rule">
            <div className="policy-rule-text">
              <h3>Consent</h3>
              <p className="small muted">Off: contacts whose consent is unknown may be invited (withdrawn consent never is). On: only those who gave consent.</p>
            </div>
            <div className="policy-rule-fields">
              <Checkbox label="Require consent" checked={rules.requireConsent} onChange={(e) => patch({ requireConsent: e.target.checked })} data-testid="policy-consent" />
            </div>
          </div>
        </div>
      </Card>

      <Card
        title="Scoped rules"
        actions={
          <Button size="sm" onClick={() => patch({ scoped: [...rules.scoped, { name: '', scope: {} }] })} data-testid="add-scoped-rule">
            Add a rule
          </Button>
        }
      >
        <div className="stack">
          <p className="small muted">
            Narrower rules for some contacts — chosen by audience role, a contact attribute or channel — with their own cap and gap, or no invitations of some programme kinds at all (purchasing agents, who buy every week, get no transactional surveys).
          </p>
          {rules.scoped.length === 0 && <p className="muted">No scoped rules.</p>}
          {rules.scoped.map((r, i) => (
            <ScopedRuleEditor key={i} index={i} rule={r} onChange={(next) => setRule(i, next)} onRemove={() => patch({ scoped: rules.scoped.filter((_, j) => j !== i) })} err={(p) => err(`scoped.${i}.${p}`)} />
          ))}
        </div>
      </Card>

      {rest.length > 0 && (
        <Alert tone="error" title="Please check the rules.">
          <ul>
            {rest.map((i) => (
              <li key={`${i.path}:${i.message}`}>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {general && (
        <Alert tone="error" title="Could not save the contact policy.">
          {errorMessage(error)}
        </Alert>
      )}
      {justSaved && !dirty && <Alert tone="success" title="Saved." testId="policy-saved">Every programme's next invitations pass these rules.</Alert>}
      <div className="row form-actions">
        <Button type="submit" variant="primary" loading={save.isPending} data-testid="save-policy">
          Save the contact policy
        </Button>
        {dirty && <span className="small muted">Unsaved changes.</span>}
      </div>
    </form>
  );
}
