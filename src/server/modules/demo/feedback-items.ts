import type { FeedbackKind } from '../../../contract/feedback.ts';
import { addDays, dayOf } from '../../../core/dates.ts';
import type { Random } from '../../../core/random.ts';
import type { Services } from '../../context.ts';
import type { Actor } from '../auth/actor.ts';
import { createFeedback } from '../feedback/service.ts';
import type { MARKETS } from './data.ts';
import type { RespondingAccount } from './responses.ts';

/**
 * The demo's feedback items: interview notes, focus groups, forum posts, observations and complaint
 * letters over the last year, in each market's own story (see verbatim-words.ts): Banking's account
 * managers praised and its support desk criticised, Insurance's invoices and onboarding, Asset
 * Management's reporting portal and late data. "{account}" in a text is the account's name.
 */

type Market = (typeof MARKETS)[number]['name'];
interface Template {
  title: string;
  body: string;
  /** The touch point it is about, by key. */
  touchPoint?: string;
}

const ITEMS: Record<Market, Partial<Record<FeedbackKind, Template[]>>> = {
  Banking: {
    interview: [
      { title: 'Quarterly review with {account}', touchPoint: 'account-management', body: 'The treasurer opened by thanking us for the early warning on the rate change. She called her account manager "the best we have had from any supplier". Her one complaint: support tickets take days to get a first answer, and the same questions get asked twice.' },
      { title: 'Renewal conversation, {account}', touchPoint: 'renewal', body: 'They will renew for three years. The relationship with the account team is the main reason. They asked for a named contact at the support desk, because escalations through the general queue go nowhere.' },
      { title: 'Payments operations interview, {account}', touchPoint: 'service-call', body: 'Settlement itself runs smoothly. Two failed payment batches last quarter were not explained until they chased us. The head of operations said the account manager is excellent but cannot fix support response times on her own.' },
      { title: 'Integration check-in, {account}', touchPoint: 'installation', body: 'Their developers like the API and finished the integration early. They were unhappy that a field changed without notice and broke a reconciliation job. They want release notes two weeks ahead.' },
    ],
    focus_group: [
      { title: 'Banking operations panel', touchPoint: 'service-call', body: 'Eight heads of payment operations. All praised their account managers: responsive, knowledgeable, honest. Most complained that the support desk got slower after the reorganisation; three described tickets closed before anyone looked at them. Settlement reliability was rated high.' },
      { title: 'Treasury users round table', touchPoint: 'account-management', body: 'Users value the quarterly reviews and the proactive advice from the account team. Cut-off times are too rigid for two of the banks. Several asked for a status page when payment batches fail.' },
    ],
    forum_post: [
      { title: 'Failed batch last night?', touchPoint: 'service-call', body: 'Our overnight payment batch failed again and the support line had no idea why. Anyone else seeing this? Our account manager called us back within the hour, which is more than support did.' },
      { title: 'Kudos to the account team', touchPoint: 'account-management', body: 'Just want to say our account manager went above and beyond during the migration. Weekly calls, clear plans, no surprises.' },
      { title: 'Ticket response times', touchPoint: 'service-call', body: 'Is it just us or have support response times doubled this year? We waited nine days for an answer on an urgent payment question.' },
    ],
    observation: [
      { title: 'Site visit at {account}', touchPoint: 'service-call', body: 'Watched their payments team for a morning. They keep a spreadsheet of open support tickets because they cannot see the status in our portal. The account manager is the person they call first, for everything.' },
      { title: 'Service desk shadowing', touchPoint: 'service-call', body: 'Three of the calls I listened to were customers chasing tickets older than a week. Agents had to transfer two of them because nobody owned the problem.' },
    ],
    complaint_letter: [
      { title: 'Formal complaint: failed settlement', touchPoint: 'service-call', body: 'Dear HiTouch, on two occasions this quarter our settlement batch failed and we learned of it from our own clients. Your support desk did not respond for three days. We expect an explanation and a plan.' },
      { title: 'Escalation of ticket backlog', touchPoint: 'service-call', body: 'We have raised the same issue in three quarterly reviews. Our account manager has been supportive, but the support organisation has not resolved it. Please assign a senior owner.' },
    ],
  },
  Insurance: {
    interview: [
      { title: 'Finance interview, {account}', touchPoint: 'invoice', body: 'The CFO was blunt: the invoice was wrong again, for the third month in a row. Credit notes take weeks. He likes his advisor, who always picks up the phone, but the finance team has stopped trusting our statements.' },
      { title: 'Onboarding retrospective, {account}', touchPoint: 'onboarding', body: 'Onboarding the second subsidiary took four months instead of six weeks. Too many forms, and no clear owner on our side. Once live, the claims module works well and the handlers like it.' },
      { title: 'Quarterly review with {account}', touchPoint: 'account-management', body: 'The relationship is good and the advisor is well liked. The whole conversation came back to billing: a duplicate licence charge, a statement that does not match the contract, and a fee increase they learned about from the invoice.' },
      { title: 'Claims team interview, {account}', touchPoint: 'reporting-portal', body: 'Claims handlers say the workflow saves them hours, but claims take too long to settle in the new module when the portfolio is large. They want faster processing before the renewal season.' },
    ],
    focus_group: [
      { title: 'Insurance finance panel', touchPoint: 'invoice', body: 'Seven finance leads from insurers. Every one of them had an invoicing or statement error this year. Credit notes were described as slow and hard to track. They rated the product itself highly and the advisors as helpful.' },
      { title: 'New customers onboarding group', touchPoint: 'onboarding', body: 'Recently onboarded insurers found the process long and paper-heavy. Timelines slipped by weeks. They praised the trainers but want one owner from kick-off to go-live.' },
    ],
    forum_post: [
      { title: 'Duplicate licence charge', touchPoint: 'invoice', body: 'We were charged twice for the same licence in September. Still waiting for the credit note. Has anyone found a faster way to get billing corrections?' },
      { title: 'Statement does not match invoices', touchPoint: 'invoice', body: 'Our monthly statement of account never matches the invoices. Finance spends a day every month reconciling it by hand.' },
      { title: 'Claims module is great', touchPoint: 'reporting-portal', body: 'The new claims workflow is a big step forward for our handlers. Well done to the product team.' },
    ],
    observation: [
      { title: 'Billing desk observation', touchPoint: 'invoice', body: 'Half of the calls to the billing desk this morning were insurers asking about wrong invoices or missing credit notes. Agents could not see the contract terms, so each call needed a callback.' },
      { title: 'Onboarding workshop at {account}', touchPoint: 'onboarding', body: 'The customer had filled in the same entity details on three different forms. The trainer was excellent, but the workshop started late because access had not been set up.' },
    ],
    complaint_letter: [
      { title: 'Complaint: repeated invoicing errors', touchPoint: 'invoice', body: 'Dear Sir or Madam, for the third consecutive month your invoice does not match our contract. We have requested a credit note twice. Please correct the invoices and confirm in writing.' },
      { title: 'Complaint: fee increase without notice', touchPoint: 'invoice', body: 'We were not informed about the fee increase before it appeared on the invoice. This is not acceptable. We ask for the previous rate until the change is properly notified.' },
    ],
  },
  'Asset Management': {
    interview: [
      { title: 'Reporting interview, {account}', touchPoint: 'reporting-portal', body: 'The head of reporting says the portal is so slow at quarter-end that her team rebuilds the reports in Excel. The data is right, but it arrives a day after the board pack needs it. Their client service lead is superb.' },
      { title: 'Quarterly review with {account}', touchPoint: 'account-management', body: 'They value the custody service and the quarterly reviews. Holdings in the portal did not match the custody statement for a week last month, and nobody explained why. That has hurt confidence.' },
      { title: 'Fund launch debrief, {account}', touchPoint: 'onboarding', body: 'Three new funds set up in days, which impressed them. The onboarding team knew exactly what they needed. Exports from the portal still need manual clean-up.' },
      { title: 'Data operations interview, {account}', touchPoint: 'reporting-portal', body: 'NAV data arrived late three times this quarter; their own clients noticed before they did. They like the people but called the portal "the weak spot".' },
    ],
    focus_group: [
      { title: 'Asset managers reporting panel', touchPoint: 'reporting-portal', body: 'Six reporting leads. All use the portal daily; all said it slows down or times out at quarter-end with large portfolios. Data accuracy was rated good, timeliness poor. They asked for scheduled exports.' },
      { title: 'Client service round table', touchPoint: 'account-management', body: 'Participants praised their client service leads and the custody operations. The recurring theme was the reporting portal: slow, rigid exports, and outages during month-end close.' },
    ],
    forum_post: [
      { title: 'Portal down at month-end again', touchPoint: 'reporting-portal', body: 'The reporting portal was down during our month-end close. Twice. Does anyone have a workaround for pulling positions when it is unavailable?' },
      { title: 'Scheduled exports?', touchPoint: 'reporting-portal', body: 'Would love scheduled exports in CSV. Rebuilding the performance report every quarter by hand is painful.' },
      { title: 'Great onboarding for our new funds', touchPoint: 'onboarding', body: 'Shout-out to the onboarding team: three fund launches without a hitch.' },
    ],
    observation: [
      { title: 'Quarter-end at {account}', touchPoint: 'reporting-portal', body: 'Sat with their reporting team on the last day of the quarter. The portal took over a minute per report and timed out twice. They kept a backup spreadsheet open all day.' },
      { title: 'Custody operations visit', touchPoint: 'account-management', body: 'Custody processes ran smoothly. The client service lead knew every open item by heart. The only friction was reconciling portal holdings with the custody statement.' },
    ],
    complaint_letter: [
      { title: 'Complaint: incorrect performance figures', touchPoint: 'reporting-portal', body: 'The performance figures in our client reports generated from your portal were wrong for two funds. We had to reissue reports to our clients. We require a root-cause analysis.' },
      { title: 'Complaint: late NAV data', touchPoint: 'reporting-portal', body: 'NAV data was delivered late on three occasions this quarter, contrary to the agreed service level. Please confirm the measures you are taking.' },
    ],
  },
};

const FORUM_HANDLES = ['ops_lead_77', 'treasury.tom', 'claims-handler-k', 'finance_ana', 'report_builder', 'custody_chris', 'pm_rachel', 'it_integrations'];

export interface DemoFeedbackOptions {
  accounts: readonly RespondingAccount[];
  /** Each market's unit and who writes its notes: the account executives and the market manager. */
  markets: ReadonlyMap<string, { unitId: string; executives: readonly string[]; manager: string }>;
  /** Items per market. */
  perMarket: number;
}

/** Creates the demo's feedback items through the feedback service, so they are stored and analysed as users' would be. */
export async function createDemoFeedback(svc: Services, actor: Actor, rnd: Random, opts: DemoFeedbackOptions): Promise<number> {
  const touchPoints = new Map((await svc.db.selectFrom('touch_points').select(['id', 'key']).where('company_id', '=', actor.unitId).execute()).map((t) => [t.key, t.id]));
  const today = dayOf(svc.now());
  let created = 0;
  for (const [name, templates] of Object.entries(ITEMS) as [Market, (typeof ITEMS)[Market]][]) {
    const market = opts.markets.get(name);
    const accounts = opts.accounts.filter((a) => a.market.name === name);
    if (!market || accounts.length === 0) continue;
    // Posts, panels and visits happen once; interviews, letters and visits to an account recur, each
    // time with another account, so no two items read alike on one page.
    const all = (Object.entries(templates) as [FeedbackKind, Template[]][]).flatMap(([kind, list]) => list.map((template) => ({ kind, template })));
    const recurring = all.filter(({ kind, template }) => kind === 'interview' || kind === 'complaint_letter' || template.title.includes('{account}'));
    const once = all.filter((t) => !recurring.includes(t));
    const order = [...rnd.shuffle(once), ...Array.from({ length: Math.max(0, opts.perMarket - once.length) }, (_, k) => recurring[k % recurring.length])].slice(0, opts.perMarket);
    for (const entry of order) {
      if (!entry) continue;
      const { kind, template } = entry;
      const account = rnd.pick(accounts);
      const aboutAccount = template.title.includes('{account}') || template.body.includes('{account}') || kind === 'interview' || kind === 'complaint_letter';
      const fill = (text: string) => text.replaceAll('{account}', account.name);
      const author =
        kind === 'forum_post' ? `${rnd.pick(FORUM_HANDLES)} (community forum)`
        : kind === 'focus_group' ? market.manager
        : kind === 'complaint_letter' ? 'Customer relations'
        : rnd.pick(market.executives);
      await createFeedback(svc, actor, {
        kind,
        title: fill(template.title),
        body: fill(template.body),
        author,
        occurredOn: addDays(today, -rnd.int(2, 364)),
        unitId: aboutAccount ? account.unit.id : market.unitId,
        accountId: aboutAccount ? account.id : null,
        contactId: aboutAccount && kind !== 'observation' ? rnd.pick(account.contacts).id : null,
        touchPointId: template.touchPoint ? (touchPoints.get(template.touchPoint) ?? null) : null,
      });
      created++;
    }
  }
  return created;
}
