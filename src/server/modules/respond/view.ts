import type { AnswerError } from '../../../core/answers.ts';
import type { NpsQuestion, Question, TextQuestion } from '../../../core/survey-definition.ts';
import { html, raw, type Html } from '../../http/html.ts';
import type { LiveSurvey } from '../responses/service.ts';

/**
 * The respondent page: plain server-rendered HTML that works with JavaScript off. Everything it
 * needs is inline (no fonts, no framework), so one small response paints the whole page.
 */

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f8}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
.brand{font-weight:600;color:#0f5e5a;letter-spacing:.02em;font-size:.95rem;margin:.5rem 0 1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.08),0 1px 2px rgba(16,24,40,.04);padding:1.5rem 1.25rem}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 .75rem}
.intro{color:#4a5565;margin:0 0 1rem;white-space:pre-line}
fieldset,.q{border:0;margin:0 0 1.75rem;padding:0;min-width:0}
legend,label.qt{display:block;font-weight:600;margin:0 0 .75rem;padding:0}
.req{color:#b42318}
.help{color:#4a5565;font-size:.9rem;margin:-.5rem 0 .75rem}
.scale{display:grid;grid-template-columns:repeat(11,minmax(0,1fr));gap:.3rem}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale label{display:flex;align-items:center;justify-content:center;height:2.75rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;cursor:pointer;font-weight:600;font-variant-numeric:tabular-nums;user-select:none}
.scale label:hover{border-color:#0f5e5a}
.scale input:checked+label{background:#0f5e5a;border-color:#0f5e5a;color:#fff}
.scale input:focus-visible+label{outline:3px solid #7cc7c1;outline-offset:2px}
.ends{display:flex;justify-content:space-between;color:#4a5565;font-size:.85rem;margin-top:.4rem;gap:1rem}
.ends span:last-child{text-align:right}
textarea,input[type=text]{width:100%;font:inherit;padding:.65rem .75rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff}
textarea{min-height:7rem;resize:vertical}
textarea:focus,input[type=text]:focus{outline:3px solid #7cc7c1;outline-offset:1px;border-color:#0f5e5a}
.err{color:#b42318;font-size:.9rem;margin:.4rem 0 0}
.invalid .scale label,.invalid textarea{border-color:#b42318}
.summary{border:1px solid #f1b3ad;background:#fef3f2;color:#7a271a;border-radius:8px;padding:.75rem 1rem;margin-bottom:1.25rem}
.summary p{margin:0}
button{font:inherit;font-weight:600;background:#0f5e5a;color:#fff;border:0;border-radius:8px;padding:.8rem 1.6rem;cursor:pointer;min-width:9rem}
button:hover{background:#0b4a47}
button:focus-visible{outline:3px solid #7cc7c1;outline-offset:2px}
button[disabled]{opacity:.6;cursor:default}
.foot{color:#505b69;font-size:.8rem;text-align:center;margin-top:1.5rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.done{text-align:center;padding:2.5rem 1.25rem}
.done svg{width:3.5rem;height:3.5rem}
@media (max-width:480px){.scale{gap:.2rem}.scale label{height:2.6rem;font-size:.95rem;border-radius:6px}.card{padding:1.25rem .9rem}main{padding:1rem .6rem 2rem}}
@media (max-width:340px){.scale{grid-template-columns:repeat(6,minmax(0,1fr))}}
`;

// Guards against a double submit; the form works the same without it.
const SCRIPT = `document.querySelector('form')?.addEventListener('submit',function(e){var b=e.target.querySelector('button');if(b){if(b.disabled){e.preventDefault()}b.disabled=true;b.textContent='Sending…'}})`;

/** A field people never see or fill; software that fills every field gives itself away. */
export const HONEYPOT = 'website';

/** Per-response CSP nonces: with a nonce in the policy, browsers run only the tags that carry it. */
export interface Nonces {
  script: string;
  style: string;
}

interface Shell {
  title: string;
  brand: string;
  nonce: Nonces;
  body: Html;
}

function page({ title, brand, nonce, body }: Shell): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${title}</title>
<style nonce="${nonce.style}">${raw(CSS)}</style></head>
<body><main><div class="brand">${brand}</div>${body}<p class="foot">Your answers are stored securely. Powered by Corridor.</p></main>
<script nonce="${nonce.script}">${raw(SCRIPT)}</script></body></html>`.value;
}

function errorFor(errors: readonly AnswerError[], id: string): AnswerError | undefined {
  return errors.find((e) => e.questionId === id);
}

function npsField(q: NpsQuestion, value: string | undefined, error: AnswerError | undefined): Html {
  const errId = `${q.id}-err`;
  return html`<fieldset class="${error ? 'invalid' : ''}" ${error ? html`aria-describedby="${errId}"` : ''}>
<legend>${q.text}${q.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</legend>
${q.help ? html`<p class="help">${q.help}</p>` : ''}
<div class="scale">${Array.from({ length: 11 }, (_, i) => html`<input type="radio" id="${q.id}-${i}" name="q_${q.id}" value="${i}"${String(i) === value ? html` checked` : ''}${q.required ? html` required` : ''}><label for="${q.id}-${i}">${i}</label>`)}</div>
<div class="ends" aria-hidden="true"><span>0 · ${q.lowLabel}</span><span>10 · ${q.highLabel}</span></div>
${error ? html`<p class="err" id="${errId}">${error.message}</p>` : ''}
</fieldset>`;
}

function textField(q: TextQuestion, value: string | undefined, error: AnswerError | undefined): Html {
  const errId = `${q.id}-err`;
  const describedBy = error ? html` aria-describedby="${errId}" aria-invalid="true"` : '';
  const control = q.multiline
    ? html`<textarea id="${q.id}" name="q_${q.id}" maxlength="${q.maxLength}"${q.required ? html` required` : ''}${describedBy}>${value ?? ''}</textarea>`
    : html`<input type="text" id="${q.id}" name="q_${q.id}" maxlength="${q.maxLength}" value="${value ?? ''}"${q.required ? html` required` : ''}${describedBy}>`;
  return html`<div class="q${error ? ' invalid' : ''}"><label class="qt" for="${q.id}">${q.text}${q.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
${q.help ? html`<p class="help">${q.help}</p>` : ''}${control}
${error ? html`<p class="err" id="${errId}">${error.message}</p>` : ''}</div>`;
}

function field(q: Question, values: Readonly<Record<string, string>>, errors: readonly AnswerError[]): Html {
  const error = errorFor(errors, q.id);
  if (q.type === 'nps') return npsField(q, values[q.id], error);
  return q.type === 'text' ? textField(q, values[q.id], error) : html``;
}

export interface FormView {
  survey: LiveSurvey;
  brand: string;
  nonce: Nonces;
  /** What the respondent entered, to show again after an error. */
  values?: Readonly<Record<string, string>>;
  errors?: readonly AnswerError[];
  notice?: string;
}

export function renderSurveyForm(v: FormView): string {
  const errors = v.errors ?? [];
  const values = v.values ?? {};
  const def = v.survey.definition;
  // Errors about fields that are not questions here (a tampered or outdated form) are listed at the top.
  const stray = errors.filter((e) => !def.questions.some((q) => q.id === e.questionId));
  const body = html`<form class="card" method="post" action="/s/${v.survey.slug}" novalidate>
<h1>${v.survey.title}</h1>
${def.intro ? html`<p class="intro">${def.intro}</p>` : ''}
${v.notice ? html`<div class="summary" role="status"><p>${v.notice}</p></div>` : ''}
${errors.length > 0 ? html`<div class="summary" role="alert"><p>${errors.length === 1 ? 'One answer needs' : `${errors.length} answers need`} your attention.</p>${stray.map((e) => html`<p>${e.message}</p>`)}</div>` : ''}
<input type="hidden" name="v" value="${v.survey.versionNumber}">
<div class="hp" aria-hidden="true"><label for="${HONEYPOT}">Leave this field empty</label><input type="text" id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
${def.questions.map((q) => field(q, values, errors))}
<button type="submit">Send</button>
</form>`;
  return page({ title: v.survey.title, brand: v.brand, nonce: v.nonce, body });
}

export function renderThankYou(survey: LiveSurvey, brand: string, nonce: Nonces): string {
  const body = html`<div class="card done" role="status">
<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="#e6f4f3"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#0f5e5a" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>
<h1>Thank you</h1><p class="intro">${survey.definition.thankYou}</p></div>`;
  return page({ title: `Thank you — ${survey.title}`, brand, nonce, body });
}

export function renderMessage(title: string, message: string, brand: string, nonce: Nonces): string {
  return page({ title, brand, nonce, body: html`<div class="card done"><h1>${title}</h1><p class="intro">${message}</p></div>` });
}
