import { isScaleQuestion, NOT_APPLICABLE, offersNotApplicable, partKey, scaleOf } from '../../../core/answer-keys.ts';
import { rankKey, type AnswerError } from '../../../core/answers.ts';
import { displayOrder } from '../../../core/logic.ts';
import { OTHER, type Question, type Scale } from '../../../core/survey-definition.ts';
import type { UiTexts } from '../../../core/texts.ts';
import { html, type Html } from '../../http/html.ts';

/**
 * The respondent page's controls, one renderer per question type: plain HTML that works without
 * JavaScript. Groups are fieldsets with a legend, every control has a label, and errors are tied to
 * their control or group with aria-describedby. Field names are q_<answer key> (docs/architecture.md).
 */

/** What the respondent entered, by answer key (a list for multi choice), to show again after an error. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;

/** What a field needs besides its question: what was entered, the errors, the respondent's shuffle seed, the page's words. */
export interface FieldContext {
  values: FormValues;
  errors: readonly AnswerError[];
  seed: string;
  ui: UiTexts;
}
type Ctx = FieldContext;

/** Options (or rows) in the order this respondent sees them; "Other" stays last. */
function ordered<T>(q: Question & { shuffle?: boolean | undefined }, items: readonly T[], ctx: Ctx): T[] {
  return displayOrder(items, q.shuffle, ctx.seed, q.id);
}

function one(ctx: Ctx, key: string): string | undefined {
  const v = ctx.values[key];
  return typeof v === 'string' ? v : v?.at(-1);
}

function many(ctx: Ctx, key: string): readonly string[] {
  const v = ctx.values[key];
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

/** The error about exactly this key (a question's own, a matrix row's, an "other" text's). */
function errorAt(ctx: Ctx, questionId: string, key: string): AnswerError | undefined {
  return ctx.errors.find((e) => e.questionId === questionId && (e.key ?? e.questionId) === key);
}

const star = (q: Question) => (q.required ? html` <span class="req" aria-hidden="true">*</span>` : '');
const help = (q: Question) => (q.help ? html`<p class="help">${q.help}</p>` : '');
const errText = (id: string, e: AnswerError | undefined) => (e ? html`<p class="err" id="${id}">${e.message}</p>` : '');
const described = (id: string, e: AnswerError | undefined) => (e ? html` aria-describedby="${id}" aria-invalid="true"` : '');
const checked = (on: boolean) => (on ? html` checked` : '');

/** A group of controls: fieldset, legend, help, the controls, and the group's error. */
function group(q: Question, body: Html | Html[], e: AnswerError | undefined, cls = ''): Html {
  const errId = `${q.id}-err`;
  return html`<fieldset class="${[cls, e ? 'invalid' : ''].filter(Boolean).join(' ')}"${e ? html` aria-describedby="${errId}"` : ''}>
<legend>${q.text}${star(q)}</legend>
${help(q)}${body}
${errText(errId, e)}
</fieldset>`;
}

/**
 * A row of radio "buttons" from min to max, like the NPS scale; with `na` (its label), a "not
 * applicable" choice of the same group below the scale, so it never reads as a point on it.
 */
function scaleRadios(base: string, name: string, scale: Scale, value: string | undefined, required: boolean, na: string | null = null): Html {
  const points = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const ends = scale.lowLabel || scale.highLabel;
  const req = required ? html` required` : '';
  return html`<div class="scale">${points.map((i) => html`<input type="radio" id="${base}-${i}" name="${name}" value="${i}"${checked(String(i) === value)}${req}><label for="${base}-${i}">${i}</label>`)}</div>
${ends ? html`<div class="ends" aria-hidden="true"><span>${scale.min} · ${scale.lowLabel}</span><span>${scale.max} · ${scale.highLabel}</span></div>` : ''}${
    na === null ? '' : html`<div class="scale scale-na"><input type="radio" id="${base}-na" name="${name}" value="${NOT_APPLICABLE}"${checked(value === NOT_APPLICABLE)}${req}><label for="${base}-na">${na}</label></div>`
  }`;
}

/** The label of the question's "not applicable" choice, or null when it offers none. */
function naLabel(q: Question, ctx: Ctx): string | null {
  return offersNotApplicable(q) ? (q.notApplicableLabel ?? ctx.ui.notApplicable) : null;
}

/** A scored part inside a group (a matrix row, a gap part): its own fieldset, legend and error. */
function scalePart(q: Question, key: string, base: string, legend: string, scale: Scale, ctx: Ctx): Html {
  const e = errorAt(ctx, q.id, key);
  const errId = `${base}-err`;
  return html`<fieldset class="part${e ? ' invalid' : ''}"${e ? html` aria-describedby="${errId}"` : ''}><legend>${legend}</legend>
${scaleRadios(base, `q_${key}`, scale, one(ctx, key), q.required, naLabel(q, ctx))}${errText(errId, e)}</fieldset>`;
}

/** The "Other" text box of a choice question. */
function otherText(q: Question, ctx: Ctx): Html {
  const key = partKey(q.id, OTHER);
  const e = errorAt(ctx, q.id, key);
  const errId = `${q.id}-other-err`;
  return html`<label class="sub" for="${q.id}-other-text">${ctx.ui.otherSay}</label>
<input type="text" id="${q.id}-other-text" name="q_${key}" maxlength="500" value="${one(ctx, key) ?? ''}"${described(errId, e)}>${errText(errId, e)}`;
}

function choices(q: Extract<Question, { type: 'single' | 'multi' }>, ctx: Ctx): Html {
  const type = q.type === 'single' ? 'radio' : 'checkbox';
  const chosen = new Set(many(ctx, q.id));
  const opts = [...ordered(q, q.options, ctx), ...(q.allowOther ? [{ id: OTHER, text: ctx.ui.other }] : [])];
  const hint =
    q.type === 'multi' && (q.minSelected ?? q.maxSelected) !== undefined
      ? html`<p class="help">${q.minSelected && q.maxSelected ? (q.minSelected === q.maxSelected ? `Choose ${q.minSelected}` : `Choose ${q.minSelected} to ${q.maxSelected}`) : q.minSelected ? `Choose at least ${q.minSelected}` : `Choose up to ${String(q.maxSelected)}`}</p>`
      : '';
  return group(
    q,
    html`${hint}<div class="opts">${opts.map((o) => html`<div class="opt"><input type="${type}" id="${q.id}-o-${o.id}" name="q_${q.id}" value="${o.id}"${checked(chosen.has(o.id))}><label for="${q.id}-o-${o.id}">${o.text}</label></div>`)}</div>${q.allowOther ? otherText(q, ctx) : ''}`,
    errorAt(ctx, q.id, q.id),
  );
}

/** One labelled control (select or input) for a question, with its help and error. */
function single(q: Question, control: (attrs: Html) => Html, ctx: Ctx, extra: Html | '' = ''): Html {
  const e = errorAt(ctx, q.id, q.id);
  const errId = `${q.id}-err`;
  return html`<div class="q${e ? ' invalid' : ''}"><label class="qt" for="${q.id}">${q.text}${star(q)}</label>
${help(q)}${control(html`id="${q.id}" name="q_${q.id}"${q.required ? html` required` : ''}${described(errId, e)}`)}
${errText(errId, e)}${extra}</div>`;
}

function dropdown(q: Extract<Question, { type: 'dropdown' }>, ctx: Ctx): Html {
  const value = one(ctx, q.id);
  const opts = [...ordered(q, q.options, ctx), ...(q.allowOther ? [{ id: OTHER, text: ctx.ui.other }] : [])];
  return single(
    q,
    (a) => html`<select ${a}><option value="">${ctx.ui.choose}</option>${opts.map((o) => html`<option value="${o.id}"${o.id === value ? html` selected` : ''}>${o.text}</option>`)}</select>`,
    ctx,
    q.allowOther ? otherText(q, ctx) : '',
  );
}

/** A ranking without JavaScript: one select of rank per option; the validator checks it is a permutation. */
function ranking(q: Extract<Question, { type: 'ranking' }>, ctx: Ctx): Html {
  const n = q.options.length;
  const body = html`<p class="help">Give each option a different rank: 1 first, ${n} last.</p>${ordered(q, q.options, ctx).map((o) => {
    const key = rankKey(q.id, o.id);
    const value = one(ctx, key);
    return html`<div class="rank"><select id="${q.id}-r-${o.id}" name="q_${key}"><option value="">–</option>${Array.from({ length: n }, (_, i) => html`<option value="${i + 1}"${String(i + 1) === value ? html` selected` : ''}>${i + 1}</option>`)}</select><label for="${q.id}-r-${o.id}">${o.text}</label></div>`;
  })}`;
  return group(q, body, errorAt(ctx, q.id, q.id));
}

function input(q: Question, type: string, attrs: Html | '', ctx: Ctx): Html {
  return single(q, (a) => html`<input type="${type}" ${a}${attrs} value="${one(ctx, q.id) ?? ''}">`, ctx);
}

function consent(q: Question, ctx: Ctx): Html {
  const e = errorAt(ctx, q.id, q.id);
  const errId = `${q.id}-err`;
  // The hidden "false" comes first: a ticked box posts "true" after it, and the last value counts.
  return html`<div class="q${e ? ' invalid' : ''}"><input type="hidden" name="q_${q.id}" value="false">${help(q)}<div class="opt"><input type="checkbox" id="${q.id}" name="q_${q.id}" value="true"${checked(one(ctx, q.id) === 'true')}${q.required ? html` required` : ''}${described(errId, e)}><label for="${q.id}">${q.text}${star(q)}</label></div>
${errText(errId, e)}</div>`;
}

/** The control of one question, or nothing for a hidden field without a value. */
export function renderField(q: Question, ctx: FieldContext): Html | '' {
  if (isScaleQuestion(q)) {
    return group(q, scaleRadios(q.id, `q_${q.id}`, scaleOf(q), one(ctx, q.id), q.required, naLabel(q, ctx)), errorAt(ctx, q.id, q.id));
  }
  switch (q.type) {
    case 'matrix':
      return group(q, ordered(q, q.rows, ctx).map((r) => scalePart(q, partKey(q.id, r.id), `${q.id}-${r.id}`, r.text, q.scale, ctx)), undefined, 'matrix');
    case 'gap':
      return group(
        q,
        [
          scalePart(q, partKey(q.id, 'expectation'), `${q.id}-expectation`, q.expectationText, q.scale, ctx),
          scalePart(q, partKey(q.id, 'experience'), `${q.id}-experience`, q.experienceText, q.scale, ctx),
        ],
        undefined,
        'matrix',
      );
    case 'single':
    case 'multi':
      return choices(q, ctx);
    case 'dropdown':
      return dropdown(q, ctx);
    case 'ranking':
      return ranking(q, ctx);
    case 'text': {
      const value = one(ctx, q.id) ?? '';
      return q.multiline
        ? single(q, (a) => html`<textarea ${a} maxlength="${q.maxLength}">${value}</textarea>`, ctx)
        : input(q, 'text', html` maxlength="${q.maxLength}"`, ctx);
    }
    case 'number':
      return input(q, 'number', html` inputmode="decimal" step="${q.integer ? '1' : 'any'}"${q.min !== undefined ? html` min="${q.min}"` : ''}${q.max !== undefined ? html` max="${q.max}"` : ''}`, ctx);
    case 'date':
      return input(q, 'date', html`${q.min ? html` min="${q.min}"` : ''}${q.max ? html` max="${q.max}"` : ''}`, ctx);
    case 'email':
      return input(q, 'email', html` autocomplete="email" maxlength="254"`, ctx);
    case 'consent':
      return consent(q, ctx);
    case 'hidden': {
      const value = one(ctx, q.id);
      return value === undefined ? '' : html`<input type="hidden" name="q_${q.id}" value="${value}">`;
    }
  }
}
