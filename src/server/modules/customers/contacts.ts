import { sql } from 'kysely';
import { ContactListQuerySchema, OptInSchema, OptOutSchema, type ContactDetail, type ContactHistoryItem, type ContactList, type ContactListQuery, type ContactSummary, type OptInInput } from '../../../contract/contacts.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { npsKeysOf, npsOf } from './nps.ts';
import { companyIdOf } from '../units/service.ts';

/** Contacts within the actor's scope: the list, one contact with its full history, opting out and back in. */

function selectContacts(db: Db, actor: Actor) {
  return db
    .selectFrom('contacts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .select([
      'c.id', 'c.email', 'c.crm_id', 'c.name', 'c.audience_role', 'c.locale', 'c.time_zone', 'c.consent', 'c.opted_out_at', 'c.opt_out_source', 'c.bounce_state', 'c.bounced_at',
      'c.account_id', 'a.name as account_name', 'c.unit_id', 'u.name as unit_name', 'c.attributes', 'c.created_at', 'c.updated_at',
    ])
    .where('c.company_id', '=', companyIdOf(actor.unitPath))
    .where('u.path', 'like', `${actor.unitPath}%`);
}

type ContactRow = Awaited<ReturnType<ReturnType<typeof selectContacts>['executeTakeFirstOrThrow']>>;

function presentContact(c: ContactRow): ContactSummary {
  return {
    id: c.id,
    email: c.email,
    crmId: c.crm_id,
    name: c.name,
    audienceRole: c.audience_role,
    locale: c.locale,
    timeZone: c.time_zone,
    consent: c.consent,
    optedOut: c.opted_out_at !== null,
    bounceState: c.bounce_state,
    accountId: c.account_id,
    accountName: c.account_name,
    unitId: c.unit_id,
  };
}

export async function listContacts(svc: Services, actor: Actor, raw: ContactListQuery): Promise<ContactList> {
  authorize(actor, 'customers.read');
  const query = ContactListQuerySchema.parse(raw);
  let q = selectContacts(svc.db, actor);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`).toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(c.email)`, 'like', like), eb(sql`lower(coalesce(c.name, ''))`, 'like', like), eb(sql`lower(coalesce(c.crm_id, ''))`, 'like', like)]));
  }
  if (query.accountId) q = q.where('c.account_id', '=', query.accountId);
  const total = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await q.orderBy('c.name').orderBy('c.email').limit(query.limit).offset(query.offset).execute();
  return { contacts: rows.map(presentContact), total: total.n, limit: query.limit, offset: query.offset };
}

async function findContact(svc: Services, actor: Actor, id: string): Promise<ContactRow> {
  const row = await selectContacts(svc.db, actor).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('The contact');
  return row;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Everything that happened with a contact, newest first: invitations, responses, events, opt-outs and bounces. */
async function contactHistory(db: Db, c: ContactRow): Promise<ContactHistoryItem[]> {
  const invitations = await db
    .selectFrom('invitations as i')
    .innerJoin('programmes as p', 'p.id', 'i.programme_id')
    .innerJoin('surveys as s', 's.id', 'i.survey_id')
    .select([
      'i.id', 'p.name as programme_name', 's.title', 'i.wave', 'i.status', 'i.scheduled_at', 'i.sent_at', 'i.opened_at', 'i.started_at', 'i.suppression_reason', 'i.suppression_detail',
      sql<Date | null>`(select min(r.submitted_at) from responses r where i.personal_link_id is not null and r.personal_link_id = i.personal_link_id and r.status = 'complete')`.as('completed_at'),
    ])
    .where('i.contact_id', '=', c.id)
    .execute();
  const responses = await db
    .selectFrom('responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.id', 'r.survey_id', 's.title', 'r.submitted_at', 'r.status', 'r.version_id', 'r.answers'])
    .where('r.contact_id', '=', c.id)
    .execute();
  const npsKeys = await npsKeysOf(db, responses.map((r) => r.version_id));
  const events = await db
    .selectFrom('events as e')
    .leftJoin('touch_points as t', 't.id', 'e.touch_point_id')
    .select(['e.id', 'e.type', 'e.occurred_at', 't.name as touch_point'])
    .where('e.contact_id', '=', c.id)
    .execute();
  const audit = await db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor_label', 'details'])
    .where('entity_type', '=', 'contact')
    .where('entity_id', '=', c.id)
    .orderBy('id', 'desc')
    .execute();
  const items: ContactHistoryItem[] = [
    ...invitations.map((i): ContactHistoryItem => ({
      kind: 'invitation',
      at: iso(i.sent_at ?? i.scheduled_at) ?? '',
      id: i.id,
      programmeName: i.programme_name,
      surveyTitle: i.title,
      wave: i.wave,
      status: i.status,
      scheduledAt: iso(i.scheduled_at) ?? '',
      sentAt: iso(i.sent_at),
      openedAt: iso(i.opened_at),
      startedAt: iso(i.started_at),
      completedAt: iso(i.completed_at),
      suppressionReason: i.suppression_reason,
      suppressionDetail: i.suppression_detail,
    })),
    ...responses.map((r): ContactHistoryItem => ({ kind: 'response', at: iso(r.submitted_at) ?? '', id: r.id, surveyId: r.survey_id, surveyTitle: r.title, status: r.status, nps: npsOf(r.answers, npsKeys.get(r.version_id)) })),
    ...events.map((e): ContactHistoryItem => ({ kind: 'event', at: iso(e.occurred_at) ?? '', id: e.id, type: e.type, touchPoint: e.touch_point })),
    ...audit.map((a): ContactHistoryItem => ({ kind: 'state', at: a.at.toISOString(), action: a.action, by: a.actor_label, detail: typeof a.details['reason'] === 'string' ? a.details['reason'] : null })),
  ];
  // An import opts contacts out in bulk (one audit entry per file), and a bounce may come without an entry.
  const optedOutAt = c.opted_out_at;
  if (optedOutAt && c.opt_out_source !== 'staff' && !audit.some((a) => a.action === 'contact.opt_out' && a.at >= optedOutAt)) {
    items.push({ kind: 'state', at: optedOutAt.toISOString(), action: 'contact.opt_out', by: c.opt_out_source ?? 'unknown', detail: null });
  }
  if (c.bounced_at && !audit.some((a) => a.action === 'contact.bounce')) {
    items.push({ kind: 'state', at: c.bounced_at.toISOString(), action: 'contact.bounce', by: 'mail', detail: c.bounce_state });
  }
  return items.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

export async function getContact(svc: Services, actor: Actor, id: string): Promise<ContactDetail> {
  authorize(actor, 'customers.read');
  const c = await findContact(svc, actor, id);
  return {
    ...presentContact(c),
    unitName: c.unit_name,
    attributes: c.attributes,
    optedOutAt: iso(c.opted_out_at),
    optOutSource: c.opt_out_source,
    bouncedAt: iso(c.bounced_at),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    history: await contactHistory(svc.db, c),
  };
}

/** Opts a contact out of every programme; anyone who may read the contact may record it (the customer asked). */
export async function optOutContact(svc: Services, actor: Actor, id: string, raw: { reason?: string | undefined } = {}): Promise<ContactDetail> {
  authorize(actor, 'customers.read');
  const input = OptOutSchema.parse(raw);
  const c = await findContact(svc, actor, id);
  if (!c.opted_out_at) {
    await svc.db.transaction().execute(async (tx) => {
      await tx.updateTable('contacts').set({ opted_out_at: svc.now(), opt_out_source: 'staff', updated_at: svc.now() }).where('id', '=', id).execute();
      await recordAudit(tx, actor, { action: 'contact.opt_out', entityType: 'contact', entityId: id, unitId: c.unit_id, details: input.reason ? { reason: input.reason } : {} });
    });
  }
  return getContact(svc, actor, id);
}

/** Clears an opt-out: admins only, with the reason kept in the audit log. */
export async function optInContact(svc: Services, actor: Actor, id: string, raw: OptInInput): Promise<ContactDetail> {
  authorize(actor, 'customers.write');
  if (actor.role !== 'admin') throw new ForbiddenError('Only an admin may clear an opt-out');
  const input = OptInSchema.parse(raw);
  const c = await findContact(svc, actor, id);
  const optedOutAt = c.opted_out_at;
  if (optedOutAt) {
    await svc.db.transaction().execute(async (tx) => {
      await tx.updateTable('contacts').set({ opted_out_at: null, opt_out_source: null, updated_at: svc.now() }).where('id', '=', id).execute();
      await recordAudit(tx, actor, { action: 'contact.opt_in', entityType: 'contact', entityId: id, unitId: c.unit_id, details: { reason: input.reason, optedOutAt: optedOutAt.toISOString(), source: c.opt_out_source } });
    });
  }
  return getContact(svc, actor, id);
}
