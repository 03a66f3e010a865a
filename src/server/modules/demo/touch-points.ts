import type { TouchPointCreateInput } from '../../../contract/touch-points.ts';
import type { Services } from '../../context.ts';
import { recordAudit, SYSTEM } from '../audit/service.ts';
import { putCorridorOf } from '../touch-points/corridors.ts';
import { upsertTouchPointsOf } from '../touch-points/service.ts';

/**
 * HiTouch's touch-point catalogue: the keys its surveys already name, plus the places a bank's or
 * insurer's people meet a B2B provider; and one corridor per audience role of its contacts.
 */

export const DEMO_TOUCH_POINTS: TouchPointCreateInput[] = [
  // The brand-promise questions (from the templates) name these two.
  { key: 'marketing', name: 'Advertising and brand', stage: 'awareness', channel: 'media', direct: false, owningFunction: 'marketing', description: 'Campaigns, trade press and what the brand promises.' },
  { key: 'sales', name: 'Sales conversations', stage: 'consideration', channel: 'in_person', direct: true, owningFunction: 'sales', description: 'Everything the sales team says and promises before the contract.' },
  { key: 'website', name: 'Website', stage: 'awareness', channel: 'web', direct: false, owningFunction: 'marketing', description: 'Product pages, case studies and the pricing enquiry form.' },
  { key: 'trade-fair', name: 'Trade fair', stage: 'awareness', channel: 'event', direct: true, owningFunction: 'marketing', description: 'Sibos and the regional banking and insurance fairs.' },
  { key: 'sales-meeting', name: 'Sales meeting', stage: 'consideration', channel: 'in_person', direct: true, owningFunction: 'sales', description: 'Discovery and proposal meetings with the account executive.' },
  { key: 'installation', name: 'Installation', stage: 'onboarding', channel: 'partner', direct: true, owningFunction: 'service_operations', description: 'Connecting the client’s systems, done with an integration partner.' },
  { key: 'onboarding', name: 'Onboarding', stage: 'onboarding', channel: 'in_person', direct: true, owningFunction: 'customer_success', description: 'Setting up entities, users and reports; training the client’s team.' },
  { key: 'reporting-portal', name: 'Reporting portal', stage: 'use', channel: 'web', direct: true, owningFunction: 'product_development', description: 'Daily positions, risk reports and exports.' },
  { key: 'service-call', name: 'Service call', stage: 'service', channel: 'phone', direct: true, owningFunction: 'service_operations', description: 'A service request to the support desk, by phone or the portal, until it is closed.' },
  { key: 'account-management', name: 'Account management', stage: 'use', channel: 'in_person', direct: true, owningFunction: 'sales', description: 'Quarterly reviews and the day-to-day contact with the account team.' },
  { key: 'invoice', name: 'Invoice', stage: 'billing', channel: 'email', direct: false, owningFunction: 'finance', description: 'The monthly invoice and its line items against the contract.' },
  { key: 'renewal', name: 'Contract renewal', stage: 'renewal', channel: 'in_person', direct: true, owningFunction: 'sales', description: 'Renegotiating the contract before it runs out.' },
  { key: 'relationship', name: 'The relationship as a whole', stage: 'advocacy', channel: 'other', direct: false, owningFunction: 'customer_success', description: 'How the client sees HiTouch overall: what the relationship survey asks.' },
];

/** The corridor of each audience role among HiTouch's contacts. */
export const DEMO_CORRIDORS: { audienceRole: string; name: string; touchPoints: string[] }[] = [
  { audienceRole: 'executive', name: 'Executives', touchPoints: ['trade-fair', 'sales-meeting', 'account-management', 'renewal', 'relationship'] },
  { audienceRole: 'purchasing_agent', name: 'Purchasing agents', touchPoints: ['website', 'sales-meeting', 'invoice', 'renewal'] },
  { audienceRole: 'operations', name: 'Operations', touchPoints: ['onboarding', 'reporting-portal', 'service-call', 'account-management'] },
  { audienceRole: 'it', name: 'IT', touchPoints: ['website', 'installation', 'onboarding', 'reporting-portal', 'service-call'] },
];

/** Which demo survey (by slug) listens at which touch point. */
const SURVEY_TOUCH_POINTS: Record<string, string> = { 'hitouch-relationship': 'relationship', 'hitouch-service': 'service-call' };

/** The touch points further transactional demo surveys listen at (`corridor demo --surveys`), in turn. */
export const EXTRA_SURVEY_TOUCH_POINTS = DEMO_TOUCH_POINTS.filter((t) => !Object.values(SURVEY_TOUCH_POINTS).includes(t.key));

/**
 * Creates HiTouch's catalogue and corridors, and ties the demo surveys (when they exist) to their
 * touch points; `extra` maps the slugs of further surveys to theirs.
 */
export async function createDemoTouchPoints(svc: Services, companyId: string, extra: Record<string, string> = {}): Promise<void> {
  const { touchPoints } = await upsertTouchPointsOf(svc, SYSTEM, companyId, DEMO_TOUCH_POINTS);
  for (const c of DEMO_CORRIDORS) await putCorridorOf(svc, SYSTEM, companyId, c.audienceRole, c);
  const idOf = new Map(touchPoints.map((t) => [t.key, t.id]));
  for (const [slug, key] of Object.entries({ ...SURVEY_TOUCH_POINTS, ...extra })) {
    const touchPointId = idOf.get(key);
    if (!touchPointId) continue;
    await svc.db.transaction().execute(async (tx) => {
      const survey = await tx
        .updateTable('surveys')
        .set({ touch_point_id: touchPointId })
        .where('slug', '=', slug)
        .where('unit_id', 'in', tx.selectFrom('units').select('id').where('path', 'like', `/${companyId}/%`))
        .returning(['id', 'unit_id']).executeTakeFirst();
      if (survey) await recordAudit(tx, SYSTEM, { action: 'survey.update', entityType: 'survey', entityId: survey.id, unitId: survey.unit_id, details: { fields: ['touchPointKey'] } });
    });
  }
}
