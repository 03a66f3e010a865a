import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ANONYMOUS, isQuestionShown, walk, type AnswerMap, type Respondent } from '../../../core/logic.ts';
import { languagesOf, localize, pipeText } from '../../../core/texts.ts';
import type { Question, SurveyDefinition } from '../../../core/survey-definition.ts';
import type { Overview } from '../api.ts';
import { overviewQuery } from '../queries.ts';
import type { Draft } from './model.ts';
import { PreviewField } from './preview/PreviewField.tsx';

export type PreviewDevice = 'phone' | 'desktop';

const NUMERIC = new Set(['nps', 'csat', 'ces', 'rating', 'matrix', 'gap', 'number']);

/** What is entered in the preview, as stored answers (by key), for the logic to evaluate. */
function readAnswers(form: HTMLFormElement, uid: string, def: SurveyDefinition): AnswerMap {
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const out: Record<string, number | string | boolean | string[]> = {};
  for (const [name, raw] of new FormData(form)) {
    if (!name.startsWith(`${uid}|`) || typeof raw !== 'string' || raw === '') continue;
    const key = name.slice(uid.length + 1);
    const q = byId.get(key.split('.')[0] ?? '');
    if (!q) continue;
    const part = key.includes('.') ? key.slice(key.indexOf('.') + 1) : '';
    if (q.type === 'multi' && part === '') out[key] = [...((out[key] as string[] | undefined) ?? []), raw];
    else if (q.type === 'consent') out[key] = raw === 'true';
    else if (NUMERIC.has(q.type) && part !== 'other' && Number.isFinite(Number(raw))) out[key] = Number(raw);
    else out[key] = raw;
  }
  return out;
}

/**
 * What respondents see, close to the public page (same structure and look as respond/view.ts), at a
 * phone's width or a desktop's. The survey's logic runs on what is entered here, with the core's
 * evaluator: questions and pages appear as their conditions hold, branches skip pages, the ending
 * follows; the respondent's audience and language can be chosen. Nothing is sent.
 */
export function SurveyPreview({ draft, device }: { draft: Draft; device: PreviewDevice }) {
  const uid = useId().replace(/:/g, '');
  const [answers, setAnswers] = useState<AnswerMap>({});
  const [language, setLanguage] = useState('');
  const [audience, setAudience] = useState('');
  const source = draft.definition;
  const languages = languagesOf(source);
  const audiences = [...new Set([...Object.keys(source.variants ?? {}), ...source.questions.flatMap((q) => q.audiences ?? []), ...(source.pages ?? []).flatMap((p) => p.audiences ?? [])])];
  const lang = languages.includes(language) ? language : (languages[0] ?? 'en');
  const respondent: Respondent = { ...ANONYMOUS, language: lang, audience: audiences.includes(audience) ? audience : null };
  const definition = localize(source, lang, respondent.audience);
  const company = useQueryClient().getQueryData<Overview>(overviewQuery.queryKey)?.companyName;
  // The pages a respondent passes through with these answers so far, and where they end.
  const way = walk(definition, answers, respondent);
  // Piped texts read as an anonymous respondent sees them: earlier answers, else the fallback.
  const pipe = (text: string) => pipeText(text, definition, answers, respondent);
  const piped = (q: Question): Question => ({ ...q, text: pipe(q.text), ...(q.help !== undefined ? { help: pipe(q.help) } : {}) });
  const hidden = definition.questions.filter((q) => q.type === 'hidden');
  const shown = (q: Question) => isQuestionShown(q, answers, respondent);
  let n = 0;
  return (
    <div className={`preview-frame preview-${device}`} data-testid="survey-preview" data-device={device}>
      {(languages.length > 1 || audiences.length > 0) && (
        <div className="preview-as">
          {languages.length > 1 && (
            <label>
              Language{' '}
              <select className="select" value={lang} onChange={(e) => setLanguage(e.target.value)} data-testid="preview-language">
                {languages.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </select>
            </label>
          )}
          {audiences.length > 0 && (
            <label>
              Audience{' '}
              <select className="select" value={respondent.audience ?? ''} onChange={(e) => setAudience(e.target.value)} data-testid="preview-audience">
                <option value="">(none)</option>
                {audiences.map((a) => (
                  <option key={a}>{a}</option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <div className={`rp rp-${device}`}>
        <div className="rp-main">
          {company && <div className="brand">{company}</div>}
          <form className="card" onChange={(e) => setAnswers(readAnswers(e.currentTarget, uid, source))} onSubmit={(e) => e.preventDefault()}>
            <div className="rp-title">{draft.title.trim() || 'Untitled survey'}</div>
            {definition.intro.trim() && <p className="intro">{pipe(definition.intro)}</p>}
            {hidden.map((q) => (
              <PreviewField key={`h-${q.id}`} q={q} uid={uid} n={0} />
            ))}
            {way.pages.map((page, pi) => (
              <div key={`${pi}-${page.id}`} className="rp-page" data-testid="preview-page">
                {way.pages.length > 1 && <div className="rp-page-mark">Page {pi + 1}</div>}
                {page.title && <h2 className="rp-page-title">{pipe(page.title)}</h2>}
                {page.intro && <p className="intro">{pipe(page.intro)}</p>}
                {page.offer && <p className="rp-offer">{page.offer.text} <span className="rp-offer-buttons">[{page.offer.accept}] [{page.offer.decline}]</span></p>}
                {page.questions.filter(shown).map((q) => {
                  n += 1;
                  return <PreviewField key={`${q.id}`} q={piped(q)} uid={uid} n={n} />;
                })}
              </div>
            ))}
            <div className="rp-button" aria-hidden="true">
              Send
            </div>
          </form>
          <p className="foot">Your answers are stored securely. Powered by Corridor.</p>
          <div className="rp-thanks" data-testid="preview-ending">
            After sending: <strong>{pipe(way.ending.text).trim() || 'Thank you!'}</strong>
          </div>
        </div>
      </div>
    </div>
  );
}
