import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import type { SurveyDefinitionInput } from '../../../core/survey-definition.ts';
import type { Actor } from '../auth/actor.ts';
import { importResponses, type ImportRow } from '../responses/import.ts';
import { findLiveSurvey } from '../responses/service.ts';
import { createSurvey, publishSurvey } from '../surveys/service.ts';
import { createUnit, type UnitRow } from '../units/service.ts';
import { createUser } from '../users/service.ts';
import { ACCOUNT_WORDS, AUDIENCE_ROLES, COMMENTS, FIRST_NAMES, LAST_NAMES, MARKETS, REGIONS, SERVICE_COMMENTS } from './data.ts';
import { createRandom, type Random } from '../../../core/random.ts';

/**
 * HiTouch, the demo company, built through the same service functions users call, so it grows with
 * every capability. Deterministic: the same seed and date give the same company.
 */

export const DEMO_COMPANY = 'HiTouch';
export const DEMO_PASSWORD = 'hitouch-demo';
export const DEMO_ADMIN_EMAIL = 'admin@hitouch.example';
export const DEMO_SLUGS = { relationship: 'hitouch-relationship', service: 'hitouch-service' } as const;

export interface DemoOptions {
  /** Total responses over two years, split between the relationship (1/4) and service (3/4) surveys. */
  responses?: number;
  accounts?: number;
  seed?: number;
  onProgress?: (step: string) => void;
}

export interface DemoResult {
  created: boolean;
  adminEmail: string;
  password: string;
  responses: number;
}

interface DemoAccount {
  id: string;
  unit: UnitRow;
  market: (typeof MARKETS)[number];
  region: string;
  name: string;
  /** The account's own warmth, so some accounts are clearly happier than others. */
  effect: number;
  contacts: { id: string; role: (typeof AUDIENCE_ROLES)[number] }[];
}

export async function demoExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').where('kind', '=', 'company').where('name', '=', DEMO_COMPANY).executeTakeFirst();
  return row !== undefined;
}

export async function loadDemo(svc: Services, opts: DemoOptions = {}): Promise<DemoResult> {
  const result = { adminEmail: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };
  if (await demoExists(svc.db)) return { created: false, responses: 0, ...result };
  const rnd = createRandom(opts.seed ?? 20_261_123);
  const progress = opts.onProgress ?? (() => {});

  progress('units and users');
  const company = await createUnit(svc.db, { name: DEMO_COMPANY, kind: 'company', parentId: null });
  const regionUnits = new Map<string, UnitRow[]>();
  const marketUnits = new Map<string, UnitRow>();
  for (const market of MARKETS) {
    const m = await createUnit(svc.db, { name: market.name, kind: 'market', parentId: company.id });
    marketUnits.set(market.name, m);
    const regions: UnitRow[] = [];
    for (const r of REGIONS) regions.push(await createUnit(svc.db, { name: r, kind: 'region', parentId: m.id }));
    regionUnits.set(market.name, regions);
  }
  const admin = await createUser(svc.db, null, { email: DEMO_ADMIN_EMAIL, name: 'Alex Morgan', password: DEMO_PASSWORD, role: 'admin', unitId: company.id });
  await createUser(svc.db, null, { email: 'analyst@hitouch.example', name: 'Priya Raman', password: DEMO_PASSWORD, role: 'analyst', unitId: company.id });
  const managerNames = ['Jonas Berg', 'Claire Dupont', 'Kenji Mori'];
  for (const [i, market] of MARKETS.entries()) {
    const slug = market.name.toLowerCase().replace(/\s+/g, '-');
    await createUser(svc.db, null, {
      email: `${slug}.manager@hitouch.example`,
      name: managerNames[i] ?? 'Manager',
      password: DEMO_PASSWORD,
      role: 'manager',
      unitId: marketUnits.get(market.name)?.id ?? company.id,
    });
  }
  const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };

  progress('accounts and contacts');
  const accounts = await createAccounts(svc.db, rnd, opts.accounts ?? 200, regionUnits);

  progress('surveys');
  const relationship = await createAndPublish(svc, actor, 'HiTouch relationship survey', DEMO_SLUGS.relationship, 'relationship', {
    intro: 'Once a year we ask our key clients how we are doing. It takes a minute; your answer goes to the people who can act on it.',
    thankYou: 'Your account team will read your answer, and you will hear from us if you asked us to act.',
    questions: [
      { id: 'nps', type: 'nps', text: 'How likely are you to recommend HiTouch to a colleague or business partner?', required: true },
      { id: 'comment', type: 'text', text: 'What is the most important reason for your score?', required: false },
    ],
  });
  const service = await createAndPublish(svc, actor, 'After your service request', DEMO_SLUGS.service, 'transactional', {
    intro: 'You recently contacted HiTouch service. Two quick questions about how it went.',
    thankYou: 'Your answer goes straight to the service team.',
    questions: [
      { id: 'nps', type: 'nps', text: 'Based on your recent service request, how likely are you to recommend HiTouch?', required: true },
      { id: 'comment', type: 'text', text: 'What could we have done better?', required: false },
    ],
  });

  const total = opts.responses ?? 6_400;
  const relCount = Math.round(total / 4);
  progress(`responses (${total})`);
  await importResponses(svc, await findLiveSurvey(svc, relationship), makeResponses(rnd, accounts, relCount, svc.now(), 'relationship'));
  await importResponses(svc, await findLiveSurvey(svc, service), makeResponses(rnd, accounts, total - relCount, svc.now(), 'service'));
  return { created: true, responses: total, ...result };
}

async function createAndPublish(
  svc: Services,
  actor: Actor,
  title: string,
  slug: string,
  kind: 'relationship' | 'transactional',
  definition: SurveyDefinitionInput,
): Promise<string> {
  const created = await createSurvey(svc, actor, { title, slug, kind, definition });
  await publishSurvey(svc, actor, created.id);
  return slug;
}

async function createAccounts(db: Db, rnd: Random, count: number, regionUnits: Map<string, UnitRow[]>): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < count; i++) {
    const market = MARKETS[i % MARKETS.length] ?? MARKETS[0];
    const words = ACCOUNT_WORDS[market.name];
    let name = `${rnd.pick(words.first)} ${rnd.pick(words.last)}`;
    while (usedNames.has(name)) name = `${rnd.pick(words.first)} ${rnd.pick(words.last)} ${rnd.int(2, 9)}`;
    usedNames.add(name);
    const regions = regionUnits.get(market.name) ?? [];
    const unit = rnd.pick(regions);
    const region = REGIONS[regions.indexOf(unit)] ?? '';
    const row = await db
      .insertInto('accounts')
      .values({
        unit_id: unit.id,
        crm_id: `HT-${String(10_001 + i)}`,
        name,
        code: name.split(/\s+/).map((w) => w[0]).join('').slice(0, 3).toUpperCase() + String(i % 100).padStart(2, '0'),
        billed_revenue: Math.round(Math.exp(rnd.normal(13, 1.1))),
        attributes: JSON.stringify({ market: market.name, region }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const domain = name.toLowerCase().replace(/[^a-z0-9]+/g, '') + '.example';
    const contactCount = rnd.int(4, 11);
    const contactRows = Array.from({ length: contactCount }, () => {
      const role = rnd.weighted(AUDIENCE_ROLES.map((r) => [r, r.share] as const));
      const first = rnd.pick(FIRST_NAMES);
      const last = rnd.pick(LAST_NAMES);
      return { role, values: { account_id: row.id, unit_id: unit.id, email: `${first}.${last}.${rnd.int(1, 999)}@${domain}`.toLowerCase(), name: `${first} ${last}`, audience_role: role.role } };
    });
    const ids = await db.insertInto('contacts').values(contactRows.map((c) => c.values)).returning('id').execute();
    accounts.push({
      id: row.id,
      unit,
      market,
      region,
      name,
      effect: rnd.normal(0, 0.22),
      contacts: ids.map((c, k) => ({ id: c.id, role: contactRows[k]?.role ?? AUDIENCE_ROLES[0] })),
    });
  }
  return accounts;
}

type Band = 'promoter' | 'passive' | 'detractor';
const bandOf = (score: number): Band => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** Responses spread over the two years before today, scores shaped by market, trend, role and account. */
function makeResponses(
  rnd: Random,
  accounts: readonly DemoAccount[],
  count: number,
  now: Date,
  survey: 'relationship' | 'service',
): Omit<ImportRow, 'line'>[] {
  const start = Date.parse(`${addDays(dayOf(now), -729)}T00:00:00Z`);
  const span = now.getTime() - start;
  const out: Omit<ImportRow, 'line'>[] = [];
  for (let i = 0; i < count; i++) {
    const account = rnd.pick(accounts);
    const contact = rnd.pick(account.contacts);
    // Service volume grows over the two years; relationship answers are spread evenly.
    const u = survey === 'service' ? Math.sqrt(rnd.next()) : rnd.next();
    const at = new Date(start + u * span);
    const years = (at.getTime() - start) / (365 * 86_400_000) - 1;
    const latent = account.market.base + account.market.drift * years + contact.role.lift + account.effect + (survey === 'service' ? -0.05 : 0);
    const score = Math.max(0, Math.min(10, Math.round(7.3 + 4 * latent + rnd.normal(0, 1.9))));
    const band = bandOf(score);
    const answers: Record<string, string | number> = { nps: score };
    const commentChance = band === 'detractor' ? 0.75 : band === 'passive' ? 0.5 : 0.45;
    if (rnd.next() < commentChance) {
      if (survey === 'service') {
        answers['comment'] = rnd.pick(SERVICE_COMMENTS[band]);
      } else {
        const closing = rnd.pick(COMMENTS.closing[band]);
        answers['comment'] = closing ? `${rnd.pick(COMMENTS[band])} ${closing}` : rnd.pick(COMMENTS[band]);
      }
    }
    out.push({
      answers,
      unitId: account.unit.id,
      accountId: account.id,
      contactId: contact.id,
      submittedAt: at,
      channel: survey === 'service' ? 'email' : 'link',
      attributes: { market: account.market.name, region: account.region, account: account.name, audience_role: contact.role.role },
    });
  }
  return out;
}
