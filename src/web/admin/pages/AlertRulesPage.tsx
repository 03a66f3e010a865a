import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/Field.tsx';
import { EditIcon, PlusIcon, WarningIcon } from '../../ui/icons.tsx';
import { Table } from '../../ui/Table.tsx';
import { errorMessage, issueFor, otherIssues } from '../api.ts';
import { themesQuery, topicsQuery } from '../verbatims/verbatims-api.ts';
import { casesApi, type AlertRule } from '../cases/api.ts';
import { describeRule, draftOfRule, emptyCondition, isAccountKind, newRuleDraft, QUADRANT_NAMES, ruleOfDraft, withTrigger, type ConditionKind, type QuadrantKey, type RoutingKind, type RuleDraft, type SentimentKey } from '../cases/rule-form-model.ts';
import { ListCard } from '../components/QueryState.tsx';
import { surveysQuery, touchPointsQuery, unitsQuery } from '../queries.ts';
import { webhooksQuery } from '../webhooks/queries.ts';
import { useTitle } from '../use-title.ts';
import '../cases/cases.css';

const CONDITION_LABEL: Record<ConditionKind, string> = {
  nps_detractor: 'NPS detractor (0–6)',
  score_at_most: 'Score at or below',
  answer_equals: 'Answer is',
  answer_includes: 'Answer includes',
  keywords: 'Comment mentions',
  comment_sentiment: 'Comment sentiment is',
  comment_theme: 'Comment is about a theme',
  comment_topic: 'Comment matches a topic',
  account_moved_into: 'Account moved into a quadrant',
  account_silent: 'Account silent for',
};
const ROUTING_LABEL: Record<RoutingKind, string> = { account_owner: "Account's owner", unit_manager: 'Manager of the unit (walking up)', queue_by_match: 'Specialist queue by touch point or topic' };

const TEXT_KINDS: ReadonlySet<ConditionKind> = new Set(['comment_sentiment', 'comment_theme', 'comment_topic']);

/** The company's discovered themes and topics, for text conditions and their names in the list. */
function useTextNames() {
  const themes = useQuery({ ...themesQuery, retry: false });
  const topics = useQuery({ ...topicsQuery, retry: false });
  const themeItems = (themes.data?.themes ?? []).map((t) => ({ id: t.key, name: t.name }));
  const topicItems = (topics.data?.topics ?? []).map((t) => ({ id: t.id, name: t.name }));
  return { themes: themeItems, topics: topicItems, names: new Map([...themeItems, ...topicItems].map((x) => [x.id, x.name])) };
}

/** Settings → Alert rules: which responses and accounts open a case, send an email or call a webhook. */
export function AlertRulesPage() {
  useTitle('Alert rules');
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: casesApi.rules });
  const textNames = useTextNames();
  const webhooks = useQuery({ ...webhooksQuery, retry: false });
  const webhookNames = new Map((webhooks.data?.webhooks ?? []).map((w) => [w.id, w.name]));
  const [editing, setEditing] = useState<{ rule: AlertRule | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (r: AlertRule) => casesApi.updateRule(r.id, { active: !r.active }),
    onSuccess: async (r) => {
      setNotice(`${r.name} is ${r.active ? 'on' : 'off'}.`);
      await queryClient.invalidateQueries({ queryKey: ['alert-rules'] });
    },
  });
  return (
    <section className="stack" aria-labelledby="rules-title">
      <div className="section-head">
        <div>
          <h2 id="rules-title" className="tp-section-title">Alert rules</h2>
          <p className="muted">Each stored response is checked against the active rules within seconds, and every account against the account rules each hour; a match opens a case for the right person, emails an address or calls a webhook.</p>
        </div>
        {!editing && <Button variant="primary" icon={<PlusIcon size={16} />} onClick={() => { setEditing({ rule: null }); setNotice(null); }} data-testid="new-rule">New rule</Button>}
      </div>
      {notice && <Alert tone="success" title={notice} testId="rule-notice" />}
      {editing && (
        <RuleForm
          key={editing.rule?.id ?? 'new'}
          rule={editing.rule}
          onDone={async (saved) => {
            setEditing(null);
            if (saved) setNotice(`${saved.name} was saved.`);
            await queryClient.invalidateQueries({ queryKey: ['alert-rules'] });
          }}
        />
      )}
      <ListCard query={rules} what="rule list" isEmpty={rules.data?.rules.length === 0} empty={<EmptyState icon={<WarningIcon size={26} />} title="No alert rules yet">Start with “NPS detractor → open a case for the account owner”.</EmptyState>}>
        {(data) => (
          <Table data-testid="rule-table">
            <thead><tr><th>Rule</th><th>When</th><th>Does</th><th className="right">Open cases</th><th /></tr></thead>
            <tbody>
              {data.rules.map((r) => (
                <tr key={r.id} data-testid="rule-row">
                  <td>{r.name} {!r.active && <Badge>Off</Badge>}</td>
                  <td className="wrap" data-label="When">{describeRule(r, textNames.names)}</td>
                  <td className="wrap" data-label="Does">{r.actions.map((a) => (a.type === 'open_case' ? 'open a case' : a.type === 'email' ? `email ${a.to}` : `call ${webhookNames.get(a.endpointId) ?? 'a webhook'}`)).join(', ')}</td>
                  <td className="right num" data-label="Open cases">{r.openCases}</td>
                  <td className="right">
                    <span className="row" style={{ gap: 6, justifyContent: 'flex-end' }}>
                      <Button size="sm" variant="ghost" icon={<EditIcon size={14} />} onClick={() => setEditing({ rule: r })}>Edit</Button>
                      <Button size="sm" variant="ghost" onClick={() => toggle.mutate(r)}>{r.active ? 'Switch off' : 'Switch on'}</Button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </section>
  );
}

function RuleForm({ rule, onDone }: { rule: AlertRule | null; onDone: (saved: AlertRule | null) => Promise<void> }) {
  const [d, setD] = useState<RuleDraft>(rule ? draftOfRule(rule) : newRuleDraft());
  const surveys = useQuery(surveysQuery);
  const units = useQuery(unitsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  // Only admins of the whole company see webhooks; for anyone else the list stays empty.
  const webhooks = useQuery({ ...webhooksQuery, retry: false });
  const text = useTextNames();
  const save = useMutation({ mutationFn: () => (rule ? casesApi.updateRule(rule.id, ruleOfDraft(d)) : casesApi.createRule(ruleOfDraft(d))), onSuccess: (r) => onDone(r) });
  const set = (patch: Partial<RuleDraft>) => setD((x) => ({ ...x, ...patch }));
  const setCondition = (i: number, patch: Partial<RuleDraft['conditions'][number]>) => set({ conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const toggleIn = (key: 'surveyIds' | 'unitIds' | 'touchPointIds', id: string) => set({ [key]: d[key].includes(id) ? d[key].filter((x) => x !== id) : [...d[key], id] });
  const extra = otherIssues(save.error, (p) => p === 'name' || p.startsWith('conditions') || p.startsWith('actions'));
  return (
    <Card title={rule ? `Edit ${rule.name}` : 'New alert rule'} data-testid="rule-form">
      <form className="stack" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        {save.isError && <Alert tone="error" title="The rule was not saved">{errorMessage(save.error)}{extra.length > 0 && <ul>{extra.map((x) => <li key={x.path}>{x.path}: {x.message}</li>)}</ul>}</Alert>}
        <div className="row" style={{ gap: 12, flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <TextField label="Name" value={d.name} onChange={(e) => set({ name: e.target.value })} error={issueFor(save.error, 'name')} data-testid="rule-name" />
          <Checkbox label="Active" checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
        </div>
        <SelectField label="Look at" value={d.trigger} onChange={(e) => setD(withTrigger(d, e.target.value as RuleDraft['trigger']))} data-testid="rule-trigger">
          <option value="response">each response, as it arrives</option>
          <option value="account">every account, each hour</option>
        </SelectField>
        <fieldset className="case-fieldset">
          <legend>{d.trigger === 'account' ? 'When an account matches' : 'When a response matches'}</legend>
          <SelectField label="Combine" value={d.match} onChange={(e) => set({ match: e.target.value as 'all' | 'any' })}>
            <option value="any">any of these</option>
            <option value="all">all of these</option>
          </SelectField>
          {d.conditions.map((c, i) => (
            <div key={i} className="row case-condition" data-testid="rule-condition">
              <SelectField label="Condition" value={c.type} onChange={(e) => setCondition(i, { type: e.target.value as ConditionKind })}>
                {(Object.entries(CONDITION_LABEL) as [ConditionKind, string][]).filter(([k]) => isAccountKind(k) === (d.trigger === 'account')).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </SelectField>
              {c.type === 'account_moved_into' && (
                <SelectField label="Quadrant" value={c.quadrant} onChange={(e) => setCondition(i, { quadrant: e.target.value as QuadrantKey })} data-testid="rule-quadrant">
                  {(Object.entries(QUADRANT_NAMES) as [QuadrantKey, string][]).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                </SelectField>
              )}
              {c.type === 'account_silent' && (
                <>
                  <TextField label="Days without an answer" type="number" value={c.days} onChange={(e) => setCondition(i, { days: e.target.value })} error={issueFor(save.error, `conditions.conditions.${i}.days`)} data-testid="rule-days" />
                  <Checkbox label="Key accounts only" checked={c.keyAccountsOnly} onChange={(e) => setCondition(i, { keyAccountsOnly: e.target.checked })} />
                </>
              )}
              {c.type === 'comment_sentiment' && (
                <SelectField label="Sentiment" value={c.sentiment} onChange={(e) => setCondition(i, { sentiment: e.target.value as SentimentKey })} data-testid="rule-sentiment">
                  <option value="negative">negative</option>
                  <option value="neutral">neutral</option>
                  <option value="positive">positive</option>
                </SelectField>
              )}
              {(c.type === 'comment_theme' || c.type === 'comment_topic') && (
                <ScopeList
                  title={c.type === 'comment_theme' ? 'Any of these themes' : 'Any of these topics'}
                  items={c.type === 'comment_theme' ? text.themes : text.topics}
                  chosen={c.picked}
                  onToggle={(id) => setCondition(i, { picked: c.picked.includes(id) ? c.picked.filter((x) => x !== id) : [...c.picked, id] })}
                />
              )}
              {!isAccountKind(c.type) && !TEXT_KINDS.has(c.type) && c.type !== 'keywords' && <TextField label={c.type === 'nps_detractor' ? 'Question id (any NPS question if empty)' : 'Question id'} value={c.questionId} onChange={(e) => setCondition(i, { questionId: e.target.value })} error={issueFor(save.error, `conditions.conditions.${i}.questionId`)} />}
              {c.type === 'score_at_most' && <TextField label="Threshold" type="number" value={c.threshold} onChange={(e) => setCondition(i, { threshold: e.target.value })} />}
              {(c.type === 'answer_equals' || c.type === 'answer_includes') && <TextField label="Option id" value={c.option} onChange={(e) => setCondition(i, { option: e.target.value })} error={issueFor(save.error, `conditions.conditions.${i}.option`)} />}
              {c.type === 'keywords' && <TextField label="Words or phrases, comma-separated" value={c.keywords} onChange={(e) => setCondition(i, { keywords: e.target.value })} error={issueFor(save.error, `conditions.conditions.${i}.keywords`)} data-testid="rule-keywords" />}
              {d.conditions.length > 1 && <Button size="sm" variant="ghost" onClick={() => set({ conditions: d.conditions.filter((_, j) => j !== i) })}>Remove</Button>}
            </div>
          ))}
          <div><Button size="sm" onClick={() => set({ conditions: [...d.conditions, emptyCondition(d.trigger === 'account' ? 'account_silent' : 'nps_detractor')] })}>Add a condition</Button></div>
        </fieldset>
        <fieldset className="case-fieldset">
          <legend>Only for (nothing ticked: everything)</legend>
          <div className="case-scope">
            <ScopeList title={d.trigger === 'account' ? 'Answers to these surveys count (silence)' : 'Surveys'} items={(surveys.data?.surveys ?? []).filter((s) => s.kind !== 'employee').map((s) => ({ id: s.id, name: s.title }))} chosen={d.surveyIds} onToggle={(id) => toggleIn('surveyIds', id)} />
            <ScopeList title="Units (and below)" items={(units.data?.units ?? []).map((u) => ({ id: u.id, name: u.name }))} chosen={d.unitIds} onToggle={(id) => toggleIn('unitIds', id)} />
            {d.trigger === 'response' && <ScopeList title="Touch points" items={(touchPoints.data?.touchPoints ?? []).map((t) => ({ id: t.id, name: t.name }))} chosen={d.touchPointIds} onToggle={(id) => toggleIn('touchPointIds', id)} />}
          </div>
        </fieldset>
        <fieldset className="case-fieldset">
          <legend>Then</legend>
          <Checkbox label="Open a case" checked={d.openCase} onChange={(e) => set({ openCase: e.target.checked })} data-testid="rule-open-case" />
          {d.openCase && (
            <div className="stack" style={{ paddingLeft: 24 }}>
              <span className="small muted">Route to the first of these that finds someone; the fallback in Settings → Cases takes the rest.</span>
              {(Object.keys(ROUTING_LABEL) as RoutingKind[]).map((k) => (
                <Checkbox key={k} label={ROUTING_LABEL[k]} checked={d.routing.includes(k)} onChange={() => set({ routing: d.routing.includes(k) ? d.routing.filter((x) => x !== k) : [...d.routing, k] })} />
              ))}
              <Checkbox label="Email the assignee" checked={d.notifyAssignee} onChange={(e) => set({ notifyAssignee: e.target.checked })} />
            </div>
          )}
          <TextField label="Also email this address" type="email" optional value={d.emailTo} onChange={(e) => set({ emailTo: e.target.value })} error={issueFor(save.error, 'actions.1.to') ?? issueFor(save.error, 'actions.0.to')} data-testid="rule-email" />
          {(webhooks.data?.webhooks.length ?? 0) > 0 && (
            <ScopeList
              title="Also call these webhooks (Slack endpoints get a message)"
              items={(webhooks.data?.webhooks ?? []).map((w) => ({ id: w.id, name: `${w.name}${w.kind === 'slack' ? ' (Slack)' : ''}` }))}
              chosen={d.webhookIds}
              onToggle={(id) => set({ webhookIds: d.webhookIds.includes(id) ? d.webhookIds.filter((x) => x !== id) : [...d.webhookIds, id] })}
            />
          )}
        </fieldset>
        <div className="row" style={{ gap: 8 }}>
          <Button type="submit" variant="primary" loading={save.isPending} data-testid="rule-save">Save rule</Button>
          <Button onClick={() => void onDone(null)}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}

function ScopeList({ title, items, chosen, onToggle }: { title: string; items: { id: string; name: string }[]; chosen: string[]; onToggle: (id: string) => void }) {
  return (
    <div className="case-scope-list">
      <div className="small strong">{title}</div>
      {items.length === 0 ? <span className="small muted">None</span> : items.map((i) => <Checkbox key={i.id} label={i.name} checked={chosen.includes(i.id)} onChange={() => onToggle(i.id)} />)}
    </div>
  );
}
