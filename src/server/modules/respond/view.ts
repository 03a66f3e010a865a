import type { PageLogic, PageView } from '../../../core/logic.ts';
import type { Question, Theme } from '../../../core/survey-definition.ts';
import type { UiTexts } from '../../../core/texts.ts';
import { html, raw, type Html } from '../../http/html.ts';
import { renderField, type FieldContext, type FormValues } from './fields.ts';
import { respondScript } from './script.ts';

export type { FormValues };

/**
 * The respondent page: plain server-rendered HTML that works with JavaScript off. Everything it
 * needs is inline (no fonts, no framework), so one small response paints the whole page.
 */

const CSS = `
*{box-sizing:border-box}
:root{--c:#0f5e5a;--c2:#0b4a47;--t:#e6f4f3}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f3f5f8}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
.brand{font-weight:600;color:var(--c);letter-spacing:.02em;font-size:.95rem;margin:.5rem 0 1rem}
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
.scale label:hover,.opt label:hover{border-color:var(--c)}
.scale input:checked+label{background:var(--c);border-color:var(--c);color:#fff}
.scale input:focus-visible+label,.opt input:focus-visible+label{outline:3px solid #7cc7c1;outline-offset:2px}
.scale.scale-na{margin-top:.5rem}
.scale.scale-na label{flex:0 0 auto;padding:0 1rem;font-weight:500}
.ends{display:flex;justify-content:space-between;color:#4a5565;font-size:.85rem;margin-top:.4rem;gap:1rem}
.ends span:last-child{text-align:right}
fieldset.part{margin:0 0 1.1rem}
fieldset.part:last-of-type{margin-bottom:0}
.part legend{font-weight:500;margin-bottom:.5rem}
.opt{position:relative;margin:0 0 .4rem}
.opt label{display:block;min-height:2.75rem;padding:.6rem .9rem .6rem 2.6rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;cursor:pointer}
.opt label::before{content:"";position:absolute;left:.85rem;top:.8rem;width:1.1rem;height:1.1rem;border:2px solid #5b6675;border-radius:4px;background:#fff}
.opt input[type=radio]+label::before{border-radius:50%}
.opt input:checked+label{border-color:var(--c);background:var(--t)}
.opt input:checked+label::before{border-color:var(--c);background:var(--c);box-shadow:inset 0 0 0 3px #fff}
.rank{display:flex;align-items:center;gap:.75rem;margin:0 0 .5rem}
.rank select{width:4.5rem;flex:none}
label.sub{display:block;color:#4a5565;font-size:.9rem;margin:.6rem 0 .3rem}
textarea,select,input[type=text],input[type=number],input[type=date],input[type=email]{width:100%;min-height:2.75rem;font:inherit;padding:.6rem .75rem;border:1px solid #c7cfd9;border-radius:8px;background:#fff;color:inherit}
textarea{min-height:7rem;resize:vertical}
textarea:focus,select:focus,input:focus{outline:3px solid #7cc7c1;outline-offset:1px;border-color:var(--c)}
.err{color:#b42318;font-size:.9rem;margin:.4rem 0 0}
.invalid .scale label,.invalid textarea,.invalid select,.invalid input,.invalid .opt label,.card [aria-invalid=true]{border-color:#b42318}
.summary{border:1px solid #f1b3ad;background:#fef3f2;color:#7a271a;border-radius:8px;padding:.75rem 1rem;margin-bottom:1.25rem}
.summary p{margin:0}
button{font:inherit;font-weight:600;background:var(--c);color:#fff;border:0;border-radius:8px;padding:.8rem 1.6rem;cursor:pointer;min-width:9rem}
button:hover{background:var(--c2)}
button:focus-visible{outline:3px solid #7cc7c1;outline-offset:2px}
button[disabled]{opacity:.6;cursor:default}
.nav{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;flex-direction:row-reverse}
button.back{background:#fff;color:var(--c);border:1px solid #c7cfd9}
button.back:hover{background:#f3f5f8}
button.link{background:none;color:#4a5565;min-width:0;padding:.4rem 0;font-weight:500;text-decoration:underline}
button.link:hover{background:none;color:#1c2430}
.stop{margin-top:1.25rem;border-top:1px solid #e3e8ef;padding-top:.75rem;font-size:.9rem;color:#4a5565}
.stop p{margin:0}
.prog{margin:0 0 1rem;color:#4a5565;font-size:.85rem}
.prog progress{display:block;width:100%;height:.4rem;margin-top:.3rem;border:0;border-radius:1rem;background:#e3e8ef;overflow:hidden;appearance:none}
.prog progress::-webkit-progress-bar{background:#e3e8ef}
.prog progress::-webkit-progress-value{background:var(--c)}
.prog progress::-moz-progress-bar{background:var(--c)}
.langs{display:flex;gap:.6rem;justify-content:flex-end;font-size:.85rem;margin:-.25rem 0 .5rem}
.langs a{color:var(--c)}
.langs [aria-current]{font-weight:700;color:#1c2430;text-decoration:none}
.logo{max-height:3rem;max-width:12rem;display:block;margin:.5rem 0 1rem}
.offer{border:1px dashed #c7cfd9;border-radius:8px;padding:.75rem 1rem;margin:0 0 1.25rem;background:#fafbfc}
.offer p{margin:0}
h2{font-size:1.1rem;margin:0 0 .75rem}
fieldset.cq{border:0;margin:0;padding:0;min-width:0}
.foot{color:#505b69;font-size:.8rem;text-align:center;margin-top:1.5rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.done{text-align:center;padding:2.5rem 1.25rem}
.done svg{width:3.5rem;height:3.5rem}
@media (max-width:480px){.scale{gap:.2rem}.scale label{height:2.6rem;font-size:.95rem;border-radius:6px}.card{padding:1.25rem .9rem}main{padding:1rem .6rem 2rem}}
@media (max-width:340px){.scale{flex-wrap:wrap}.scale label{flex-basis:15%}}
`;

/** A field people never see or fill; software that fills every field gives itself away. */
export const HONEYPOT = 'website';

/** Per-response CSP nonces: with a nonce in the policy, browsers run only the tags that carry it. */
export interface Nonces {
  script: string;
  style: string;
}

export interface Shell {
  title: string;
  brand: string;
  nonce: Nonces;
  lang?: string;
  theme?: Theme | undefined;
  body: Html;
}

/** The accent colour's hover shade and light tint, from #rrggbb. */
function themeCss(theme: Theme | undefined): string {
  const c = theme?.color;
  if (!c) return '';
  const rgb = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const hex = (f: (v: number) => number) => `#${rgb.map((v) => Math.round(f(v)).toString(16).padStart(2, '0')).join('')}`;
  return `:root{--c:${c};--c2:${hex((v) => v * 0.8)};--t:${hex((v) => v + (255 - v) * 0.9)}}`;
}

export function page({ title, brand, nonce, lang = 'en', theme, body }: Shell): string {
  const script = respondScript();
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${title}</title>
<style nonce="${nonce.style}">${raw(CSS + themeCss(theme))}</style></head>
<body><main>${theme?.logoUrl ? html`<img class="logo" src="${theme.logoUrl}" alt="${brand}">` : html`<div class="brand">${brand}</div>`}${body}<p class="foot">Your answers are stored securely. Powered by Corridor.</p></main>
${script ? html`<script nonce="${nonce.script}">${raw(script)}</script>` : ''}</body></html>`.value;
}

export interface LanguageLink {
  code: string;
  label: string;
  href: string;
  current: boolean;
}

/** Everything one page of a survey shows; flow.ts builds it. */
export interface PageModel {
  action: string;
  surveyTitle: string;
  brand: string;
  nonce: Nonces;
  lang: string;
  ui: UiTexts;
  theme: Theme | undefined;
  /** The survey's introduction, on the first page only. */
  intro: string;
  page: PageView;
  /** Questions of this page whose conditions depend on answers on this page, with whether each is shown now. */
  conditional: ReadonlyMap<string, boolean>;
  /** Data for the page's script: see PageLogic in web/respond/main.ts. */
  logic: PageLogic | null;
  progress: { n: number; total: number } | null;
  fields: FieldContext;
  notice?: string | undefined;
  /** Form fields that carry the state: version, page, session token or the first page's context. */
  state: Readonly<Record<string, string>>;
  canBack: boolean;
  canStop: boolean;
  /** The last page: its button sends. */
  last: boolean;
  languages: LanguageLink[];
  preview: boolean;
}

/** JSON for a script element: "<" escaped so no text can close the element. */
function jsonForScript(value: unknown): Html {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}

function languageNav(m: PageModel): Html | '' {
  if (m.languages.length < 2) return '';
  return html`<nav class="langs" aria-label="${m.ui.language}">${m.languages.map((l) =>
    l.current ? html`<span aria-current="true" lang="${l.code}">${l.label}</span>` : html`<a href="${l.href}" lang="${l.code}" hreflang="${l.code}">${l.label}</a>`,
  )}</nav>`;
}

function question(m: PageModel, q: Question): Html | '' {
  const field = renderField(q, m.fields);
  const shown = m.conditional.get(q.id);
  if (shown === undefined) return field;
  // A follow-up decided by this page's answers: the script shows it at once; without the script the
  // server shows it after the page is sent. Disabled while hidden, so it posts nothing.
  return html`<fieldset class="cq" id="cq-${q.id}"${shown ? '' : html` hidden disabled`}>${field}</fieldset>`;
}

export function renderSurveyPage(m: PageModel): string {
  const errors = m.fields.errors;
  const shownIds = new Set(m.page.questions.map((q) => q.id));
  // Errors about fields that are not questions here (a tampered or outdated form) are listed at the top.
  const stray = errors.filter((e) => !shownIds.has(e.questionId));
  const offer = m.page.offer;
  const progressLabel = m.progress ? m.ui.progress.replace('{n}', String(m.progress.n)).replace('{total}', String(m.progress.total)) : '';
  const body = html`${languageNav(m)}<form class="card" method="post" action="${m.action}" novalidate>
${m.preview ? html`<div class="summary" role="status"><p>Preview of a draft: answers are checked but never recorded.</p></div>` : ''}
<h1>${m.surveyTitle}</h1>
${m.progress ? html`<div class="prog"><span id="prog">${progressLabel}</span><progress max="${m.progress.total}" value="${m.progress.n - 1}" aria-labelledby="prog"></progress></div>` : ''}
${m.intro ? html`<p class="intro">${m.intro}</p>` : ''}
${m.page.title ? html`<h2>${m.page.title}</h2>` : ''}
${m.page.intro ? html`<p class="intro">${m.page.intro}</p>` : ''}
${offer ? html`<div class="offer"><p><strong>${m.ui.optional}:</strong> ${offer.text}</p></div>` : ''}
${m.notice ? html`<div class="summary" role="status"><p>${m.notice}</p></div>` : ''}
${errors.length > 0 ? html`<div class="summary" role="alert"><p>${errors.length === 1 ? 'One answer needs' : `${errors.length} answers need`} your attention.</p>${stray.map((e) => html`<p>${e.message}</p>`)}</div>` : ''}
${Object.entries(m.state).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${m.conditional.size > 0 ? html`<input type="hidden" name="shown" value="${[...m.conditional].filter(([, on]) => on).map(([id]) => id).join(' ')}">` : ''}
<div class="hp" aria-hidden="true"><label for="${HONEYPOT}">Leave this field empty</label><input type="text" id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>
${m.page.questions.map((q) => question(m, q))}
<div class="nav"><button type="submit" name="nav" value="next">${offer ? offer.accept : m.last ? m.ui.send : m.ui.next}</button>${offer ? html`<button type="submit" name="nav" value="skip" class="back">${offer.decline}</button>` : ''}${m.canBack ? html`<button type="submit" name="nav" value="back" class="back">${m.ui.back}</button>` : ''}</div>
${m.canStop ? html`<div class="stop"><button type="submit" name="nav" value="stop" class="link">${m.ui.stop}</button><p>${m.ui.stopHint}</p></div>` : ''}
</form>${m.logic ? html`<script type="application/json" id="cor-logic">${jsonForScript(m.logic)}</script>` : ''}`;
  return page({ title: m.surveyTitle, brand: m.brand, nonce: m.nonce, lang: m.lang, theme: m.theme, body });
}

export interface EndingModel {
  surveyTitle: string;
  brand: string;
  nonce: Nonces;
  lang: string;
  theme: Theme | undefined;
  heading: string;
  text: string;
}

export function renderEnding(m: EndingModel): string {
  const body = html`<div class="card done" role="status">
<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11" fill="var(--t)"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="var(--c)" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>
<h1>${m.heading}</h1><p class="intro">${m.text}</p></div>`;
  return page({ title: `${m.heading} — ${m.surveyTitle}`, brand: m.brand, nonce: m.nonce, lang: m.lang, theme: m.theme, body });
}

export function renderMessage(title: string, message: string, brand: string, nonce: Nonces): string {
  return page({ title, brand, nonce, body: html`<div class="card done"><h1>${title}</h1><p class="intro">${message}</p></div>` });
}
