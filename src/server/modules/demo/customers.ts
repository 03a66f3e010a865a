import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { getAccountQuadrants } from '../account-analytics/service.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import type { Random } from '../../../core/random.ts';
import type { AssessmentRating } from '../../db/schema.ts';

/**
 * The CRM side of HiTouch beyond names: revenue booked and potential for the fiscal year, key
 * accounts (about a quarter), each contact's time zone by region, a few opted-out and bounced
 * contacts, and the account teams' own assessments with their history. Accounts whose customers are
 * unhappy are often still rated "superior" by their team, so the perception gap shows.
 */

export interface DemoCustomerAccount {
  id: string;
  region: string;
  /** The account's own warmth (negative: its contacts lean to detractors). */
  effect: number;
  contactIds: string[];
  /** The account executive who owns it. */
  ownerId: string | null;
}

const between = (rnd: Random, min: number, max: number): number => min + rnd.next() * (max - min);

const ZONES: Record<string, string[]> = {
  'North America': ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Toronto'],
  Europe: ['Europe/London', 'Europe/Berlin', 'Europe/Zurich', 'Europe/Paris', 'Europe/Amsterdam'],
  'Asia Pacific': ['Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Hong_Kong'],
};

const NOTES: Record<AssessmentRating, string[]> = {
  superior: ['Strong relationship; renewal expected.', 'Sponsor is a fan of the platform.', 'Quarterly review went very well.'],
  good: ['Steady; a few open tickets.', 'Happy overall, watching pricing.'],
  fair: ['New sponsor, relationship still forming.', 'Some friction over invoicing.'],
  at_risk: ['Escalations unresolved; competitor in talks.', 'Sponsor left; no champion.'],
};

export async function enrichDemoCustomers(db: Db, rnd: Random, accounts: readonly DemoCustomerAccount[], now: Date): Promise<void> {
  const today = dayOf(now);
  const fy = `FY${now.getUTCFullYear()}`;
  for (const [i, a] of accounts.entries()) {
    const billed = (await db.selectFrom('accounts').select('billed_revenue').where('id', '=', a.id).executeTakeFirstOrThrow()).billed_revenue ?? 0;
    const key = i % 4 === 0;
    const owner = a.ownerId;
    await db
      .updateTable('accounts')
      .set({
        booked_revenue: Math.round(billed * between(rnd, 0.05, 0.4)),
        potential_revenue: Math.round(billed * (key ? between(rnd, 0.2, 1.2) : between(rnd, 0, 0.6))),
        revenue_period: fy,
        key_account: key,
        owner_user_id: owner,
      })
      .where('id', '=', a.id)
      .execute();
    const zones = ZONES[a.region] ?? ['UTC'];
    for (const [k, contactId] of a.contactIds.entries()) {
      const zone = zones[(i + k) % zones.length] ?? 'UTC';
      const optOut = rnd.chance(0.03);
      const bounce = !optOut && rnd.chance(0.02);
      await db
        .updateTable('contacts')
        .set({
          time_zone: zone,
          consent: rnd.chance(0.7) ? 'granted' : 'unknown',
          ...(optOut ? { opted_out_at: new Date(now.getTime() - rnd.int(5, 300) * 86_400_000), opt_out_source: 'import' } : {}),
          ...(bounce ? { bounce_state: 'hard' as const, bounced_at: new Date(now.getTime() - rnd.int(5, 200) * 86_400_000) } : {}),
        })
        .where('id', '=', contactId)
        .execute();
    }
    if (!key && rnd.chance(0.4)) continue;
    // Teams rate unhappy accounts "superior" more often than not: the gap the analysis shows.
    const current: AssessmentRating =
      a.effect < -0.12 ? rnd.weighted([['superior', 0.6], ['good', 0.3], ['fair', 0.1]] as const) : a.effect > 0.12 ? rnd.pick(['superior', 'superior', 'good'] as const) : rnd.pick(['good', 'good', 'fair', 'superior'] as const);
    const history = rnd.int(1, 3);
    const ratings: AssessmentRating[] = Array.from({ length: history - 1 }, () => rnd.pick(['good', 'fair', 'superior'] as const));
    ratings.push(current);
    const rows = ratings.map((rating, n) => ({
      account_id: a.id,
      rating,
      note: rnd.chance(0.7) ? rnd.pick(NOTES[rating]) : null,
      assessed_on: addDays(today, -((history - 1 - n) * rnd.int(80, 120) + rnd.int(3, 40))),
      author_user_id: owner,
      author_label: owner ? 'account executive' : 'account team',
      created_at: now,
    }));
    await db.insertInto('account_assessments').values(rows).execute();
  }
}

/**
 * After the responses: the account settings the demo's CX lead chose, and the account data that makes
 * the quadrant view tell the product's story. The summary index is the recommendation, the promise and
 * the parts of working with HiTouch; the survey's "how important is our brand" asks about importance,
 * not about how HiTouch does, so it is left out. Accounts whose scores fell into At-Risk this quarter are
 * key accounts (the periodic programme's population), and the teams of the least happy key accounts
 * rated them "superior" last month: the perception gap the analysis exists to show.
 */
export async function shapeDemoAccountAnalytics(svc: Services, actor: Actor, companyId: string, now: Date): Promise<void> {
  const items = [{ key: 'nps', min: 0, max: 10 }, { key: 'promise', min: 1, max: 5 }, ...['account_mgmt', 'onboarding', 'portal', 'support', 'invoicing'].map((r) => ({ key: `touchpoints.${r}`, min: 1, max: 5 }))];
  const settings = { summaryIndex: { items: items.map((i) => ({ ...i, weight: i.key === 'nps' ? 2 : 1 })) }, surveyIds: null, scoreTarget: 70, revenueThreshold: null, roleWeights: {}, windowDays: 365 };
  await svc.db.insertInto('account_analytics_settings').values({ company_id: companyId, settings: JSON.stringify(settings), updated_at: now, updated_by: 'demo' }).execute();
  const view = await getAccountQuadrants(svc, actor, {});
  const movers = view.movers.slice(0, 4);
  // Accounts invited this year that never answered are key accounts too: the silence the analysis finds.
  const unscored = view.accounts.filter((a) => a.quadrant === null).map((a) => a.id);
  const invited = unscored.length === 0 ? [] : await svc.db.selectFrom('invitations').select('account_id').distinct().where('account_id', 'in', unscored).where('status', '=', 'sent').where('sent_at', '>=', new Date(now.getTime() - 365 * 86_400_000)).execute();
  const key = [...movers, ...invited.flatMap((i) => (i.account_id ? [i.account_id] : []))];
  if (key.length > 0) await svc.db.updateTable('accounts').set({ key_account: true }).where('id', 'in', key).execute();
  const keyAccounts = view.accounts.filter((a) => (a.keyAccount || movers.includes(a.id)) && a.summaryIndex !== null && a.owner);
  const unhappy = [...keyAccounts].sort((a, b) => (a.summaryIndex ?? 0) - (b.summaryIndex ?? 0)).slice(0, 5);
  const today = dayOf(now);
  const rows = unhappy.map((a, k) => ({
    account_id: a.id,
    rating: 'superior' as const,
    note: NOTES.superior[k % NOTES.superior.length] ?? null,
    assessed_on: addDays(today, -(10 + 6 * k)),
    author_user_id: a.owner?.id ?? null,
    author_label: 'account executive',
    created_at: now,
  }));
  if (rows.length > 0) await svc.db.insertInto('account_assessments').values(rows).execute();
}
