import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/contract/common.ts';
import type { Db } from '../../src/server/db/connect.ts';
import type { App } from '../../src/server/app.ts';
import { hashToken, newToken } from '../../src/server/modules/auth/secrets.ts';
import { createUnit, type UnitRow } from '../../src/server/modules/units/service.ts';
import { createApiKey, createUser } from '../../src/server/modules/users/service.ts';

/** A company of its own for one test: two markets with a region each. */
export interface TestCompany {
  company: UnitRow;
  banking: UnitRow;
  insurance: UnitRow;
  bankingEmea: UnitRow;
}

export async function makeCompany(db: Db, name = `Company ${randomUUID().slice(0, 8)}`): Promise<TestCompany> {
  const company = await createUnit(db, { name, kind: 'company', parentId: null });
  const banking = await createUnit(db, { name: 'Banking', kind: 'market', parentId: company.id });
  const insurance = await createUnit(db, { name: 'Insurance', kind: 'market', parentId: company.id });
  const bankingEmea = await createUnit(db, { name: 'EMEA', kind: 'region', parentId: banking.id });
  return { company, banking, insurance, bankingEmea };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export async function makeUser(db: Db, role: Role, unitId: string): Promise<TestUser> {
  const email = `${role}-${randomUUID().slice(0, 12)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const user = await createUser(db, null, { email, name: `${role} user`, password, role, unitId });
  return { id: user.id, email, password };
}

/** Logs in through the API and returns the Cookie header to send. */
export async function loginCookie(app: App, user: Pick<TestUser, 'email' | 'password'>): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'corridor_session');
  if (!cookie) throw new Error('no session cookie');
  return `corridor_session=${cookie.value}`;
}

export async function makeApiKey(db: Db, role: Role, unitId: string): Promise<string> {
  const { key } = await createApiKey(db, null, { name: `test key ${randomUUID().slice(0, 6)}`, role, unitId });
  return key;
}

export interface TestContact {
  id: string;
  accountId: string;
}

/** An account in a unit with one contact (name, role, locale and attributes as given). */
export async function makeContact(
  db: Db,
  unitId: string,
  contact: { name?: string; audienceRole?: string | null; locale?: string; attributes?: Record<string, string> } = {},
  account: { name?: string; attributes?: Record<string, string> } = {},
): Promise<TestContact> {
  const unit = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirstOrThrow();
  const companyId = unit.path.split('/')[1] ?? '';
  const a = await db
    .insertInto('accounts')
    .values({ company_id: companyId, unit_id: unitId, crm_id: `crm-${randomUUID().slice(0, 8)}`, name: account.name ?? 'Acme Ltd', attributes: JSON.stringify(account.attributes ?? {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const c = await db
    .insertInto('contacts')
    .values({
      company_id: companyId,
      account_id: a.id,
      unit_id: unitId,
      email: `contact-${randomUUID().slice(0, 8)}@example.test`,
      name: contact.name ?? 'Ana Silva',
      audience_role: contact.audienceRole ?? null,
      locale: contact.locale ?? 'en',
      attributes: JSON.stringify(contact.attributes ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: c.id, accountId: a.id };
}

export interface TestInvitation {
  id: string;
  programmeId: string;
  personalLinkId: string;
  /** The personal link's raw token: the survey link is /s/<slug>?t=<token>, the unsubscribe link /u/<token>. */
  token: string;
}

/**
 * An invitation of a contact to a survey, as the programmes make them: a programme, the contact's
 * personal link, and the invitation (scheduled now) that carries it.
 */
export async function makeInvitation(db: Db, opts: { surveyId: string; contactId: string; unitId: string; status?: 'scheduled' | 'sending' }): Promise<TestInvitation> {
  const unit = await db.selectFrom('units').select('path').where('id', '=', opts.unitId).executeTakeFirstOrThrow();
  const companyId = unit.path.split('/')[1] ?? '';
  const token = newToken();
  const programme = await db
    .insertInto('programmes')
    .values({ company_id: companyId, unit_id: opts.unitId, name: `Programme ${randomUUID().slice(0, 6)}`, kind: 'pulsed', survey_id: opts.surveyId, config: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const link = await db.insertInto('personal_links').values({ survey_id: opts.surveyId, contact_id: opts.contactId, token_hash: hashToken(token), created_by: null }).returning('id').executeTakeFirstOrThrow();
  const contact = await db.selectFrom('contacts').select('account_id').where('id', '=', opts.contactId).executeTakeFirstOrThrow();
  const invitation = await db
    .insertInto('invitations')
    .values({
      programme_id: programme.id,
      company_id: companyId,
      survey_id: opts.surveyId,
      contact_id: opts.contactId,
      account_id: contact.account_id,
      unit_id: opts.unitId,
      wave: 'once',
      status: opts.status ?? 'scheduled',
      scheduled_at: new Date(),
      personal_link_id: link.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: invitation.id, programmeId: programme.id, personalLinkId: link.id, token };
}
