import type { Respondent } from './logic.ts';
import { languageOf, type Ending, type Page, type Question, type SurveyDefinition } from './survey-definition.ts';

/**
 * The words of a survey: every translatable text by its path, the survey as one respondent reads it
 * (their language and audience), piping of earlier answers and attributes into texts, and the
 * respondent page's own words in the languages Corridor ships.
 *
 * Text paths: intro, thankYou; q.<id>.text, q.<id>.help, q.<id>.lowLabel, q.<id>.highLabel,
 * q.<id>.o.<option>, q.<id>.r.<row>, q.<id>.expectationText, q.<id>.experienceText,
 * q.<id>.scale.lowLabel, q.<id>.scale.highLabel, q.<id>.notApplicableLabel; p.<id>.title, p.<id>.intro, p.<id>.offer.text,
 * p.<id>.offer.accept, p.<id>.offer.decline; e.<id>.text; ui.<key> for the page's own words.
 * A translation of an audience's wording is keyed "@<audience>/<path>".
 */

type Lookup = (path: string, base: string) => string;

function questionTexts(q: Question, t: Lookup): Question {
  const p = `q.${q.id}`;
  const c = { ...q, text: t(`${p}.text`, q.text) } as Question & Record<string, unknown>;
  if (q.help !== undefined) c.help = t(`${p}.help`, q.help);
  if ('lowLabel' in q) c['lowLabel'] = t(`${p}.lowLabel`, q.lowLabel);
  if ('highLabel' in q) c['highLabel'] = t(`${p}.highLabel`, q.highLabel);
  if ('options' in q) c['options'] = q.options.map((o) => ({ ...o, text: t(`${p}.o.${o.id}`, o.text) }));
  if (q.type === 'matrix') c['rows'] = q.rows.map((r) => ({ ...r, text: t(`${p}.r.${r.id}`, r.text) }));
  if (q.type === 'gap') {
    c['expectationText'] = t(`${p}.expectationText`, q.expectationText);
    c['experienceText'] = t(`${p}.experienceText`, q.experienceText);
  }
  if ('notApplicableLabel' in q && q.notApplicableLabel !== undefined) c['notApplicableLabel'] = t(`${p}.notApplicableLabel`, q.notApplicableLabel);
  if (q.type === 'matrix' || q.type === 'gap') {
    c['scale'] = { ...q.scale, lowLabel: t(`${p}.scale.lowLabel`, q.scale.lowLabel), highLabel: t(`${p}.scale.highLabel`, q.scale.highLabel) };
  }
  return c;
}

function pageTexts(page: Page, t: Lookup): Page {
  const p = `p.${page.id}`;
  return {
    ...page,
    title: t(`${p}.title`, page.title),
    intro: t(`${p}.intro`, page.intro),
    ...(page.offer
      ? { offer: { text: t(`${p}.offer.text`, page.offer.text), accept: t(`${p}.offer.accept`, page.offer.accept), decline: t(`${p}.offer.decline`, page.offer.decline) } }
      : {}),
  };
}

function mapTexts(def: SurveyDefinition, t: Lookup): SurveyDefinition {
  return {
    ...def,
    intro: t('intro', def.intro),
    thankYou: t('thankYou', def.thankYou),
    questions: def.questions.map((q) => questionTexts(q, t)),
    ...(def.pages ? { pages: def.pages.map((p) => pageTexts(p, t)) } : {}),
    ...(def.endings ? { endings: def.endings.map((e): Ending => ({ ...e, text: t(`e.${e.id}.text`, e.text) })) } : {}),
  };
}

/** Every translatable text of a definition, by path, in the default language. */
export function textEntries(def: SurveyDefinition): [path: string, text: string][] {
  const out: [string, string][] = [];
  mapTexts(def, (path, base) => {
    if (base !== '') out.push([path, base]);
    return base;
  });
  return out;
}

/** The languages a survey can be answered in: its own first, then those it has translations for. */
export function languagesOf(def: SurveyDefinition): string[] {
  const own = languageOf(def);
  return [own, ...Object.keys(def.translations ?? {}).filter((l) => l !== own)];
}

/**
 * The survey as one respondent reads it. In the default language an audience's wording replaces the
 * common one; in another language the translation of the audience's wording comes first, then the
 * common translation, then the default language's text.
 */
export function localize(def: SurveyDefinition, language: string, audience: string | null): SurveyDefinition {
  const variant = audience ? def.variants?.[audience] : undefined;
  const tr = language === languageOf(def) ? undefined : def.translations?.[language];
  if (!variant && !tr) return def;
  return mapTexts(def, (path, base) => {
    if (base === '') return base;
    if (tr) return (audience ? tr[`@${audience}/${path}`] : undefined) ?? tr[path] ?? variant?.[path] ?? base;
    return variant?.[path] ?? base;
  });
}

/**
 * The best language for a respondent: the asked-for one (invitation, link, switch) if the survey has
 * it, else the first of the browser's Accept-Language it has (a region falls back to its language),
 * else the survey's own.
 */
export function chooseLanguage(def: SurveyDefinition, asked: string | undefined, acceptLanguage: string | undefined): string {
  const have = languagesOf(def);
  const match = (code: string): string | undefined => {
    const c = code.trim().toLowerCase();
    return have.find((l) => l === c) ?? have.find((l) => l === c.split('-')[0]);
  };
  const direct = asked ? match(asked) : undefined;
  if (direct) return direct;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [code = '', ...params] = part.split(';');
      const q = Number(params.find((x) => x.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { code: code.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.code !== '' && x.code !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { code } of ranked) {
    const hit = match(code);
    if (hit) return hit;
  }
  return languageOf(def);
}

const PIPE = /\{\{\s*((?:answer|contact|account):[a-z0-9_.]+|audience|language)\s*(?:\|([^}]*))?\}\}/g;

/**
 * Fills {{answer:<key>}}, {{contact:<attribute>}}, {{account:<attribute>}} (and audience, language)
 * into a text, with a fallback after a bar: "Hello {{contact:first_name|there}}". A chosen option
 * reads as its text. The result is plain text; the page escapes it.
 */
export function pipeText(text: string, def: SurveyDefinition, answers: Readonly<Record<string, unknown>>, r: Respondent): string {
  if (!text.includes('{{')) return text;
  return text.replace(PIPE, (_, ref: string, fallback: string | undefined) => {
    const colon = ref.indexOf(':');
    const kind = colon < 0 ? ref : ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    let value: unknown;
    if (kind === 'audience') value = r.audience;
    else if (kind === 'language') value = r.language;
    else if (kind === 'contact') value = r.contact[name];
    else if (kind === 'account') value = r.account[name];
    else {
      value = answers[name];
      const q = def.questions.find((x) => x.id === name);
      const optionText = (id: unknown) => (q && 'options' in q ? (q.options.find((o) => o.id === id)?.text ?? String(id)) : String(id));
      if (Array.isArray(value)) value = value.map(optionText).join(', ');
      else if (typeof value === 'string' && q && 'options' in q) value = optionText(value);
    }
    const shown = value === undefined || value === null ? '' : String(value);
    return shown === '' ? (fallback ?? '').trim() : shown;
  });
}

/** The respondent page's own words. */
export const UI_KEYS = ['next', 'back', 'send', 'stop', 'stopHint', 'progress', 'required', 'language', 'thanks', 'stopped', 'optional', 'other', 'otherSay', 'choose', 'notApplicable'] as const;
export type UiKey = (typeof UI_KEYS)[number];
export type UiTexts = Record<UiKey, string>;

const EN: UiTexts = {
  next: 'Next',
  back: 'Back',
  send: 'Send',
  stop: 'Stop here and send what I answered',
  stopHint: 'Your answers so far are kept.',
  progress: 'Page {n} of {total}',
  required: 'required',
  language: 'Language',
  thanks: 'Thank you',
  stopped: 'Thank you — we kept the answers you gave.',
  optional: 'Optional',
  other: 'Other',
  otherSay: 'If other, please say what',
  choose: 'Choose…',
  notApplicable: 'Not applicable',
};

/** The page's words in the languages Corridor ships; a survey may override any of them as ui.<key>. */
const UI_TEXTS: Readonly<Record<string, UiTexts>> = {
  en: EN,
  de: {
    next: 'Weiter',
    back: 'Zurück',
    send: 'Senden',
    stop: 'Hier aufhören und Antworten senden',
    stopHint: 'Ihre bisherigen Antworten bleiben erhalten.',
    progress: 'Seite {n} von {total}',
    required: 'Pflichtfeld',
    language: 'Sprache',
    thanks: 'Vielen Dank',
    stopped: 'Vielen Dank — Ihre Antworten sind gespeichert.',
    optional: 'Freiwillig',
    other: 'Sonstiges',
    otherSay: 'Falls sonstiges, bitte angeben',
    choose: 'Bitte wählen…',
    notApplicable: 'Trifft nicht zu',
  },
  fr: {
    next: 'Suivant',
    back: 'Retour',
    send: 'Envoyer',
    stop: 'Arrêter ici et envoyer mes réponses',
    stopHint: 'Vos réponses sont conservées.',
    progress: 'Page {n} sur {total}',
    required: 'obligatoire',
    language: 'Langue',
    thanks: 'Merci',
    stopped: 'Merci — nous avons conservé vos réponses.',
    optional: 'Facultatif',
    other: 'Autre',
    otherSay: 'Si autre, précisez',
    choose: 'Choisir…',
    notApplicable: 'Non applicable',
  },
  es: {
    next: 'Siguiente',
    back: 'Atrás',
    send: 'Enviar',
    stop: 'Terminar aquí y enviar mis respuestas',
    stopHint: 'Sus respuestas se conservan.',
    progress: 'Página {n} de {total}',
    required: 'obligatorio',
    language: 'Idioma',
    thanks: 'Gracias',
    stopped: 'Gracias — hemos guardado sus respuestas.',
    optional: 'Opcional',
    other: 'Otro',
    otherSay: 'Si es otro, indique cuál',
    choose: 'Elegir…',
    notApplicable: 'No aplica',
  },
  nl: {
    next: 'Volgende',
    back: 'Terug',
    send: 'Versturen',
    stop: 'Hier stoppen en mijn antwoorden versturen',
    stopHint: 'Uw antwoorden tot nu toe blijven bewaard.',
    progress: 'Pagina {n} van {total}',
    required: 'verplicht',
    language: 'Taal',
    thanks: 'Dank u wel',
    stopped: 'Dank u wel — we hebben uw antwoorden bewaard.',
    optional: 'Optioneel',
    other: 'Anders',
    otherSay: 'Indien anders, graag toelichten',
    choose: 'Kies…',
    notApplicable: 'Niet van toepassing',
  },
};

/** The page's words for a language: the survey's own ui.<key> texts, else Corridor's, else English. */
export function uiTexts(def: SurveyDefinition, language: string): UiTexts {
  const base = UI_TEXTS[language] ?? UI_TEXTS[language.split('-')[0] ?? ''] ?? EN;
  const own = def.translations?.[language];
  if (!own) return base;
  const out = { ...base };
  for (const key of UI_KEYS) {
    const v = own[`ui.${key}`];
    if (v) out[key] = v;
  }
  return out;
}
