import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { knownAnswers, validatePage, type AnswerError, type Answers } from '../../../core/answers.ts';
import { DEFAULT_ENDING, nextStep, pagesOf, walk, type Respondent } from '../../../core/logic.ts';
import { languageOf, type SurveyDefinition } from '../../../core/survey-definition.ts';
import { chooseLanguage, localize, pipeText, uiTexts } from '../../../core/texts.ts';
import type { Services } from '../../context.ts';
import { isUniqueViolation } from '../../db/connect.ts';
import { findPersonalLink, findPersonalLinkById, respondentOf, type PersonalLink } from '../links/service.ts';
import { AnswersRejectedError, submitResponse, type LiveSurvey } from '../responses/service.ts';
import type { FormValues } from './fields.ts';
import { answersBefore, buildPage, type Visit } from './page-model.ts';
import { emailQuestionOf, pickedValue } from '../../email/first-question.ts';
import { markInvitationOpened, markInvitationStarted } from './invitation-marks.ts';
import { createSession, findLinkSession, findSession, linkAnswered, saveSession, takeOverSession, type SessionRow, type SessionState } from './sessions.ts';
import type { EndingModel, Nonces, PageModel } from './view.ts';

/**
 * The respondent's way through a survey, page by page, with JavaScript or without: where they start,
 * what each sent page does (next, back, stop here, decline a "tell us more" section), when their
 * answers are kept (a session from the second page on, so they can resume) and stored (at the end,
 * or when they stop). The server evaluates the logic of every page; nothing not asked is stored.
 */

export type Outcome =
  | { type: 'page'; status: number; model: PageModel; session?: string }
  | { type: 'redirect'; to: string; session?: string; done?: boolean }
  | { type: 'ending'; status: number; model: EndingModel }
  | { type: 'message'; status: number; title: string; text: string };

/** What a respondent's request brings: the survey, the page's nonces, the browser's language and cookies. */
export interface Arrival {
  survey: LiveSurvey;
  nonce: Nonces;
  acceptLanguage: string | undefined;
  /** The session token from the cookie, when there is one. */
  cookieSession: string | undefined;
  /** The respondent answered this survey on this browser before (anonymous duplicate protection). */
  answeredBefore: boolean;
  /** A draft preview: nothing is stored, the state travels in the form. */
  preview?: { token: string };
}

type Fields = Readonly<Record<string, string | string[] | undefined>>;

const AUDIENCE = /^[a-z][a-z0-9_]{0,59}$/;
const HIDDEN_MAX = 500;

function text(fields: Fields, name: string): string | undefined {
  const v = fields[name];
  return Array.isArray(v) ? v.at(-1) : v;
}

/** Hidden fields' values from the link's query string or the first page's form (?<id>=value). */
function hiddenValues(def: SurveyDefinition, fields: Fields, prefix: string): Answers {
  const out: Answers = {};
  for (const q of def.questions) {
    const v = q.type === 'hidden' ? text(fields, prefix + q.id) : undefined;
    if (v !== undefined && v.trim() !== '') out[q.id] = v.trim().slice(0, HIDDEN_MAX);
  }
  return out;
}

function firstPage(visit: Visit): string {
  const def = visit.survey.definition;
  const k = knownAnswers(def, visit.respondent);
  const step = nextStep(def, -1, { ...visit.answers, ...k.answers }, visit.respondent, k.ids);
  return 'page' in step ? step.page.id : (pagesOf(def)[0]?.id ?? '');
}

/** A new visit: from a personal link or anonymous, in the best language, with the link's hidden fields. */
function freshVisit(survey: LiveSurvey, link: PersonalLink | null, fields: Fields, hiddenPrefix: string, req: Arrival): Visit {
  const def = survey.definition;
  const aud = text(fields, hiddenPrefix === '' ? 'audience' : 'aud');
  const language = chooseLanguage(def, text(fields, 'lang') ?? link?.locale, req.acceptLanguage);
  const respondent = respondentOf(link, aud && AUDIENCE.test(aud) ? aud : null, language);
  const seed = text(fields, 'seed');
  const visit: Visit = {
    survey,
    respondent,
    answers: hiddenValues(def, fields, hiddenPrefix),
    history: [],
    seed: seed && /^[A-Za-z0-9_-]{8,32}$/.test(seed) ? seed : randomBytes(9).toString('base64url'),
    preview: req.preview !== undefined,
  };
  visit.history = [firstPage(visit)];
  return visit;
}

async function visitOfSession(svc: Services, survey: LiveSurvey, s: SessionState): Promise<{ visit: Visit; link: PersonalLink | null }> {
  // A session answers the version it started on, even after a republish.
  const def = s.versionId === survey.versionId ? survey.definition : await svc.liveSurveys.definition(s.versionId);
  const link = s.personalLinkId ? await findPersonalLinkById(svc, s.personalLinkId) : null;
  const pinned: LiveSurvey = { ...survey, versionId: s.versionId, definition: def };
  const visit: Visit = { survey: pinned, respondent: respondentOf(link, s.audience, s.language), answers: s.answers, history: s.history.length > 0 ? s.history : [''], seed: s.seed, preview: false };
  return { visit, link };
}

async function placeOfSession(svc: Services, survey: LiveSurvey, s: SessionRow): Promise<Place> {
  return { ...(await visitOfSession(svc, survey, s)), session: s };
}

interface Place {
  visit: Visit;
  session: SessionRow | null;
  link: PersonalLink | null;
  /** The personal link's token, carried in the form until a session takes over. */
  linkToken?: string;
  /**
   * The visit is a personal link's open session, shown to a GET of the link without taking it: the
   * form carries the link's token, and posting the page takes the session over.
   */
  linkSession?: boolean;
  /** This request took the session over: the page sets this device's cookie. */
  takenOver?: boolean;
}

/** The form fields that carry the state of a visit. */
function stateFields(place: Place, req: Arrival): Record<string, string> {
  const { visit, session, link } = place;
  const page = visit.history.at(-1) ?? '';
  if (visit.preview) {
    const state = Buffer.from(JSON.stringify({ a: visit.answers, h: visit.history, s: visit.seed, l: visit.respondent.language, u: visit.respondent.audience })).toString('base64url');
    return { p: page, state };
  }
  if (session) return { p: page, s: session.token };
  if (place.linkSession && place.linkToken) return { p: page, t: place.linkToken, lang: visit.respondent.language };
  const out: Record<string, string> = { v: String(req.survey.versionNumber), p: page, seed: visit.seed, lang: visit.respondent.language };
  if (link && place.linkToken) out['t'] = place.linkToken;
  if (!link && visit.respondent.audience) out['aud'] = visit.respondent.audience;
  for (const q of visit.survey.definition.questions) {
    const v = visit.answers[q.id];
    if (q.type === 'hidden' && typeof v === 'string') out[`q_${q.id}`] = v;
  }
  return out;
}

function action(req: Arrival): string {
  return req.preview ? `/s/preview/${req.preview.token}` : `/s/${req.survey.slug}`;
}

/**
 * The answer an invitation's email chose (`?pick=<n>`), as form values for the first page: only for
 * the email's question, on the page the visit starts on, and only a value on its scale.
 */
function pickedValues(visit: Visit, fields: Fields): FormValues | undefined {
  const q = emailQuestionOf(visit.survey.definition, visit.respondent);
  const v = q ? pickedValue(q, text(fields, 'pick')) : null;
  if (!q || v === null) return undefined;
  const page = pagesOf(visit.survey.definition).find((p) => p.id === visit.history.at(-1));
  return page?.questions.some((x) => x.id === q.id) ? { [q.id]: String(v) } : undefined;
}

function showPage(place: Place, req: Arrival, status: number, extra: { values?: FormValues; errors?: readonly AnswerError[]; notice?: string } = {}): Outcome {
  const state = stateFields(place, req);
  const base = action(req);
  const model = buildPage(place.visit, {
    pageId: place.visit.history.at(-1) ?? '',
    nonce: req.nonce,
    action: base,
    state,
    ...(extra.values ? { values: extra.values } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.notice ? { notice: extra.notice } : {}),
    languageHref: (code) => {
      const q = new URLSearchParams({ lang: code });
      if (place.session) q.set('s', place.session.token);
      else if (place.link && place.linkToken) q.set('t', place.linkToken);
      return `${base}?${q.toString()}`;
    },
  });
  return { type: 'page', status, model, ...(place.takenOver && place.session ? { session: place.session.token } : {}) };
}

const ALREADY = { title: 'You have answered already', text: 'This survey takes one answer from you, and we have it. Thank you!' };

/** GET /s/<slug>: resume a session, open a personal link, or start. */
export async function openSurvey(svc: Services, req: Arrival, query: Fields): Promise<Outcome> {
  const { survey } = req;
  const token = text(query, 's') ?? req.cookieSession;
  if (token && !req.preview) {
    const session = await findSession(svc, survey.surveyId, token);
    if (session?.responseId) return { type: 'redirect', to: `/s/${survey.slug}/thanks?s=${encodeURIComponent(token)}` };
    if (session) {
      const place = await placeOfSession(svc, survey, session);
      const lang = text(query, 'lang');
      if (lang) {
        session.language = chooseLanguage(place.visit.survey.definition, lang, undefined);
        place.visit.respondent = { ...place.visit.respondent, language: session.language };
        await saveSession(svc, session);
      }
      return showPage(place, req, 200);
    }
  }
  const linkToken = text(query, 't');
  let link: PersonalLink | null = null;
  if (linkToken && !req.preview) {
    link = await findPersonalLink(svc, survey.surveyId, linkToken);
    if (!link) return { type: 'message', status: 404, title: 'This link does not work', text: 'It may be mistyped or replaced by a newer one. Ask whoever sent it for a new link.' };
    // The only thing a GET writes: when an invitation's link was first opened (mail scanners open it too).
    await markInvitationOpened(svc, link.id);
    if (await linkAnswered(svc, link.id)) return { type: 'message', status: 200, ...ALREADY };
    // An open session of the link (begun on another device, or a scanner's GET after the person began):
    // shown where it stands, and taken over only when this page is posted, so a GET changes nothing.
    const open = await findLinkSession(svc, link.id);
    if (open) {
      const { visit } = await visitOfSession(svc, survey, open);
      const lang = text(query, 'lang');
      if (lang) visit.respondent = { ...visit.respondent, language: chooseLanguage(visit.survey.definition, lang, undefined) };
      return showPage({ visit, session: null, link, linkToken, linkSession: true }, req, 200);
    }
  } else if (req.answeredBefore && !req.preview) {
    return { type: 'message', status: 200, ...ALREADY };
  }
  const visit = freshVisit(survey, link, query, '', req);
  const picked = pickedValues(visit, query);
  return showPage({ visit, session: null, link, ...(link && linkToken ? { linkToken } : {}) }, req, 200, picked ? { values: picked } : {});
}

/** The answers of this page's questions from the form, and everything else posted. */
function raw(def: SurveyDefinition, body: Fields): Record<string, string | string[]> {
  const lists = new Set(def.questions.filter((q) => q.type === 'multi').map((q) => q.id));
  const hidden = new Set(def.questions.filter((q) => q.type === 'hidden').map((q) => q.id));
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('q_') || value === undefined) continue;
    const key = name.slice(2);
    if (hidden.has(key)) continue;
    if (lists.has(key)) out[key] = Array.isArray(value) ? value : [value];
    else out[key] = Array.isArray(value) ? (value.at(-1) ?? '') : value;
  }
  return out;
}

const PreviewState = z.object({
  a: z.record(z.string().max(120), z.union([z.number(), z.string().max(10_000), z.boolean(), z.array(z.string().max(500)).max(60)])),
  h: z.array(z.string().max(40)).min(1).max(60),
  s: z.string().max(40),
  l: z.string().max(20),
  u: z.string().max(60).nullable(),
});

/** A preview's state from its form field; anything unreadable starts the preview over. */
function readPreviewState(field: string | undefined): z.infer<typeof PreviewState> | null {
  try {
    const parsed = PreviewState.safeParse(JSON.parse(Buffer.from(field ?? '', 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function placeOfPost(svc: Services, req: Arrival, body: Fields): Promise<Place | Outcome> {
  const { survey } = req;
  if (req.preview) {
    const s = readPreviewState(text(body, 'state'));
    if (!s) return { visit: freshVisit(survey, null, {}, '', req), session: null, link: null };
    const respondent: Respondent = { contact: {}, account: {}, audience: s.u, language: chooseLanguage(survey.definition, s.l, undefined) };
    return { visit: { survey, respondent, answers: s.a, history: s.h, seed: s.s, preview: true }, session: null, link: null };
  }
  const token = text(body, 's');
  if (token) {
    const session = await findSession(svc, survey.surveyId, token);
    if (!session) return { type: 'message', status: 410, title: 'This survey session has ended', text: 'Open the survey link again to answer.' };
    if (session.responseId) return { type: 'redirect', to: `/s/${survey.slug}/thanks?s=${encodeURIComponent(token)}` };
    return placeOfSession(svc, survey, session);
  }
  const linkToken = text(body, 't');
  const link = linkToken ? await findPersonalLink(svc, survey.surveyId, linkToken) : null;
  if (linkToken && !link) return { type: 'message', status: 404, title: 'This link does not work', text: 'Ask whoever sent it for a new link.' };
  if (link && (await linkAnswered(svc, link.id))) return { type: 'message', status: 200, ...ALREADY };
  if (link) await markInvitationStarted(svc, link.id);
  if (link) {
    const taken = await takeLinkSession(svc, req, link, text(body, 'lang'));
    if (taken) return taken;
  }
  return { visit: freshVisit(survey, link, body, 'q_', req), session: null, link, ...(link && linkToken ? { linkToken } : {}) };
}

/**
 * A page posted with a personal link's token when the link has an open session: this browser's own
 * session (its cookie) continues; any other device takes the session over, and the first device's
 * token stops working.
 */
async function takeLinkSession(svc: Services, req: Arrival, link: PersonalLink, lang: string | undefined): Promise<Place | null> {
  const { survey } = req;
  const cookie = req.cookieSession ? await findSession(svc, survey.surveyId, req.cookieSession) : null;
  let session: SessionRow;
  let takenOver = false;
  if (cookie && cookie.personalLinkId === link.id && !cookie.responseId) {
    session = cookie;
  } else {
    const open = await findLinkSession(svc, link.id);
    if (!open) return null;
    session = await takeOverSession(svc, open);
    takenOver = true;
  }
  const place: Place = { ...(await placeOfSession(svc, survey, session)), takenOver };
  if (lang) {
    session.language = chooseLanguage(place.visit.survey.definition, lang, undefined);
    place.visit.respondent = { ...place.visit.respondent, language: session.language };
  }
  return place;
}

/** POST /s/<slug>: one page sent. */
export async function sendPage(svc: Services, req: Arrival, body: Fields): Promise<Outcome> {
  const found = await placeOfPost(svc, req, body);
  if ('type' in found) return found;
  const place = found;
  const { visit } = place;
  const def = visit.survey.definition;
  if (!place.session && !req.preview && text(body, 'v') !== undefined && text(body, 'v') !== String(visit.survey.versionNumber)) {
    // The survey was republished while this person answered its first page: show the new version with their answers.
    return showPage(place, req, 409, { values: raw(def, body), notice: 'This survey was updated while you were answering. Please check your answers and send again.' });
  }
  const pages = pagesOf(def);
  // A post without a page (an older form, another system's simple post) is a post of the current page.
  const pageId = text(body, 'p') ?? visit.history.at(-1) ?? '';
  const at = visit.history.indexOf(pageId);
  if (at < 0) return showPage(place, req, 200, { notice: 'That page was sent already. Here is where you are.' });
  // The browser's back button may post an earlier page: continue from there.
  visit.history = visit.history.slice(0, at + 1);
  const index = pages.findIndex((p) => p.id === pageId);
  const page = pages[index];
  const posted = raw(def, body);
  const k = knownAnswers(def, visit.respondent);
  const before = page ? answersBefore(visit.answers, page) : visit.answers;
  const nav = text(body, 'nav') ?? 'next';
  const merge = (pageAnswers: Answers) => {
    visit.answers = { ...before, ...pageAnswers };
  };
  if (nav === 'back' || nav === 'stop') {
    const checked = validatePage(def, pageId, posted, before, { respondent: visit.respondent, partial: true });
    if (nav === 'back') {
      if (checked.ok) merge(checked.answers);
      if (visit.history.length > 1) visit.history.pop();
      return keep(svc, place, req);
    }
    if (!checked.ok) return showPage(place, req, 422, { values: posted, errors: checked.errors });
    merge(checked.answers);
    return finish(svc, place, req, true);
  }
  if (nav === 'skip' && page?.offer) {
    merge({});
  } else {
    const checked = validatePage(def, pageId, posted, before, { respondent: visit.respondent });
    // Without the script, a follow-up that this page's answers call for appears after sending.
    const shown = new Set((text(body, 'shown') ?? '').split(' ').filter(Boolean));
    const conditional = page?.questions.some((q) => q.showIf)
      ? buildPage(visit, { pageId, nonce: req.nonce, action: '', state: {}, values: posted, languageHref: () => '' }).conditional
      : new Map<string, boolean>();
    const appeared = [...conditional].filter(([id, on]) => on && !shown.has(id)).map(([id]) => id);
    if (appeared.length > 0) {
      const errors = checked.ok ? [] : checked.errors.filter((e) => !appeared.includes(e.questionId));
      return showPage(place, req, errors.length > 0 ? 422 : 200, { values: posted, errors, notice: 'Thank you. One more question about your answer is below.' });
    }
    if (!checked.ok) return showPage(place, req, 422, { values: posted, errors: checked.errors });
    merge(checked.answers);
  }
  const step = nextStep(def, index, { ...visit.answers, ...k.answers }, visit.respondent, k.ids);
  if ('ending' in step) return finish(svc, place, req, false);
  visit.history.push(step.page.id);
  return keep(svc, place, req);
}

/** Keeps the visit between pages: in its session (made on the first page sent), or in the preview's form. */
async function keep(svc: Services, place: Place, req: Arrival): Promise<Outcome> {
  const { visit } = place;
  if (visit.preview) return showPage(place, req, 200);
  let session = place.session;
  if (session) {
    session.answers = visit.answers;
    session.history = visit.history;
    session.language = visit.respondent.language;
    await saveSession(svc, session);
  } else {
    session = await createSession(svc, req.survey.surveyId, {
      versionId: visit.survey.versionId,
      unitId: place.link?.unitId ?? visit.survey.unitId,
      personalLinkId: place.link?.id ?? null,
      contactId: place.link?.contactId ?? null,
      accountId: place.link?.accountId ?? null,
      language: visit.respondent.language,
      audience: visit.respondent.audience,
      seed: visit.seed,
      answers: visit.answers,
      history: visit.history,
    });
  }
  return { type: 'redirect', to: `/s/${req.survey.slug}?s=${encodeURIComponent(session.token)}`, session: session.token };
}

/** Stores the response (complete, or partial when the respondent stopped) and shows its ending. */
async function finish(svc: Services, place: Place, req: Arrival, partial: boolean): Promise<Outcome> {
  const { visit, session, link } = place;
  const def = visit.survey.definition;
  const hidden = new Set(def.questions.filter((q) => q.type === 'hidden').map((q) => q.id));
  if (partial && Object.keys(visit.answers).every((key) => hidden.has(key))) {
    return { type: 'message', status: 200, title: 'Nothing was sent', text: 'You stopped before answering. You can open the link again at any time.' };
  }
  if (visit.preview) return { type: 'ending', status: 200, model: endingModel(visit, req, partial) };
  try {
    await submitResponse(svc, visit.survey, {
      answers: visit.answers,
      respondent: visit.respondent,
      partial,
      dropUnasked: true,
      language: visit.respondent.language,
      channel: link ? 'personal_link' : 'link',
      unitId: session?.unitId ?? link?.unitId ?? visit.survey.unitId,
      accountId: link?.accountId ?? null,
      contactId: link?.contactId ?? null,
      startedAt: session?.startedAt ?? null,
      sessionId: session?.id ?? null,
      personalLinkId: link?.id ?? null,
      pinnedVersion: session !== null,
    });
  } catch (err) {
    // A second send of the same session or personal link (a double click, a retry): stored once already.
    if (!(isUniqueViolation(err, 'responses_session_idx') || isUniqueViolation(err, 'responses_personal_link_idx'))) {
      if (err instanceof AnswersRejectedError) return showPage(place, req, 422, { errors: err.errors });
      throw err;
    }
  }
  const slug = req.survey.slug;
  if (session) return { type: 'redirect', to: `/s/${slug}/thanks?s=${encodeURIComponent(session.token)}`, done: true };
  const k = knownAnswers(def, visit.respondent);
  const ending = partial ? 'stopped' : walk(def, { ...visit.answers, ...k.answers }, visit.respondent, k.ids).ending.id;
  const q = new URLSearchParams();
  if (ending !== DEFAULT_ENDING) q.set('e', ending);
  if (visit.respondent.language !== languageOf(def)) q.set('lang', visit.respondent.language);
  return { type: 'redirect', to: `/s/${slug}/thanks${q.size > 0 ? `?${q.toString()}` : ''}`, done: true };
}

function endingModel(visit: Visit, req: Arrival, partial: boolean, endingId?: string): EndingModel {
  const r = visit.respondent;
  const def = localize(visit.survey.definition, r.language, r.audience);
  const ui = uiTexts(def, r.language);
  const k = knownAnswers(def, r);
  const all = { ...visit.answers, ...k.answers };
  const ending = endingId !== undefined ? ((def.endings ?? []).find((e) => e.id === endingId) ?? { id: DEFAULT_ENDING, text: def.thankYou }) : walk(def, all, r, k.ids).ending;
  return {
    surveyTitle: visit.survey.title,
    brand: visit.survey.companyName,
    nonce: req.nonce,
    lang: r.language,
    theme: def.theme,
    heading: ui.thanks,
    text: partial ? ui.stopped : pipeText(ending.text, def, all, r),
  };
}

/** GET /s/<slug>/thanks: the ending of a session's response, or the one named in the address. */
export async function showEnding(svc: Services, req: Arrival, query: Fields): Promise<Outcome> {
  const { survey } = req;
  const token = text(query, 's');
  if (token) {
    const session = await findSession(svc, survey.surveyId, token);
    if (session?.responseId) {
      const { visit } = await placeOfSession(svc, survey, session);
      return { type: 'ending', status: 200, model: endingModel(visit, req, session.responseStatus === 'partial') };
    }
  }
  const def = survey.definition;
  const language = chooseLanguage(def, text(query, 'lang') ?? languageOf(def), req.acceptLanguage);
  const visit: Visit = { survey, respondent: { contact: {}, account: {}, audience: null, language }, answers: {}, history: [], seed: '', preview: false };
  const e = text(query, 'e');
  return { type: 'ending', status: 200, model: endingModel(visit, req, e === 'stopped', e === 'stopped' ? undefined : (e ?? 'thanks')) };
}
