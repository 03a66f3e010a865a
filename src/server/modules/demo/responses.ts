import { addDays, dayOf } from '../../../core/dates.ts';
import type { Random } from '../../../core/random.ts';
import type { ImportRow } from '../responses/import.ts';
import type { AUDIENCE_ROLES, MARKETS } from './data.ts';
import { COMMENTS, DRIVER_WEIGHTS, TOUCH_POINT_ROWS } from './data.ts';
import { MARKET_COMMENTS, MARKET_SERVICE_COMMENTS } from './verbatim-words.ts';

/** What the response generator needs of an account. */
export interface RespondingAccount {
  id: string;
  unit: { id: string };
  market: (typeof MARKETS)[number];
  region: string;
  name: string;
  /** The account's own warmth, so some accounts are clearly happier than others. */
  effect: number;
  contacts: { id: string; name: string; role: (typeof AUDIENCE_ROLES)[number] }[];
}

/** Which demo survey a response answers: the relationship survey, or one of the transactional ones (shaped as the service survey). */
export type DemoSurveyShape = 'relationship' | 'service';

/**
 * HiTouch's product lines and the channels a service request comes in by. `lean` tilts who ends up in
 * the segment: positive leans draw promoters, negative leans detractors, so the segments differ.
 */
export const PRODUCT_LINES = [
  { name: 'Payments', lean: 0.3 },
  { name: 'Risk reporting', lean: -0.35 },
  { name: 'Treasury', lean: 0.1 },
  { name: 'Custody', lean: 0 },
  { name: 'Market data', lean: -0.15 },
] as const;
export const REQUEST_CHANNELS = [
  { name: 'phone', lean: -0.3 },
  { name: 'portal', lean: 0.2 },
  { name: 'chat', lean: 0.1 },
  { name: 'email', lean: -0.05 },
] as const;

/**
 * Last month's incident: Banking's service desk moved to a new ticketing platform, and its service
 * requests went badly (fewer promoters, more effort), so the month's review has a real problem to
 * show. Only the shape of service answers moves; no random draw is added or skipped, so every other
 * number of the demo stays as it was.
 */
const INCIDENT = { market: 'Banking', latent: -0.2, effort: -0.3 } as const;

/** What Banking's customers said of last month's service requests (one pick, as from the usual lists). */
const INCIDENT_COMMENTS = {
  passive: ['Solved in the end, but the new ticket portal lost my first request.', 'The new ticket numbers confused everyone; it took two calls.'],
  detractor: [
    'Since the new ticketing system nobody can find the history of our case.',
    'My ticket was closed by the new system before anyone looked at it.',
    'Waited four days for a reply to an urgent settlement issue after the change of system.',
    'I had to explain the problem three times; the new portal had none of our details.',
  ],
} as const;

/** Whether an instant lies in the last complete month before now (UTC). */
function inLastMonth(at: Date, now: Date): boolean {
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return at.getTime() >= first && at.getTime() < end;
}

type Band = 'promoter' | 'passive' | 'detractor';
const bandOf = (score: number): Band => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/**
 * Responses spread over the two years before today, scores shaped by market, trend, role and account,
 * one at a time so any number of them can be streamed. `rnd` decides everything the demo always had;
 * `segments` (a source of its own) only picks the product line and request channel, from the score
 * already drawn, so adding them left every earlier number of the demo as it was.
 */
export function* generateResponses(
  rnd: Random,
  segments: Random,
  accounts: readonly RespondingAccount[],
  count: number,
  now: Date,
  survey: DemoSurveyShape,
  /** The service survey asks for satisfaction (CSAT) too; the other transactional surveys do not. */
  surveyHasSatisfaction = false,
): Generator<Omit<ImportRow, 'line'>> {
  const start = Date.parse(`${addDays(dayOf(now), -729)}T00:00:00Z`);
  const span = now.getTime() - start;
  for (let i = 0; i < count; i++) {
    const account = rnd.pick(accounts);
    const contact = rnd.pick(account.contacts);
    // Service volume grows over the two years; relationship answers are spread evenly.
    const u = survey === 'service' ? Math.sqrt(rnd.next()) : rnd.next();
    const at = new Date(start + u * span);
    const years = (at.getTime() - start) / (365 * 86_400_000) - 1;
    const incident = survey === 'service' && account.market.name === INCIDENT.market && inLastMonth(at, now);
    const latent = account.market.base + account.market.drift * years + contact.role.lift + account.effect + (survey === 'service' ? -0.05 : 0) + (incident ? INCIDENT.latent : 0);
    // A relationship answer is driven by how each touch point went for this respondent (drawn from a
    // source of its own, so every other draw stays as it was), weighted by what matters in the market.
    const experience = survey === 'relationship' ? TOUCH_POINT_ROWS.map(() => segments.normal(0, 0.5)) : null;
    const weights = DRIVER_WEIGHTS[account.market.name];
    const drive = experience ? TOUCH_POINT_ROWS.reduce((sum, row, k) => sum + weights[row.id] * (experience[k] ?? 0), 0) : 0;
    const score = Math.max(0, Math.min(10, Math.round(7.3 + 4 * (latent + drive) + rnd.normal(0, experience ? 1.3 : 1.9))));
    const band = bandOf(score);
    const answers: Record<string, string | number> = { nps: score };
    const commentChance = band === 'detractor' ? 0.75 : band === 'passive' ? 0.5 : 0.45;
    if (rnd.next() < commentChance) {
      // The words depend on the market; each pick is one draw, as before, so every number stays as it was.
      if (survey === 'service') {
        answers['comment'] = rnd.pick(incident && band !== 'promoter' ? INCIDENT_COMMENTS[band] : MARKET_SERVICE_COMMENTS[account.market.name][band]);
      } else {
        const closing = rnd.pick(COMMENTS.closing[band]);
        const words = MARKET_COMMENTS[account.market.name][band];
        answers['comment'] = closing ? `${rnd.pick(words)} ${closing}` : rnd.pick(words);
      }
    }
    const scale = (lift: number, min: number, max: number) => Math.max(min, Math.min(max, Math.round((min + max) / 2 + (max - min) * 0.45 * (latent + lift) + rnd.normal(0, 0.8))));
    if (survey === 'service') {
      if (rnd.chance(0.9)) answers['effort'] = scale(0.05 + (incident ? INCIDENT.effort : 0), 1, 7);
      // Satisfaction follows the score and the effort (no draw of its own, so every other answer stays as it was).
      if (surveyHasSatisfaction) answers['satisfaction'] = satisfactionOf(score, answers['effort']);
      answers['ticket'] = `SR-${String(rnd.int(100_000, 999_999))}`;
    } else {
      Object.assign(answers, relationshipAnswers(rnd, band, contact.role.role, scale, experience ?? [], drive));
    }
    const attributes: Record<string, string> = { market: account.market.name, region: account.region, account: account.name, audience_role: contact.role.role };
    attributes['product'] = leaningPick(segments, PRODUCT_LINES, score);
    if (survey === 'service') attributes['request_channel'] = leaningPick(segments, REQUEST_CHANNELS, score);
    yield {
      answers,
      unitId: account.unit.id,
      accountId: account.id,
      contactId: contact.id,
      submittedAt: at,
      channel: survey === 'service' ? 'email' : 'link',
      audience: contact.role.role,
      attributes,
    };
  }
}

/** CSAT 1–5 of a service answer: mostly the recommendation score, partly the effort (1–7) when given. */
export function satisfactionOf(score: number, effort: string | number | undefined): number {
  const fromScore = 1 + (4 * score) / 10;
  const value = typeof effort === 'number' ? 0.7 * fromScore + 0.3 * (1 + (4 * (effort - 1)) / 6) : fromScore;
  return Math.max(1, Math.min(5, Math.round(value)));
}

/** A segment for a response with this score: each weighs exp(lean × how far the score is from 7.5). */
function leaningPick(rnd: Random, items: readonly { name: string; lean: number }[], score: number): string {
  const x = (score - 7.5) / 2.5;
  return rnd.weighted(items.map((s) => [s.name, Math.exp(s.lean * x)] as const));
}

type Scale = (lift: number, min: number, max: number) => number;

/** The relationship survey's answers past the score, as the survey's logic asks them of this role. */
function relationshipAnswers(rnd: Random, band: Band, role: string, scale: Scale, experience: readonly number[], drive: number): Record<string, string | number> {
  const out: Record<string, string | number> = { role };
  if (band === 'detractor' && rnd.chance(0.8)) {
    // The touch point that leans lowest is named most often.
    out['fix_first'] = rnd.weighted(TOUCH_POINT_ROWS.map((r) => [r.id, 1 - r.lift * 3] as const));
  }
  out['promise'] = scale(drive, 1, 5);
  if (role === 'executive' || role === 'purchasing_agent') {
    if (rnd.chance(0.9)) out['brand_importance'] = Math.max(1, Math.min(5, Math.round(3.6 + rnd.normal(0, 0.9))));
    if (rnd.chance(0.9)) out['promise_kept'] = band === 'promoter' ? rnd.weighted([['yes', 0.75], ['partly', 0.22], ['no', 0.03]]) : band === 'passive' ? rnd.weighted([['yes', 0.3], ['partly', 0.55], ['no', 0.15]]) : rnd.weighted([['yes', 0.05], ['partly', 0.4], ['no', 0.55]]);
  }
  // About a third open the "tell us more" section.
  if (rnd.chance(0.35)) {
    TOUCH_POINT_ROWS.forEach((row, k) => {
      if (rnd.chance(0.92)) out[`touchpoints.${row.id}`] = scale(row.lift + (experience[k] ?? 0), 1, 5);
    });
    if (rnd.chance(0.4)) out['wish'] = rnd.pick(WISHES);
  }
  return out;
}

const WISHES = [
  'A single contact who knows our history.',
  'Tell us about changes before they reach our invoices.',
  'Faster onboarding of new entities.',
  'A reporting portal that does not slow down at quarter-end.',
  'Quarterly reviews with someone senior.',
  'Clearer invoices that match the contract line by line.',
];
