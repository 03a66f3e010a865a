import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCorridor } from '../../../../test/support/corridor.ts';
import { loginCookie } from '../../../../test/support/factories.ts';
import { DEMO_ADMIN_EMAIL, DEMO_FEEDBACK_PER_MARKET, DEMO_PASSWORD, DEMO_SLUGS, loadDemo } from './service.ts';
import { RELATIONSHIP_SURVEY, SERVICE_SURVEY } from './surveys.ts';
import { AUDIENCE_ROLES } from './data.ts';

let corridor: Awaited<ReturnType<typeof openTestCorridor>>;
let demo: Awaited<ReturnType<typeof loadDemo>>;
beforeAll(async () => {
  // The demo is one per database: its own, so no other test's demo is found instead.
  corridor = await openTestCorridor({ ownDatabase: true });
  demo = await loadDemo(corridor.services, { responses: 1_200, accounts: 30 });
});
afterAll(async () => corridor?.stop());

describe('the HiTouch demo', () => {
  it('builds the company, its markets and regions, accounts and contacts', async () => {
    const units = await sql<{ kind: string; n: number }>`
      select u.kind, count(*)::int as n from units u
      join units c on u.path like c.path || '%' and c.kind = 'company' and c.name = 'HiTouch'
      group by u.kind order by u.kind`.execute(corridor.services.db);
    expect(units.rows).toEqual([
      { kind: 'company', n: 1 },
      { kind: 'market', n: 3 },
      { kind: 'region', n: 9 },
    ]);
    const contacts = await sql<{ n: number }>`
      select count(*)::int as n from contacts where email like '%.example' and account_id in (select id from accounts where crm_id like 'HT-%')`.execute(corridor.services.db);
    expect(contacts.rows[0]?.n).toBeGreaterThanOrEqual(30 * 4);
  });

  it('publishes both surveys with the responses asked for, visible on the dashboard of the demo admin', async () => {
    const cookie = await loginCookie(corridor.app, { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    const list = (await corridor.app.inject({ url: '/api/v1/surveys', headers: { cookie } })).json<{ surveys: { id: string; slug: string; responseCount: number; status: string }[] }>();
    const bySlug = new Map(list.surveys.map((s) => [s.slug, s]));
    expect(bySlug.get(DEMO_SLUGS.relationship)).toMatchObject({ status: 'live', responseCount: 300 });
    expect(bySlug.get(DEMO_SLUGS.service)).toMatchObject({ status: 'live', responseCount: 900 });
    const rel = bySlug.get(DEMO_SLUGS.relationship);
    const dash = (await corridor.app.inject({ url: `/api/v1/surveys/${rel?.id}/dashboard?period=all`, headers: { cookie } })).json<{ nps: { n: number; score: number }; comments: unknown[]; trend: unknown[] }>();
    expect(dash.nps.n).toBe(300);
    expect(dash.comments.length).toBeGreaterThan(0);
    expect(dash.trend.length).toBeGreaterThan(50); // two years of weeks
    const page = await corridor.app.inject({ url: `/s/${DEMO_SLUGS.relationship}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How likely are you to recommend HiTouch');
  });

  it('gives each market manager their own market only, and markets differ', async () => {
    const scores: Record<string, number> = {};
    for (const market of ['banking', 'insurance']) {
      const cookie = await loginCookie(corridor.app, { email: `${market}.manager@hitouch.example`, password: DEMO_PASSWORD });
      const list = (await corridor.app.inject({ url: '/api/v1/surveys', headers: { cookie } })).json<{ surveys: { id: string; slug: string; responseCount: number }[] }>();
      const rel = list.surveys.find((s) => s.slug === DEMO_SLUGS.relationship);
      expect(rel?.responseCount).toBeGreaterThan(0);
      expect(rel?.responseCount).toBeLessThan(300);
      const dash = (await corridor.app.inject({ url: `/api/v1/surveys/${rel?.id}/dashboard?period=all`, headers: { cookie } })).json<{ nps: { score: number; n: number } }>();
      expect(dash.nps.n).toBe(rel?.responseCount);
      scores[market] = dash.nps.score;
    }
    expect(scores['banking']).toBeGreaterThan(scores['insurance'] ?? 0);
  });

  it('answers its relationship survey as its logic asks: buyers on the brand, a third telling more, follow-ups for detractors', async () => {
    const rows = await corridor.services.db
      .selectFrom('responses as r')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .select(['r.answers', 'r.audience'])
      .where('s.slug', '=', DEMO_SLUGS.relationship)
      .execute();
    const buyers = new Set(['executive', 'purchasing_agent']);
    expect(rows.every((r) => !('brand_importance' in r.answers) || buyers.has(r.audience ?? ''))).toBe(true);
    expect(rows.filter((r) => 'brand_importance' in r.answers).length).toBeGreaterThan(20);
    expect(rows.every((r) => !('fix_first' in r.answers) || Number(r.answers['nps']) <= 6)).toBe(true);
    const more = rows.filter((r) => Object.keys(r.answers).some((k) => k.startsWith('touchpoints.'))).length / rows.length;
    expect(more).toBeGreaterThan(0.25);
    expect(more).toBeLessThan(0.45);
  });

  it('makes personal links that fill in the contact’s role and word the survey for their audience', async () => {
    expect(demo.personalLinks).toHaveLength(2);
    const it = demo.personalLinks[0];
    const url = new URL(it?.url ?? '');
    const first = await corridor.app.inject({ url: url.pathname + url.search });
    expect(first.statusCode).toBe(200);
    const state = Object.fromEntries([...first.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    const next = await corridor.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...state, q_nps: '9', nav: 'next' }).toString(),
    });
    expect(next.statusCode).toBe(303);
    const page = await corridor.app.inject({ url: String(next.headers['location']) });
    expect(page.body).toContain('How well do our platform and API deliver what we promised your IT team?');
    expect(page.body).not.toContain('Which best describes your role?');
  });

  it('has a catalogue with every touch point its surveys name, a corridor per audience role, and each survey’s own touch point', async () => {
    const cookie = await loginCookie(corridor.app, { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    const { touchPoints } = (await corridor.app.inject({ url: '/api/v1/touch-points', headers: { cookie } })).json<{ touchPoints: { key: string }[] }>();
    const keys = new Set(touchPoints.map((t) => t.key));
    const named = [RELATIONSHIP_SURVEY, SERVICE_SURVEY].flatMap((d) => d.questions.flatMap((q) => [...(q.touchPoints ?? []), ...('rows' in q ? q.rows.flatMap((r) => r.touchPoints ?? []) : [])]));
    expect(named.length).toBeGreaterThan(3);
    for (const key of [...named, 'sales-meeting', 'installation', 'website', 'trade-fair', 'renewal']) expect(keys, key).toContain(key);
    const { corridors } = (await corridor.app.inject({ url: '/api/v1/corridors', headers: { cookie } })).json<{ corridors: { audienceRole: string; touchPoints: string[] }[] }>();
    expect(corridors.map((c) => c.audienceRole).sort()).toEqual(AUDIENCE_ROLES.map((r) => r.role).sort());
    for (const c of corridors) for (const key of c.touchPoints) expect(keys).toContain(key);
    const list = (await corridor.app.inject({ url: '/api/v1/surveys', headers: { cookie } })).json<{ surveys: { slug: string; touchPointKey: string | null }[] }>();
    const bySlug = new Map(list.surveys.map((s) => [s.slug, s.touchPointKey]));
    expect(bySlug.get(DEMO_SLUGS.service)).toBe('service-call');
    expect(bySlug.get(DEMO_SLUGS.relationship)).toBe('relationship');
  });

  it('does nothing the second time', async () => {
    const again = await loadDemo(corridor.services, { responses: 10 });
    expect(again.created).toBe(false);
  });
});

describe('the HiTouch customer data', () => {
  it('has revenue for a period, key accounts, time zones, opt-outs, and assessments with history that disagree with detractors', async () => {
    const db = corridor.services.db;
    const accounts = await db.selectFrom('accounts').select(['id', 'booked_revenue', 'potential_revenue', 'revenue_period', 'key_account', 'owner_user_id']).where('crm_id', 'like', 'HT-%').execute();
    expect(accounts.every((a) => a.booked_revenue !== null && a.potential_revenue !== null && /^FY\d{4}$/.test(a.revenue_period ?? '') && a.owner_user_id !== null)).toBe(true);
    const key = accounts.filter((a) => a.key_account).length / accounts.length;
    expect(key).toBeGreaterThan(0.15);
    expect(key).toBeLessThan(0.35);
    const zones = await sql<{ n: number }>`select count(distinct time_zone)::int as n from contacts c join accounts a on a.id = c.account_id where a.crm_id like 'HT-%'`.execute(db);
    expect(zones.rows[0]?.n).toBeGreaterThan(5);
    const history = await sql<{ n: number }>`select count(*)::int as n from (select account_id from account_assessments s join accounts a on a.id = s.account_id where a.crm_id like 'HT-%' group by account_id having count(*) > 1) x`.execute(db);
    expect(history.rows[0]?.n).toBeGreaterThan(0);
    // The perception gap: accounts whose team says "superior" while most of its NPS answers are detractors.
    const gap = await sql<{ n: number }>`
      select count(*)::int as n from accounts a
      join lateral (select rating from account_assessments s where s.account_id = a.id order by assessed_on desc, created_at desc limit 1) s on true
      join lateral (select avg(case when (r.answers->>'nps')::int <= 6 then 1.0 else 0 end) as detractors from responses r where r.account_id = a.id and r.answers ? 'nps') r on true
      where a.crm_id like 'HT-%' and s.rating = 'superior' and r.detractors >= 0.5`.execute(db);
    expect(gap.rows[0]?.n).toBeGreaterThan(0);
  });

  it('has alert rules and six weeks of cases with timelines that make sense', async () => {
    const db = corridor.handle.db;
    const now = corridor.services.now().getTime();
    const rules = await db.selectFrom('alert_rules').select(['name', 'active']).execute();
    expect(rules.filter((r) => r.active).length).toBeGreaterThanOrEqual(2);
    const cases = await db.selectFrom('cases').selectAll().execute();
    expect(cases.length).toBeGreaterThan(5);
    const closed = cases.filter((c) => c.closed_at);
    expect(closed.length).toBeGreaterThan(cases.length / 3);
    for (const c of closed) expect(c.root_cause_id && c.resolution).toBeTruthy();
    expect(closed.filter((c) => c.customer_told_at).length).toBeGreaterThan(closed.length / 2);
    expect(cases.some((c) => !c.closed_at)).toBe(true);
    expect(cases.every((c) => c.assignee_id !== null)).toBe(true);
    expect(cases.every((c) => now - new Date(c.opened_at).getTime() <= 43 * 86_400_000)).toBe(true);
    const events = await db.selectFrom('case_events').select(['case_id', 'at', 'kind']).orderBy('id').execute();
    for (const c of cases) {
      const own = events.filter((e) => e.case_id === c.id);
      expect(own[0]?.kind).toBe('opened');
      const times = own.map((e) => new Date(e.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(now);
      if (c.acknowledged_at) expect(own.some((e) => e.kind === 'status')).toBe(true);
    }
  });
});

describe('the HiTouch employee pulse and goals', () => {
  it('has an employee pulse per region whose eNPS goes with its customers’ NPS, kept out of customer results', async () => {
    const cookie = await loginCookie(corridor.app, { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    const res = await corridor.app.inject({ url: '/api/v1/analytics/employee-customer', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ units: { enps: { n: number; score: number } }[]; pearson: { r: number; n: number } }>();
    expect(body.units).toHaveLength(9);
    expect(body.units.every((u) => u.enps.n >= 30)).toBe(true);
    expect(body.pearson.n).toBe(9);
    expect(body.pearson.r).toBeGreaterThan(0.3);
    const overview = (await corridor.app.inject({ url: '/api/v1/overview', headers: { cookie } })).json<{ surveys: { survey: { kind: string } }[] }>();
    expect(overview.surveys.some((s) => s.survey.kind === 'employee')).toBe(false);
  });

  it('sets NPS, CSAT and response-rate goals per market, owned by its manager, in more than one state', async () => {
    const cookie = await loginCookie(corridor.app, { email: 'banking.manager@hitouch.example', password: DEMO_PASSWORD });
    const mine = (await corridor.app.inject({ url: '/api/v1/goals?mine=true', headers: { cookie } })).json<{ goals: { metric: string; unit: { name: string }; owner: { name: string } | null; progress: { current: number | null } }[] }>();
    expect(mine.goals.map((g) => g.metric).sort()).toEqual(['csat', 'nps', 'response_rate']);
    expect(mine.goals.every((g) => g.unit.name === 'Banking' && g.owner?.name === 'Jonas Berg' && g.progress.current !== null)).toBe(true);
    const admin = await loginCookie(corridor.app, { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    const all = (await corridor.app.inject({ url: '/api/v1/goals', headers: { cookie: admin } })).json<{ goals: { progress: { status: string } }[] }>();
    expect(all.goals).toHaveLength(10);
    expect(new Set(all.goals.map((g) => g.progress.status)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('the HiTouch demo’s verbatims', () => {
  /** Share of a market's comments (relationship and service surveys) that mention a word, counted in SQL. */
  async function shareMentioning(word: string): Promise<Record<string, number>> {
    const { rows } = await sql<{ market: string; share: number }>`
      select m.name as market, avg(case when lower(r.answers->>'comment') like ${`%${word}%`} then 1.0 else 0.0 end)::float8 as share
      from responses r join units u on u.id = r.unit_id join units m on m.id = u.parent_id
      where r.answers ? 'comment' and m.kind = 'market'
      group by m.name`.execute(corridor.services.db);
    return Object.fromEntries(rows.map((r) => [r.market, r.share]));
  }

  it('has comments whose themes differ between markets: invoices in Insurance, the portal in Asset Management, account managers in Banking', async () => {
    const invoice = await shareMentioning('invoice');
    const portal = await shareMentioning('portal');
    const manager = await shareMentioning('account manager');
    expect(invoice['Insurance']).toBeGreaterThan(2 * (invoice['Banking'] ?? 1));
    expect(portal['Asset Management']).toBeGreaterThan(2 * (portal['Insurance'] ?? 1));
    expect(manager['Banking']).toBeGreaterThan(2 * (manager['Insurance'] ?? 1));
  });

  it('has feedback items of every kind across the markets, with authors, dates in the last year and accounts', async () => {
    const items = await corridor.services.db
      .selectFrom('feedback_items as f')
      .innerJoin('units as u', 'u.id', 'f.unit_id')
      .select(['f.kind', 'f.author', 'f.occurred_at', 'f.account_id', 'f.body', 'u.path'])
      .execute();
    expect(items).toHaveLength(3 * DEMO_FEEDBACK_PER_MARKET);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['interview', 'focus_group', 'forum_post', 'observation', 'complaint_letter']));
    const now = Date.now();
    for (const i of items) {
      expect(i.author.length).toBeGreaterThan(0);
      expect(now - i.occurred_at.getTime()).toBeLessThan(366 * 86_400_000);
      expect(i.body).not.toContain('{account}');
    }
    expect(items.filter((i) => i.account_id !== null).length).toBeGreaterThan(items.length / 3);
    // Posts and panels happen once; what recurs (interviews, letters) is about different accounts.
    const once = items.filter((i) => i.kind === 'forum_post' || i.kind === 'focus_group');
    expect(new Set(once.map((i) => i.body)).size).toBe(once.length);
    const markets = await corridor.services.db.selectFrom('units').select(['name', 'path']).where('kind', '=', 'market').execute();
    const ofMarket = (name: string) => items.filter((i) => i.path.startsWith(markets.find((m) => m.name === name)?.path ?? '?'));
    const mention = (name: string, word: string) => ofMarket(name).filter((i) => i.body.toLowerCase().includes(word)).length / ofMarket(name).length;
    expect(mention('Insurance', 'invoice')).toBeGreaterThan(mention('Asset Management', 'invoice'));
    expect(mention('Asset Management', 'portal')).toBeGreaterThan(mention('Banking', 'portal'));
  });
});
