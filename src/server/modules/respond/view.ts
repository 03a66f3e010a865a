import type { AnswerError } from '../../../core/answers.ts';
import { html, raw, type Html } from '../../http/html.ts';
import type { LiveSurvey } from '../responses/service.ts';
import { renderField, type FormValues } from './fields.ts';

export type { FormValues };

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
.scale{display:flex;gap:.3rem}
.scale input,.opt input{position:absolute;opacity:0;width:1px;height:1px}
.scale label{flex:1 1 0;min-width:0;display:flex;align-items:center;justify-content:center;height:2.75rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;cursor:pointer;font-weight:600;font-variant-numeric:tabular-nums;user-select:none}
.scale label:hover,.opt label:hover{border-color:#0f5e5a}
.scale input:checked+label{background:#0f5e5a;border-color:#0f5e5a;color:#fff}
.scale input:focus-visible+label,.opt input:focus-visible+label{outline:3px solid #7cc7c1;outline-offset:2px}
.ends{display:flex;justify-content:space-between;color:#4a5565;font-size:.85rem;margin-top:.4rem;gap:1rem}
.ends span:last-child{text-align:right}
fieldset.part{margin:0 0 1.1rem}
fieldset.part:last-of-type{margin-bottom:0}
.part legend{font-weight:500;margin-bottom:.5rem}
.opt{position:relative;margin:0 0 .4rem}
.opt label{display:block;min-height:2.75rem;padding:.6rem .9rem .6rem 2.6rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;cursor:pointer}
.opt label::before{content:"";position:absolute;left:.85rem;top:.8rem;width:1.1rem;height:1.1rem;border:2px solid #5b6675;border-radius:4px;background:#fff}
.opt input[type=radio]+label::before{border-radius:50%}
.opt input:checked+label{border-color:#0f5e5a;background:#e6f4f3}
.opt input:checked+label::before{border-color:#0f5e5a;background:#0f5e5a;box-shadow:inset 0 0 0 3px #fff}
.rank{display:flex;align-items:center;gap:.75rem;margin:0 0 .5rem}
.rank select{width:4.5rem;flex:none}
label.sub{display:block;color:#4a5565;font-size:.9rem;margin:.6rem 0 .3rem}
textarea,select,input[type=text],input[type=number],input[type=date],input[type=email]{width:100%;min-height:2.75rem;font:inherit;padding:.6rem .75rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;color:inherit}
textarea{min-height:7rem;resize:vertical}
textarea:focus,select:focus,input:focus{outline:3px solid #7cc7c1;outline-offset:1px;border-color:#0f5e5a}
.err{color:#b42318;font-size:.9rem;margin:.4rem 0 0}
.invalid .scale label,.invalid textarea,.invalid select,.invalid input,.invalid .opt label,.card [aria-invalid=true]{border-color:#b42318}
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
@media (max-width:340px){.scale{flex-wrap:wrap}.scale label{flex-basis:15%}}
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

export interface FormView {
  survey: LiveSurvey;
  brand: string;
  nonce: Nonces;
  /** What the respondent entered, to show again after an error. */
  values?: FormValues;
  errors?: readonly AnswerError[];
  notice?: string;
}

export function renderSurveyForm(v: FormView): string {
  const errors = v.errors ?? [];
  const values = v.values ?? {};
  const def = v.survey.definition;
  // Errors about fields that are not questions here (a tampered or outdated form) are listed at the top.
  // So are errors of hidden fields, which the respondent cannot see or change.
  const stray = errors.filter((e) => !def.questions.some((q) => q.id === e.questionId && q.type !== 'hidden'));
  const body = html`<form class="card" method="post" action="/s/${v.survey.slug}" novalidate>
<h1>${v.survey.title}</h1>
${def.intro ? html`<p class="intro">${def.intro}</p>` : ''}
${v.notice ? html`<div class="summary" role="status"><p>${v.notice}</p></div>` : ''}
${errors.length > 0 ? html`<div class="summary" role="alert"><p>${errors.length === 1 ? 'One answer needs' : `${errors.length} answers need`} your attention.</p>${stray.map((e) => html`<p>${e.message}</p>`)}</div>` : ''}
<input type="hidden" name="v" value="${v.survey.versionNumber}">
<div class="hp" aria-hidden="true"><label for="${HONEYPOT}">Leave this field empty</label><input type="text" id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
${def.questions.map((q) => renderField(q, values, errors))}
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
