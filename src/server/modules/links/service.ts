import { sql } from 'kysely';
import type { Link, PersonalLinkCreateInput } from '../../../contract/links.ts';
import { PersonalLinkCreateSchema } from '../../../contract/links.ts';
import type { Respondent } from '../../../core/logic.ts';
import { SurveyDefinitionSchema } from '../../../core/survey-definition.ts';
import type { Services } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { recordAudit } from '../audit/service.ts';
import { authorize, canSeeUnit, type Actor } from '../auth/actor.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import type { LiveSurvey } from '../responses/service.ts';
import { getSurveyForChange } from '../surveys/service.ts';

/**
 * Links that say who answers or what is shown: a personal link ties a response to one known contact
 * (their attributes and account fill in what is known, and the link takes one response); a draft
 * preview link shows a survey's draft to anyone holding it, and records nothing.
 */

/** A personal link for one contact to one survey. */
export async function createPersonalLink(svc: Services, actor: Actor, surveyId: string, raw: PersonalLinkCreateInput): Promise<Link> {
  authorize(actor, 'surveys.write');
  const input = PersonalLinkCreateSchema.parse(raw);
  const survey = await getSurveyForChange(svc, actor, surveyId);
  const contact = await svc.db
    .selectFrom('contacts as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'u.path'])
    .where('c.id', '=', input.contactId)
    .executeTakeFirst();
  if (!contact || !canSeeUnit(actor, contact.path)) throw new NotFoundError('The contact');
  const token = newToken();
  await svc.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('personal_links')
      .values({ survey_id: survey.id, contact_id: contact.id, token_hash: hashToken(token), created_by: actor.type === 'user' ? actor.id : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'personal_link.create', entityType: 'personal_link', entityId: row.id, unitId: survey.unitId, details: { surveyId: survey.id, contactId: contact.id } });
  });
  return { url: `${svc.baseUrl}/s/${survey.slug}?t=${token}` };
}

export interface PersonalLink {
  id: string;
  contactId: string;
  accountId: string | null;
  unitId: string;
  audienceRole: string | null;
  locale: string;
  contact: Record<string, string>;
  account: Record<string, string>;
  /** The attributes of the event behind the link's invitation, if an event triggered it. */
  event: Record<string, string> | null;
}

function selectLinks(svc: Services) {
  return svc.db
    .selectFrom('personal_links as l')
    .innerJoin('contacts as c', 'c.id', 'l.contact_id')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    // An invitation triggered by an event lends the survey the event's attributes (`event:<attribute>`).
    .leftJoin('invitations as i', 'i.personal_link_id', 'l.id')
    .leftJoin('events as e', 'e.id', 'i.event_id')
    .select(['e.attributes as event_attributes'])
    .select(['l.id', 'c.id as contact_id', 'c.account_id', 'c.unit_id', 'c.name', 'c.email', 'c.audience_role', 'c.locale', 'c.attributes', 'a.unit_id as account_unit_id', 'a.name as account_name', 'a.code as account_code', 'a.crm_id', 'a.attributes as account_attributes']);
}

/**
 * Matches the personal link aliased `l` by any of its tokens: its own, or a further one (a
 * reminder's) that opens the same link.
 */
export function linkHasToken(token: string) {
  const hash = hashToken(token);
  return sql<boolean>`(l.token_hash = ${hash} or l.id in (select t.personal_link_id from personal_link_tokens t where t.token_hash = ${hash}))`;
}

/** The personal link behind a token for this survey, with what is known of its contact; null when there is none. */
export async function findPersonalLink(svc: Services, surveyId: string, token: string): Promise<PersonalLink | null> {
  const row = await selectLinks(svc)
    .where(linkHasToken(token))
    .where('l.survey_id', '=', surveyId)
    .executeTakeFirst();
  return row ? presentLink(row) : null;
}

/** A personal link by its id (a session remembers which link it came from). */
export async function findPersonalLinkById(svc: Services, id: string): Promise<PersonalLink | null> {
  const row = await selectLinks(svc).where('l.id', '=', id).executeTakeFirst();
  return row ? presentLink(row) : null;
}

function presentLink(row: Awaited<ReturnType<ReturnType<typeof selectLinks>['executeTakeFirstOrThrow']>>): PersonalLink {
  const name = row.name ?? '';
  const contact: Record<string, string> = { ...row.attributes, email: row.email, locale: row.locale };
  if (name) Object.assign(contact, { name, first_name: name.split(/\s+/)[0] ?? name });
  if (row.audience_role) contact['audience_role'] = row.audience_role;
  const account: Record<string, string> = { ...(row.account_attributes ?? {}) };
  if (row.account_name) account['name'] = row.account_name;
  if (row.account_code) account['code'] = row.account_code;
  if (row.crm_id) account['crm_id'] = row.crm_id;
  return {
    id: row.id,
    contactId: row.contact_id,
    accountId: row.account_id,
    unitId: row.account_unit_id ?? row.unit_id,
    audienceRole: row.audience_role,
    locale: row.locale,
    contact,
    account,
    event: row.event_attributes ?? null,
  };
}

/** The respondent a personal link stands for, answering in a language. */
export function respondentOf(link: PersonalLink | null, audience: string | null, language: string): Respondent {
  return { contact: link?.contact ?? {}, account: link?.account ?? {}, ...(link?.event ? { event: link.event } : {}), audience: link?.audienceRole ?? audience, language };
}

/** Makes (or replaces) the survey's draft preview link; an older link stops working. */
export async function createPreviewLink(svc: Services, actor: Actor, surveyId: string): Promise<Link> {
  authorize(actor, 'surveys.write');
  const survey = await getSurveyForChange(svc, actor, surveyId);
  const token = newToken();
  await svc.db.transaction().execute(async (tx) => {
    await tx.updateTable('surveys').set({ preview_token_hash: hashToken(token) }).where('id', '=', survey.id).execute();
    await recordAudit(tx, actor, { action: 'survey.preview_link', entityType: 'survey', entityId: survey.id, unitId: survey.unitId });
  });
  return { url: `${svc.baseUrl}/s/preview/${token}` };
}

/** The draft behind a preview token, shaped like a live survey; null when the token is unknown. */
export async function findPreviewSurvey(svc: Services, token: string): Promise<LiveSurvey | null> {
  const row = await svc.db
    .selectFrom('surveys as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .innerJoin('units as c', (join) => join.on(sql`c.id::text`, '=', sql`split_part(u.path, '/', 2)`))
    .select(['s.id', 's.slug', 's.title', 's.unit_id', 'u.path', 'c.name as company_name', 's.draft_definition'])
    .where('s.preview_token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const parsed = SurveyDefinitionSchema.safeParse(row.draft_definition);
  if (!parsed.success) return null;
  return {
    surveyId: row.id,
    slug: row.slug,
    title: row.title,
    status: 'live',
    unitId: row.unit_id,
    unitPath: row.path,
    companyName: row.company_name,
    versionId: '',
    versionNumber: 0,
    definition: parsed.data,
  };
}
