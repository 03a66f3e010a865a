import type { Ending, Page, SurveyDefinition } from '../../../../core/survey-definition.ts';
import { Button } from '../../../ui/Button.tsx';
import { Checkbox, TextField } from '../../../ui/Field.tsx';
import { DownIcon, PlusIcon, TrashIcon, UpIcon } from '../../../ui/icons.tsx';
import { move } from '../model.ts';
import { freeId } from '../question-factory.ts';
import { ConditionEditor, refChoices } from './ConditionEditor.tsx';
import { joinPages, newPage, questionsBeforePage, splitIntoPages } from './pages.ts';

type Issue = (path: string) => string | undefined;

/**
 * Pages (title, intro, when shown, where they lead, "tell us more"), endings, and stopping early.
 * Questions move between pages from their own card ("On page").
 */
export function PagesEditor({ def, set, readOnly, issue }: { def: SurveyDefinition; set: (d: SurveyDefinition) => void; readOnly: boolean; issue: Issue }) {
  const pages = def.pages ?? [];
  const endings = def.endings ?? [];
  const setPages = (next: Page[]) => set({ ...def, pages: next });
  const setPage = (i: number, p: Page) => setPages(pages.map((x, j) => (j === i ? p : x)));
  const setEndings = (next: Ending[]) => set(next.length ? { ...def, endings: next } : withoutKey(def, 'endings'));
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  return (
    <div className="stack" data-testid="pages-editor">
      {pages.length === 0 ? (
        <div className="row">
          <span className="small muted">Every question is on one page.</span>
          {!readOnly && (
            <Button size="sm" onClick={() => set(splitIntoPages(def))} data-testid="use-pages">
              Split into pages
            </Button>
          )}
        </div>
      ) : (
        <ol className="page-list">
          {pages.map((p, i) => (
            <li key={i} className="page-card" data-testid="page">
              <div className="question-head">
                <span className="question-num">Page {i + 1}</span>
                <code className="small muted">{p.id}</code>
                {!readOnly && (
                  <div className="question-actions">
                    <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Move page ${i + 1} up`} disabled={i === 0} onClick={() => setPages(move(pages, i, i - 1))}>
                      <UpIcon size={16} />
                    </Button>
                    <Button variant="ghost" size="sm" className="btn-icon" aria-label={`Move page ${i + 1} down`} disabled={i === pages.length - 1} onClick={() => setPages(move(pages, i, i + 1))}>
                      <DownIcon size={16} />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="btn-icon"
                      aria-label={`Remove page ${i + 1} (its questions join the page before)`}
                      disabled={pages.length === 1}
                      onClick={() => {
                        const into = i === 0 ? 1 : i - 1;
                        setPages(pages.map((x, j) => (j === into ? { ...x, questions: [...x.questions, ...p.questions] } : x)).filter((_, j) => j !== i));
                      }}
                    >
                      <TrashIcon size={16} />
                    </Button>
                  </div>
                )}
              </div>
              <div className="question-body">
                <TextField label="Page title" optional value={p.title} readOnly={readOnly} maxLength={300} onChange={(e) => setPage(i, { ...p, title: e.target.value })} error={issue(`pages.${i}.title`)} data-testid="page-title" />
                <p className="small">
                  Questions: {p.questions.map((id) => byId.get(id)?.text.slice(0, 40) ?? id).join(' · ') || '(none: move questions here from their cards)'}
                </p>
                {issue(`pages.${i}.questions`) && <div className="field-error">{issue(`pages.${i}.questions`)}</div>}
                <ConditionEditor label={`Show page ${i + 1}`} value={p.showIf} choices={refChoices(questionsBeforePage(def, i))} readOnly={readOnly} error={issue(`pages.${i}.showIf`)} onChange={(showIf) => setPage(i, showIf ? { ...p, showIf } : withoutKey(p, 'showIf'))} testId="page-condition" />
                <fieldset className="subfields">
                  <legend>After this page</legend>
                  {p.branches.length === 0 && <p className="small muted">The next page that is shown.</p>}
                  {p.branches.map((b, bi) => (
                    <div key={bi} className="branch" data-testid="branch">
                      <ConditionEditor
                        label={`Rule ${bi + 1}: go elsewhere`}
                        value={b.if}
                        choices={refChoices(questionsBeforePage(def, i, true))}
                        readOnly={readOnly}
                        error={issue(`pages.${i}.branches.${bi}.if`)}
                        onChange={(c) => setPage(i, { ...p, branches: p.branches.map((x, j) => (j === bi ? { ...x, if: c ?? x.if } : x)) })}
                      />
                      <div className="row">
                        <label className="small" htmlFor={`branch-${i}-${bi}`}>
                          then go to
                        </label>
                        <select id={`branch-${i}-${bi}`} className="select branch-to" value={b.to} disabled={readOnly} onChange={(e) => setPage(i, { ...p, branches: p.branches.map((x, j) => (j === bi ? { ...x, to: e.target.value } : x)) })} data-testid="branch-to">
                          {pages.slice(i + 1).map((t, ti) => (
                            <option key={t.id} value={t.id}>
                              Page {i + ti + 2}: {t.title || t.id}
                            </option>
                          ))}
                          {endings.map((e) => (
                            <option key={e.id} value={e.id}>
                              Ending “{e.id}”
                            </option>
                          ))}
                          {![...pages.slice(i + 1), ...endings].some((t) => t.id === b.to) && <option value={b.to}>{b.to} (not after this page)</option>}
                        </select>
                        {!readOnly && (
                          <Button size="sm" variant="ghost" onClick={() => setPage(i, { ...p, branches: p.branches.filter((_, j) => j !== bi) })}>
                            Remove rule
                          </Button>
                        )}
                      </div>
                      {issue(`pages.${i}.branches.${bi}.to`) && <div className="field-error">{issue(`pages.${i}.branches.${bi}.to`)}</div>}
                    </div>
                  ))}
                  {!readOnly && (
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={<PlusIcon size={15} />}
                      disabled={i === pages.length - 1 && endings.length === 0}
                      title={i === pages.length - 1 && endings.length === 0 ? 'Add an ending first: a branch leads forward' : undefined}
                      onClick={() => {
                        const first = questionsBeforePage(def, i, true).find((q) => q.type !== 'hidden');
                        const to = pages[i + 1]?.id ?? endings[0]?.id ?? '';
                        setPage(i, { ...p, branches: [...p.branches, { if: { ref: `answer:${first?.id ?? 'nps'}`, op: 'answered' }, to }] });
                      }}
                      data-testid="add-branch"
                    >
                      Add a rule
                    </Button>
                  )}
                </fieldset>
                <Checkbox
                  label="“Tell us more”: offer this page, never require it"
                  checked={p.offer !== undefined}
                  disabled={readOnly || i === 0}
                  onChange={(e) =>
                    setPage(i, e.target.checked ? { ...p, offer: { text: 'Do you have a minute more? A few more questions help us understand.', accept: 'Tell us more', decline: 'No thanks, finish' } } : withoutKey(p, 'offer'))
                  }
                  data-testid="page-offer"
                />
                {p.offer && (
                  <div className="form-grid-2">
                    <TextField label="Offer" value={p.offer.text} readOnly={readOnly} onChange={(e) => setPage(i, { ...p, offer: { ...p.offer!, text: e.target.value } })} error={issue(`pages.${i}.offer.text`)} />
                    <TextField label="Accept button" value={p.offer.accept} readOnly={readOnly} onChange={(e) => setPage(i, { ...p, offer: { ...p.offer!, accept: e.target.value } })} error={issue(`pages.${i}.offer.accept`)} />
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      {!readOnly && pages.length > 0 && (
        <div className="row">
          <Button size="sm" icon={<PlusIcon size={15} />} onClick={() => setPages([...pages, newPage(def)])} data-testid="add-page">
            Add page
          </Button>
          <Button size="sm" variant="ghost" onClick={() => set(joinPages(def))} data-testid="join-pages">
            Back to one page
          </Button>
          <span className="small muted">A new page needs a question: move one to it from its card.</span>
        </div>
      )}

      <fieldset className="subfields" data-testid="endings">
        <legend>Endings</legend>
        <p className="small muted">Past the last page, the first ending whose condition holds; else the thank-you message. An ending without a condition is reached by a rule.</p>
        {endings.map((e, i) => (
          <div key={i} className="branch" data-testid="ending">
            <div className="form-grid-2">
              <TextField label={`Ending ${i + 1} id`} value={e.id} readOnly={readOnly} onChange={(ev) => setEndings(endings.map((x, j) => (j === i ? { ...x, id: ev.target.value.toLowerCase() } : x)))} error={issue(`endings.${i}.id`)} />
              <TextField label="Text" value={e.text} readOnly={readOnly} onChange={(ev) => setEndings(endings.map((x, j) => (j === i ? { ...x, text: ev.target.value } : x)))} error={issue(`endings.${i}.text`)} data-testid="ending-text" />
            </div>
            <ConditionEditor label={`Reach ending ${i + 1}`} value={e.showIf} choices={refChoices(def.questions)} readOnly={readOnly} error={issue(`endings.${i}.showIf`)} onChange={(showIf) => setEndings(endings.map((x, j) => (j === i ? (showIf ? { ...x, showIf } : withoutKey(x, 'showIf')) : x)))} />
            {!readOnly && (
              <Button size="sm" variant="ghost" onClick={() => setEndings(endings.filter((_, j) => j !== i))}>
                Remove ending
              </Button>
            )}
          </div>
        ))}
        {!readOnly && (
          <Button size="sm" variant="ghost" icon={<PlusIcon size={15} />} onClick={() => setEndings([...endings, { id: freeId('ending', [...endings.map((x) => x.id), ...pages.map((x) => x.id)]), text: 'Thank you.' }])} data-testid="add-ending">
            Add an ending
          </Button>
        )}
      </fieldset>
      <Checkbox label="Respondents may stop early and keep what they answered" checked={def.allowStop !== false} disabled={readOnly} onChange={(e) => set(e.target.checked ? withoutKey(def, 'allowStop') : { ...def, allowStop: false })} />
    </div>
  );
}

function withoutKey<T extends object, K extends keyof T>(o: T, key: K): T {
  const copy = { ...o };
  delete copy[key];
  return copy;
}
