import type { Db } from '../../db/connect.ts';
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
      a.effect < -0.12 ? (rnd.chance(0.6) ? 'superior' : rnd.pick(['fair', 'at_risk'] as const)) : a.effect > 0.12 ? rnd.pick(['superior', 'superior', 'good'] as const) : rnd.pick(['good', 'good', 'fair', 'superior'] as const);
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
