import type { SurveyDefinitionInput } from '../../../core/survey-definition.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import { computeNps, countNpsBands, mergeHistograms } from '../../../core/nps.ts';
import type { Random } from '../../../core/random.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { loadHistogramsByKey } from '../dashboard/queries.ts';
import { importResponses } from '../responses/import.ts';
import { findLiveSurvey } from '../responses/service.ts';
import { createSurvey, publishSurvey } from '../surveys/service.ts';
import type { UnitRow } from '../units/service.ts';

export const EMPLOYEE_SLUG = 'hitouch-engagement-pulse';

export const EMPLOYEE_SURVEY: SurveyDefinitionInput = {
  intro: 'Five questions about working at HiTouch. Answers are anonymous and reported by region only.',
  thankYou: 'Thank you. Results are shared with every team.',
  questions: [
    { id: 'enps', type: 'nps', text: 'How likely are you to recommend HiTouch as a place to work?', required: true },
    { id: 'proud', type: 'rating', text: 'I am proud to work for HiTouch.', min: 1, max: 5, lowLabel: 'Disagree', highLabel: 'Agree' },
    { id: 'tools', type: 'rating', text: 'I have what I need to do my job well.', min: 1, max: 5, lowLabel: 'Disagree', highLabel: 'Agree' },
    { id: 'customers', type: 'rating', text: 'My team is given the time to put customers first.', min: 1, max: 5, lowLabel: 'Disagree', highLabel: 'Agree' },
    { id: 'future', type: 'rating', text: 'I see a future for myself here.', min: 1, max: 5, lowLabel: 'Disagree', highLabel: 'Agree' },
    { id: 'comment', type: 'text', text: 'What one thing would make HiTouch a better place to work?' },
  ],
};

const COMMENTS = {
  promoter: ['Keep the quarterly customer days: meeting clients makes the work real.', 'More of the cross-market projects, please.', 'The new onboarding was great.'],
  passive: ['Fewer internal meetings, more time with customers.', 'Clearer career paths outside management.', 'The ticket tool is slow at month end.'],
  detractor: ['We are understaffed since the reorganisation; customers wait and we take the blame.', 'Targets change every quarter and nobody explains why.', 'Our tools crash during client calls.'],
} as const;

/** Each region's customer NPS over the last year, from the rollups of the customer surveys. */
async function customerNpsByRegion(svc: Services, surveyIds: readonly string[], regions: readonly UnitRow[]): Promise<Map<string, number>> {
  const to = dayOf(svc.now());
  const from = addDays(to, -364);
  const out = new Map<string, number>();
  for (const r of regions) {
    const hs: Record<string, number>[] = [];
    for (const id of surveyIds) {
      const h = (await loadHistogramsByKey(svc.db, id, ['nps'], from, { all: false, unitPath: r.path }, to)).get('nps');
      if (h) hs.push(h);
    }
    out.set(r.id, computeNps(countNpsBands(mergeHistograms(hs))).score ?? 0);
  }
  return out;
}

/**
 * The employee engagement pulse: one survey of kind employee, answered twice in the last year by 25
 * to 45 people in each region. A region's eNPS leans on its customers' NPS (engaged teams, loyal
 * customers) with a spread of its own, so the two correlate moderately across the nine regions.
 */
export async function createEmployeePulse(svc: Services, actor: Actor, rnd: Random, regions: readonly UnitRow[], customerSurveyIds: readonly string[]): Promise<number> {
  const created = await createSurvey(svc, actor, { title: 'HiTouch engagement pulse', slug: EMPLOYEE_SLUG, kind: 'employee', definition: EMPLOYEE_SURVEY });
  await publishSurvey(svc, actor, created.id);
  const live = await findLiveSurvey(svc, EMPLOYEE_SLUG);
  const customer = await customerNpsByRegion(svc, customerSurveyIds, regions);
  const mean = [...customer.values()].reduce((a, b) => a + b, 0) / Math.max(1, customer.size);
  const rows: Parameters<typeof importResponses>[2][number][] = [];
  for (const region of regions) {
    // The region's own leaning: most of its customers' distance from the average, plus a story of its own.
    const target = 10 + 0.6 * ((customer.get(region.id) ?? mean) - mean) + rnd.normal(0, 8);
    const people = rnd.int(25, 45);
    for (const daysAgo of [160, 40]) {
      for (let i = 0; i < people; i++) {
        if (!rnd.chance(0.85)) continue; // not everyone answers every wave
        const p = Math.max(0.05, Math.min(0.8, 0.32 + target / 200));
        const d = Math.max(0.05, Math.min(0.8, 0.32 - target / 200));
        const u = rnd.next();
        const band = u < p ? 'promoter' : u < p + d ? 'detractor' : 'passive';
        const enps = band === 'promoter' ? rnd.int(9, 10) : band === 'passive' ? rnd.int(7, 8) : rnd.int(2, 6);
        const lean = band === 'promoter' ? 4.3 : band === 'passive' ? 3.6 : 2.6;
        const item = (shift: number) => Math.max(1, Math.min(5, Math.round(lean + shift + rnd.normal(0, 0.7))));
        const answers: Record<string, string | number> = { enps, proud: item(0.2), tools: item(-0.3), customers: item(-0.1), future: item(-0.2) };
        if (rnd.chance(band === 'detractor' ? 0.6 : 0.3)) answers['comment'] = rnd.pick(COMMENTS[band]);
        rows.push({ answers, unitId: region.id, submittedAt: new Date(svc.now().getTime() - (daysAgo + rnd.int(0, 9)) * 86_400_000), channel: 'link' });
      }
    }
  }
  await importResponses(svc, live, rows);
  return rows.length;
}
