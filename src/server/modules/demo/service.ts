import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import type { SurveyDefinitionInput } from '../../../core/survey-definition.ts';
import type { Actor } from '../auth/actor.ts';
import { importResponses, type ImportRow } from '../responses/import.ts';
import { findLiveSurvey } from '../responses/service.ts';
import { createSurvey, publishSurvey } from '../surveys/service.ts';
import { createDemoProgrammes } from './programmes.ts';
import { createUnit, type UnitRow } from '../units/service.ts';
import { createUser } from '../users/service.ts';
import { createPersonalLink } from '../links/service.ts';
import { ACCOUNT_WORDS, AUDIENCE_ROLES, COMMENTS, FIRST_NAMES, LAST_NAMES, MARKETS, REGIONS, SERVICE_COMMENTS, TOUCH_POINT_ROWS } from './data.ts';
import { enrichDemoCustomers, shapeDemoAccountAnalytics } from './customers.ts';
import { RELATIONSHIP_SURVEY, SERVICE_SURVEY } from './surveys.ts';
import { createDemoTouchPoints } from './touch-points.ts';
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
  /** Personal links to the relationship survey for two demo contacts (shown once, when the demo is made). */
  personalLinks: { who: string; url: string }[];
}

interface DemoAccount {
  id: string;
  unit: UnitRow;
  market: (typeof MARKETS)[number];
  region: string;
  name: string;
  /** The account's own warmth, so some accounts are clearly happier than others. */
  effect: number;
  contacts: { id: string; name: string; role: (typeof AUDIENCE_ROLES)[number] }[];
}

export async function demoExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').where('kind', '=', 'company').where('name', '=', DEMO_COMPANY).executeTakeFirst();
  return row !== undefined;
}

export async function loadDemo(svc: Services, opts: DemoOptions = {}): Promise<DemoResult> {
  const result = { adminEmail: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };
  if (await demoExists(svc.db)) return { created: false, responses: 0, personalLinks: [], ...result };
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
  // Two account executives per market, who own its accounts and assess them.
  const executives = new Map<string, string[]>();
  const executiveNames = ['Mara Lind', 'Tom Okoro', 'Sara Weiss', 'Luis Ortega', 'Aiko Sato', 'Ben Carter'];
  for (const [i, market] of MARKETS.entries()) {
    const slug = market.name.toLowerCase().replace(/\s+/g, '-');
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const u = await createUser(svc.db, null, {
        email: `${slug}.ae${n}@hitouch.example`,
        name: executiveNames[i * 2 + n - 1] ?? 'Account executive',
        password: DEMO_PASSWORD,
        role: 'agent',
        unitId: marketUnits.get(market.name)?.id ?? company.id,
      });
      ids.push(u.id);
    }
    executives.set(market.name, ids);
  }
  const actor: Actor = { type: 'user', id: admin.id, label: admin.email, role: 'admin', unitId: company.id, unitPath: company.path };

  progress('accounts and contacts');
  const accounts = await createAccounts(svc.db, rnd, company.id, opts.accounts ?? 200, regionUnits);

  // A random source of its own, so the accounts and responses stay as they were before this step.
  await enrichDemoCustomers(
    svc.db,
    createRandom((opts.seed ?? 20_261_123) + 7),
    accounts.map((a, i) => ({ id: a.id, region: a.region, effect: a.effect, contactIds: a.contacts.map((c) => c.id), ownerId: executives.get(a.market.name)?.[i % 2] ?? null })),
    svc.now(),
  );

  progress('surveys');
  const relationship = await createAndPublish(svc, actor, 'HiTouch relationship survey', DEMO_SLUGS.relationship, 'relationship', RELATIONSHIP_SURVEY);
  const service = await createAndPublish(svc, actor, 'After your service request', DEMO_SLUGS.service, 'transactional', SERVICE_SURVEY);
  await createDemoTouchPoints(svc, company.id);

  const total = opts.responses ?? 6_400;
  const relCount = Math.round(total / 4);
  progress(`responses (${total})`);
  await importResponses(svc, await findLiveSurvey(svc, relationship), makeResponses(rnd, accounts, relCount, svc.now(), 'relationship'));
  await importResponses(svc, await findLiveSurvey(svc, service), makeResponses(rnd, accounts, total - relCount, svc.now(), 'service'));
  progress('listening programmes and invitation history');
  await createDemoProgrammes(svc, actor, rnd, {
    relationshipSurveyId: (await findLiveSurvey(svc, relationship)).surveyId,
    serviceSurveyId: (await findLiveSurvey(svc, service)).surveyId,
  });
  progress('account analytics');
  await shapeDemoAccountAnalytics(svc, actor, company.id, svc.now());
  progress('personal links');
  const relationshipId = (await findLiveSurvey(svc, relationship)).surveyId;
  const personalLinks: DemoResult['personalLinks'] = [];
  for (const role of ['it', 'purchasing_agent']) {
    const account = accounts.find((a) => a.contacts.some((c) => c.role.role === role));
    const contact = account?.contacts.find((c) => c.role.role === role);
    if (!account || !contact) continue;
    const link = await createPersonalLink(svc, actor, relationshipId, { contactId: contact.id });
    personalLinks.push({ who: `${contact.name} (${contact.role.label}, ${account.name})`, url: link.url });
  }
  return { created: true, responses: total, personalLinks, ...result };
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

async function createAccounts(db: Db, rnd: Random, companyId: string, count: number, regionUnits: Map<string, UnitRow[]>): Promise<DemoAccount[]> {
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
        company_id: companyId,
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
    const emails = new Set<string>();
    const contactRows = Array.from({ length: contactCount }, () => {
      const role = rnd.weighted(AUDIENCE_ROLES.map((r) => [r, r.share] as const));
      const first = rnd.pick(FIRST_NAMES);
      const last = rnd.pick(LAST_NAMES);
      // Emails are unique within a company; two namesakes at one account get different addresses.
      let email = `${first}.${last}.${rnd.int(1, 999)}@${domain}`.toLowerCase();
      for (let n = 2; emails.has(email); n++) email = email.replace('@', `-${n}@`);
      emails.add(email);
      return { role, values: { company_id: companyId, account_id: row.id, unit_id: unit.id, email, name: `${first} ${last}`, audience_role: role.role } };
    });
    const ids = await db.insertInto('contacts').values(contactRows.map((c) => c.values)).returning('id').execute();
    accounts.push({
      id: row.id,
      unit,
      market,
      region,
      name,
      effect: rnd.normal(0, 0.22),
      contacts: ids.map((c, k) => ({ id: c.id, name: contactRows[k]?.values.name ?? '', role: contactRows[k]?.role ?? AUDIENCE_ROLES[0] })),
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
    const scale = (lift: number, min: number, max: number) => Math.max(min, Math.min(max, Math.round((min + max) / 2 + (max - min) * 0.45 * (latent + lift) + rnd.normal(0, 0.8))));
    if (survey === 'service') {
      if (rnd.chance(0.9)) answers['effort'] = scale(0.05, 1, 7);
      answers['ticket'] = `SR-${String(rnd.int(100_000, 999_999))}`;
    } else {
      Object.assign(answers, relationshipAnswers(rnd, band, contact.role.role, scale));
    }
    out.push({
      answers,
      unitId: account.unit.id,
      accountId: account.id,
      contactId: contact.id,
      submittedAt: at,
      channel: survey === 'service' ? 'email' : 'link',
      audience: contact.role.role,
      attributes: { market: account.market.name, region: account.region, account: account.name, audience_role: contact.role.role },
    });
  }
  return out;
}

type Scale = (lift: number, min: number, max: number) => number;

/** The relationship survey's answers past the score, as the survey's logic asks them of this role. */
function relationshipAnswers(rnd: Random, band: Band, role: string, scale: Scale): Record<string, string | number> {
  const out: Record<string, string | number> = { role };
  if (band === 'detractor' && rnd.chance(0.8)) {
    // The touch point that leans lowest is named most often.
    out['fix_first'] = rnd.weighted(TOUCH_POINT_ROWS.map((r) => [r.id, 1 - r.lift * 3] as const));
  }
  out['promise'] = scale(0, 1, 5);
  if (role === 'executive' || role === 'purchasing_agent') {
    if (rnd.chance(0.9)) out['brand_importance'] = Math.max(1, Math.min(5, Math.round(3.6 + rnd.normal(0, 0.9))));
    if (rnd.chance(0.9)) out['promise_kept'] = band === 'promoter' ? rnd.weighted([['yes', 0.75], ['partly', 0.22], ['no', 0.03]]) : band === 'passive' ? rnd.weighted([['yes', 0.3], ['partly', 0.55], ['no', 0.15]]) : rnd.weighted([['yes', 0.05], ['partly', 0.4], ['no', 0.55]]);
  }
  // About a third open the "tell us more" section.
  if (rnd.chance(0.35)) {
    for (const row of TOUCH_POINT_ROWS) if (rnd.chance(0.92)) out[`touchpoints.${row.id}`] = scale(row.lift, 1, 5);
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
