import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { SurveyDefinitionInput } from '../../../core/survey-definition.ts';
import type { Actor } from '../auth/actor.ts';
import { findLiveSurvey } from '../responses/service.ts';
import { createSurvey, publishSurvey } from '../surveys/service.ts';
import { createDemoProgrammes } from './programmes.ts';
import { createUnit, type UnitRow } from '../units/service.ts';
import { createDemoCases } from './cases.ts';
import { createUser } from '../users/service.ts';
import { applyDefaultSubscriptions } from '../digests/subscriptions.ts';
import { createPersonalLink } from '../links/service.ts';
import { ACCOUNT_WORDS, AUDIENCE_ROLES, FIRST_NAMES, LAST_NAMES, MARKETS, REGIONS } from './data.ts';
import { enrichDemoCustomers, shapeDemoAccountAnalytics } from './customers.ts';
import { RELATIONSHIP_SURVEY, SERVICE_SURVEY, transactionalSurvey } from './surveys.ts';
import { createDemoTouchPoints, EXTRA_SURVEY_TOUCH_POINTS } from './touch-points.ts';
import { generateResponses, type DemoSurveyShape, type RespondingAccount } from './responses.ts';
import { loadResponsesStreamed, rebuildDemoRollups } from './load-responses.ts';
import { createRandom, type Random } from '../../../core/random.ts';
import { createEmployeePulse } from './employees.ts';
import { createDemoGoals } from './goals.ts';
import { createDemoFeedback } from './feedback-items.ts';

/**
 * HiTouch, the demo company, built through the same service functions users call, so it grows with
 * every capability. Deterministic: the same seed and date give the same company.
 */

export const DEMO_COMPANY = 'HiTouch';
export const DEMO_PASSWORD = 'hitouch-demo';
export const DEMO_ADMIN_EMAIL = 'admin@hitouch.example';
export const DEMO_SLUGS = { relationship: 'hitouch-relationship', service: 'hitouch-service' } as const;

export interface DemoOptions {
  /** Total responses over two years: 1/4 to the relationship survey, 3/4 shared by the transactional ones. */
  responses?: number;
  /** Accounts (each with 4 to 11 contacts); by default 200, or one per 2,000 responses when that is more. */
  accounts?: number;
  /** Surveys in all (at least 2): the relationship and service surveys, plus transactional ones at other touch points. */
  surveys?: number;
  seed?: number;
  onProgress?: (step: string) => void;
  /** Called as responses are stored: how many so far, of how many. */
  onResponses?: (done: number, total: number) => void;
}

/** Feedback items per market: interviews, focus groups, forum posts, observations and letters over the last year. */
export const DEMO_FEEDBACK_PER_MARKET = 24;

export interface DemoResult {
  created: boolean;
  adminEmail: string;
  password: string;
  responses: number;
  /** Personal links to the relationship survey for two demo contacts (shown once, when the demo is made). */
  personalLinks: { who: string; url: string }[];
}

interface DemoAccount extends RespondingAccount {
  unit: UnitRow;
}

/** The default number of accounts for a demo of this many responses: a few hundred answers each at most. */
export function defaultDemoAccounts(responses: number): number {
  return Math.max(200, Math.round(responses / 2_000));
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
  const managers = new Map<string, { unit: UnitRow; managerId: string | null }>();
  for (const [i, market] of MARKETS.entries()) {
    const slug = market.name.toLowerCase().replace(/\s+/g, '-');
    const manager = await createUser(svc.db, null, {
      email: `${slug}.manager@hitouch.example`,
      name: managerNames[i] ?? 'Manager',
      password: DEMO_PASSWORD,
      role: 'manager',
      unitId: marketUnits.get(market.name)?.id ?? company.id,
    });
    const unit = marketUnits.get(market.name);
    if (unit) managers.set(market.name, { unit, managerId: manager.id });
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
  const total = opts.responses ?? 6_400;
  // One transaction: thousands of accounts at scale would otherwise wait on a commit each.
  const accounts = await svc.db.transaction().execute(async (tx) => {
    const created = await createAccounts(tx, rnd, company.id, opts.accounts ?? defaultDemoAccounts(total), regionUnits);
    // A random source of its own, so the accounts and responses stay as they were before this step.
    await enrichDemoCustomers(
      tx,
      createRandom((opts.seed ?? 20_261_123) + 7),
      created.map((a, i) => ({ id: a.id, region: a.region, effect: a.effect, contactIds: a.contacts.map((c) => c.id), ownerId: executives.get(a.market.name)?.[i % 2] ?? null })),
      svc.now(),
    );
    return created;
  });

  progress('surveys');
  const relationship = await createAndPublish(svc, actor, 'HiTouch relationship survey', DEMO_SLUGS.relationship, 'relationship', RELATIONSHIP_SURVEY);
  const service = await createAndPublish(svc, actor, 'After your service request', DEMO_SLUGS.service, 'transactional', SERVICE_SURVEY);
  const extra = await createExtraSurveys(svc, actor, Math.max(2, opts.surveys ?? 2) - 2);
  await createDemoTouchPoints(svc, company.id, Object.fromEntries(extra.map((e) => [e.slug, e.touchPoint])));

  progress(`responses (${total})`);
  // The relationship survey takes a quarter; the transactional surveys share the rest evenly.
  const relCount = Math.round(total / 4);
  const transactional = [service, ...extra.map((e) => e.slug)];
  const plan: { slug: string; shape: DemoSurveyShape; count: number }[] = [{ slug: relationship, shape: 'relationship', count: relCount }];
  for (const [i, slug] of transactional.entries()) {
    const share = Math.floor((total - relCount) / transactional.length) + (i < (total - relCount) % transactional.length ? 1 : 0);
    plan.push({ slug, shape: 'service', count: share });
  }
  const segments = createRandom((opts.seed ?? 20_261_123) + 11);
  const loaded: string[] = [];
  let done = 0;
  for (const p of plan) {
    const live = await findLiveSurvey(svc, p.slug);
    await loadResponsesStreamed(svc, live, generateResponses(rnd, segments, accounts, p.count, svc.now(), p.shape, p.slug === service), (n) => {
      done += n;
      opts.onResponses?.(done, total);
    });
    loaded.push(live.surveyId);
  }
  await rebuildDemoRollups(svc, loaded, progress);
  progress('listening programmes and invitation history');
  await createDemoProgrammes(svc, actor, rnd, {
    relationshipSurveyId: (await findLiveSurvey(svc, relationship)).surveyId,
    serviceSurveyId: (await findLiveSurvey(svc, service)).surveyId,
  });
  progress('employee engagement pulse');
  // A random source of its own, so everything drawn before stays as it was.
  await createEmployeePulse(svc, actor, createRandom((opts.seed ?? 20_261_123) + 17), [...regionUnits.values()].flat(), loaded);
  progress('goals');
  await createDemoGoals(svc, actor, company, managers);
  progress('account analytics');
  await shapeDemoAccountAnalytics(svc, actor, company.id, svc.now());
  progress('alert rules and cases');
  await createDemoCases(svc, actor, createRandom((opts.seed ?? 20_261_123) + 13), company.id);
  progress('feedback items');
  // A random source of its own, so everything drawn before stays as it was.
  await createDemoFeedback(svc, actor, createRandom((opts.seed ?? 20_261_123) + 19), {
    accounts,
    perMarket: DEMO_FEEDBACK_PER_MARKET,
    markets: new Map(
      MARKETS.map((market, i) => [market.name, { unitId: marketUnits.get(market.name)?.id ?? company.id, executives: executiveNames.slice(i * 2, i * 2 + 2), manager: managerNames[i] ?? 'Market manager' }]),
    ),
  });
  progress('review digests');
  // Each role's default digests now, not at the worker's first pass: the managers' monthly review, the admin's summary.
  await applyDefaultSubscriptions(svc.db, svc.now(), [company.id]);
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

/** The transactional surveys past the service survey, each at the next touch point of the catalogue. */
async function createExtraSurveys(svc: Services, actor: Actor, count: number): Promise<{ slug: string; touchPoint: string }[]> {
  const out: { slug: string; touchPoint: string }[] = [];
  for (let i = 0; i < count; i++) {
    const tp = EXTRA_SURVEY_TOUCH_POINTS[i % EXTRA_SURVEY_TOUCH_POINTS.length] ?? EXTRA_SURVEY_TOUCH_POINTS[0];
    if (!tp) break;
    const round = Math.floor(i / EXTRA_SURVEY_TOUCH_POINTS.length);
    const suffix = round === 0 ? '' : `-${round + 1}`;
    const slug = `hitouch-${tp.key}${suffix}`;
    await createAndPublish(svc, actor, `After: ${tp.name}${round === 0 ? '' : ` (${round + 1})`}`, slug, 'transactional', transactionalSurvey(tp));
    out.push({ slug, touchPoint: tp.key });
  }
  return out;
}

async function createAccounts(db: Db, rnd: Random, companyId: string, count: number, regionUnits: Map<string, UnitRow[]>): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < count; i++) {
    const market = MARKETS[i % MARKETS.length] ?? MARKETS[0];
    const words = ACCOUNT_WORDS[market.name];
    let name = `${rnd.pick(words.first)} ${rnd.pick(words.last)}`;
    // Past a thousand or so accounts per market the word pairs run out; the account's number makes the name unique.
    for (let tries = 0; usedNames.has(name); tries++) name = tries < 50 ? `${rnd.pick(words.first)} ${rnd.pick(words.last)} ${rnd.int(2, 9)}` : `${name.replace(/ \d+$/, '')} ${i + 1}`;
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
