import { sql } from 'kysely';
import type { Condition } from '../../../core/conditions.ts';
import type { PolicyContact } from '../../../core/contact-policy.ts';
import { evaluate, type Respondent } from '../../../core/logic.ts';
import type { Db } from '../../db/connect.ts';

/**
 * The people a programme may reach: contacts with their accounts, shaped both for filters (the
 * `contact:` and `account:` fields a segment or population condition names) and for the contact
 * policy.
 */

export interface Member {
  contactId: string;
  accountId: string | null;
  unitId: string;
  email: string;
  name: string | null;
  audienceRole: string | null;
  locale: string;
  timeZone: string;
  accountName: string | null;
  ownerUserId: string | null;
  /** What filters see. */
  fields: Respondent;
  policy: PolicyContact;
}

type Row = {
  id: string;
  account_id: string | null;
  unit_id: string;
  email: string;
  crm_id: string | null;
  name: string | null;
  audience_role: string | null;
  locale: string;
  time_zone: string;
  consent: 'granted' | 'unknown' | 'withdrawn';
  opted_out_at: Date | null;
  bounce_state: 'none' | 'soft' | 'hard' | 'complaint';
  attributes: Record<string, string>;
  created_at: Date;
  a_name: string | null;
  a_code: string | null;
  a_crm_id: string | null;
  a_status: string | null;
  a_key: boolean | null;
  a_billed: number | null;
  a_attributes: Record<string, string> | null;
  a_owner: string | null;
  owner_email: string | null;
  unit_name: string;
};

function selectMembers(db: Db) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('users as o', 'o.id', 'a.owner_user_id')
    .innerJoin('units as u', (j) => j.on(sql<boolean>`u.id = coalesce(a.unit_id, c.unit_id)`))
    .select([
      'c.id',
      'c.account_id',
      sql<string>`coalesce(a.unit_id, c.unit_id)`.as('unit_id'),
      'c.email',
      'c.crm_id',
      'c.name',
      'c.audience_role',
      'c.locale',
      'c.time_zone',
      'c.consent',
      'c.opted_out_at',
      'c.bounce_state',
      'c.attributes',
      'c.created_at',
      'a.name as a_name',
      'a.code as a_code',
      'a.crm_id as a_crm_id',
      'a.status as a_status',
      'a.key_account as a_key',
      'a.billed_revenue as a_billed',
      'a.attributes as a_attributes',
      'a.owner_user_id as a_owner',
      'o.email as owner_email',
      'u.name as unit_name',
    ]);
}

function toMember(r: Row): Member {
  const contact: Record<string, string> = { ...r.attributes, email: r.email, locale: r.locale, time_zone: r.time_zone, consent: r.consent };
  if (r.name) Object.assign(contact, { name: r.name, first_name: r.name.split(/\s+/)[0] ?? r.name });
  if (r.crm_id) contact['crm_id'] = r.crm_id;
  if (r.audience_role) contact['audience_role'] = r.audience_role;
  const account: Record<string, string> = { ...(r.a_attributes ?? {}), unit: r.unit_name };
  if (r.a_name !== null) {
    Object.assign(account, { name: r.a_name, crm_id: r.a_crm_id ?? '', status: r.a_status ?? 'active', key_account: String(r.a_key ?? false) });
    if (r.a_code) account['code'] = r.a_code;
    if (r.a_billed !== null) account['billed_revenue'] = String(r.a_billed);
    if (r.owner_email) account['owner'] = r.owner_email;
  }
  return {
    contactId: r.id,
    accountId: r.account_id,
    unitId: r.unit_id,
    email: r.email,
    name: r.name,
    audienceRole: r.audience_role,
    locale: r.locale,
    timeZone: r.time_zone,
    accountName: r.a_name,
    ownerUserId: r.a_owner,
    fields: { contact, account, audience: r.audience_role, language: r.locale },
    policy: {
      id: r.id,
      accountId: r.account_id,
      createdAt: r.created_at,
      audienceRole: r.audience_role,
      attributes: r.attributes,
      consent: r.consent,
      optedOut: r.opted_out_at !== null,
      bounce: r.bounce_state,
      email: r.email,
    },
  };
}

/** Every contact of the company within a unit path whose account is active, matching a filter. */
export async function loadPopulation(db: Db, companyId: string, unitPath: string, filter: Condition | undefined): Promise<Member[]> {
  const rows = (await selectMembers(db)
    .where('c.company_id', '=', companyId)
    .where('u.path', 'like', `${unitPath}%`)
    .where((eb) => eb.or([eb('a.status', 'is', null), eb('a.status', '=', 'active')]))
    .orderBy('c.id')
    .execute()) as Row[];
  const members = rows.map(toMember);
  return filter ? members.filter((m) => evaluate(filter, {}, m.fields)) : members;
}

/** Some contacts by id, as members. */
export async function loadMembers(db: Db, contactIds: readonly string[]): Promise<Map<string, Member>> {
  if (contactIds.length === 0) return new Map();
  const rows = (await selectMembers(db).where('c.id', 'in', [...contactIds]).execute()) as Row[];
  return new Map(rows.map((r) => [r.id, toMember(r)]));
}

/** Whether a member matches a filter (also with an event's attributes, for triggers). */
export function matchesFilter(filter: Condition | undefined, member: Member, event?: Record<string, string>): boolean {
  if (!filter) return true;
  return evaluate(filter, {}, event ? { ...member.fields, event } : member.fields);
}
