import { describe, expect, it } from 'vitest';
import { scaleKeys } from './answer-keys.ts';
import { validateAnswers, type Answers } from './answers.ts';
import { createRandom, type Random } from './random.ts';
import { SurveyDefinitionSchema, type Question, type SurveyDefinition } from './survey-definition.ts';

/**
 * Property tests: random definitions of every type with random answers, from a seeded generator
 * (core/random.ts, as the demo uses), so a failure names its seed and replays the same case.
 */

type Rng = Random;

const TYPES = ['nps', 'csat', 'ces', 'rating', 'matrix', 'single', 'multi', 'dropdown', 'ranking', 'text', 'number', 'date', 'email', 'consent', 'gap', 'hidden'] as const;

function options(r: Rng, min: number) {
  return Array.from({ length: r.int(min, 6) }, (_, i) => ({ id: `o${i}`, text: `Option ${i}` }));
}

function randomQuestion(r: Rng, id: string): Record<string, unknown> {
  const type = r.pick(TYPES);
  const base = { id, type, text: `Question ${id}`, required: r.chance(0.5) };
  const scale = () => {
    const min = r.pick([0, 1]);
    return { min, max: r.int(min + 1, 10) };
  };
  switch (type) {
    case 'rating':
      return { ...base, ...scale() };
    case 'matrix':
      return { ...base, rows: Array.from({ length: r.int(1, 5) }, (_, i) => ({ id: `r${i}`, text: `Row ${i}` })), scale: scale() };
    case 'gap':
      return { ...base, scale: scale() };
    case 'single':
    case 'dropdown':
      return { ...base, options: options(r, 1), allowOther: r.chance(0.5) };
    case 'multi': {
      const opts = options(r, 1);
      const minSelected = r.chance(0.5) ? r.int(1, opts.length) : undefined;
      return { ...base, options: opts, allowOther: r.chance(0.5), minSelected, maxSelected: r.chance(0.5) ? r.int(minSelected ?? 1, opts.length) : undefined };
    }
    case 'ranking':
      return { ...base, options: options(r, 2) };
    case 'number':
      return { ...base, min: r.int(-100, 0), max: r.int(1, 1000), integer: r.chance(0.5) };
    case 'date':
      return { ...base, min: '2020-01-01', max: '2030-12-31' };
    default:
      return base;
  }
}

function randomDefinition(r: Rng): SurveyDefinition {
  const questions = Array.from({ length: r.int(1, 8) }, (_, i) => randomQuestion(r, `q${i}`));
  return SurveyDefinitionSchema.parse({ questions });
}

function scaleOfKey(q: Question): { min: number; max: number } {
  switch (q.type) {
    case 'nps':
      return { min: 0, max: 10 };
    case 'csat':
      return { min: 1, max: 5 };
    case 'ces':
      return { min: 1, max: 7 };
    case 'rating':
      return q;
    case 'matrix':
    case 'gap':
      return q.scale;
    default:
      throw new Error(`${q.type} has no scale`);
  }
}

/** A valid answer to every question (blank optional questions left out now and then). */
function randomAnswers(r: Rng, def: SurveyDefinition): Answers {
  const a: Answers = {};
  for (const q of def.questions) {
    if (!q.required && r.chance(0.2)) continue;
    switch (q.type) {
      case 'matrix':
      case 'gap':
      case 'nps':
      case 'csat':
      case 'ces':
      case 'rating': {
        const { min, max } = scaleOfKey(q);
        for (const key of scaleKeys(q)) a[key] = r.int(min, max);
        break;
      }
      case 'single':
      case 'dropdown': {
        const ids = [...q.options.map((o) => o.id), ...(q.allowOther ? ['other'] : [])];
        a[q.id] = r.pick(ids);
        if (a[q.id] === 'other') a[`${q.id}.other`] = `said ${r.int(0, 99)}`;
        break;
      }
      case 'multi': {
        const ids = [...q.options.map((o) => o.id), ...(q.allowOther ? ['other'] : [])];
        const lo = q.minSelected ?? 1;
        const hi = Math.min(q.maxSelected ?? ids.length, ids.length);
        const chosen = r.shuffle(ids).slice(0, r.int(lo, hi));
        a[q.id] = ids.filter((id) => chosen.includes(id));
        if (chosen.includes('other')) a[`${q.id}.other`] = 'something else';
        break;
      }
      case 'ranking':
        a[q.id] = r.shuffle(q.options.map((o) => o.id));
        break;
      case 'text':
      case 'hidden':
        a[q.id] = `text ${r.int(0, 1000)}`;
        break;
      case 'number':
        a[q.id] = q.integer ? r.int(q.min ?? 0, q.max ?? 10) : Math.round(((q.min ?? 0) + r.next() * ((q.max ?? 10) - (q.min ?? 0))) * 100) / 100;
        break;
      case 'date':
        a[q.id] = `20${r.int(20, 30)}-0${r.int(1, 9)}-1${r.int(0, 9)}`;
        break;
      case 'email':
        a[q.id] = `person${r.int(0, 99)}@example.com`;
        break;
      case 'consent':
        a[q.id] = q.required ? true : r.chance(0.5);
        break;
    }
  }
  return a;
}

/** The same answers as a form posts them: strings, and ranks instead of an ordered list. */
function asForm(def: SurveyDefinition, answers: Answers): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(answers)) {
    const q = def.questions.find((x) => x.id === key);
    if (q?.type === 'ranking' && Array.isArray(value)) value.forEach((id, i) => (form[`${key}.rank.${id}`] = String(i + 1)));
    else form[key] = Array.isArray(value) ? value : String(value);
  }
  return form;
}

const RUNS = 500;

describe('validateAnswers on random definitions and answers', () => {
  it('accepts valid answers and returns them unchanged, from JSON and from a form', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = createRandom(seed);
      const def = randomDefinition(r);
      const answers = randomAnswers(r, def);
      expect(validateAnswers(def, answers), `seed ${seed}`).toEqual({ ok: true, answers });
      expect(validateAnswers(def, asForm(def, answers)), `seed ${seed} (form)`).toEqual({ ok: true, answers });
    }
  });

  it('returns only keys the definition stores, whatever it is sent', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = createRandom(seed);
      const def = randomDefinition(r);
      const other = randomDefinition(createRandom(seed + 10_000));
      // Answers to this definition mixed with answers to another one (sharing ids q0, q1, ...).
      const mixed = { ...randomAnswers(r, other), ...(r.chance(0.5) ? randomAnswers(r, def) : {}) };
      const result = validateAnswers(def, mixed);
      if (!result.ok) continue;
      const allowed = new Set(def.questions.flatMap((q) => [q.id, ...scaleKeys(q), `${q.id}.other`]));
      for (const key of Object.keys(result.answers)) expect(allowed.has(key), `seed ${seed}: ${key}`).toBe(true);
      for (const key of Object.keys(result.answers)) expect(Object.keys(mixed), `seed ${seed}: ${key} was not sent`).toContain(key);
    }
  });

  it('always rejects a scale answer outside its scale', () => {
    let checked = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = createRandom(seed);
      const def = randomDefinition(r);
      const answers = randomAnswers(r, def);
      const scaled = def.questions.filter((q) => scaleKeys(q).length > 0);
      if (scaled.length === 0) continue;
      const q = r.pick(scaled);
      const key = r.pick(scaleKeys(q));
      const { min, max } = scaleOfKey(q);
      const bad = r.pick([min - r.int(1, 5), max + r.int(1, 5), min + 0.5, String(max + 1)]);
      const result = validateAnswers(def, { ...answers, [key]: bad });
      expect(result.ok, `seed ${seed}: ${key} = ${bad}`).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.key ?? e.questionId)).toContain(key);
      checked++;
    }
    expect(checked).toBeGreaterThan(RUNS / 2);
  });
});
