import { sql } from 'kysely';
import { EventInputSchema, type EventInput, type EventResult } from '../../../contract/programmes.ts';
import { PersistentConfigSchema } from '../../../core/programme.ts';
import type { Services } from '../../context.ts';
import type { Db } from '../../db/connect.ts';
import type { EventOutcome } from '../../db/schema.ts';
import { ValidationError } from '../../errors.ts';
import { authorize, type Actor } from '../auth/actor.ts';
import { persistentSendTime, stringAttributes } from './candidates.ts';
import { loadMembers, matchesFilter } from './population.ts';
import { companyIdOf } from '../units/service.ts';

/**
 * Events reported by other systems (a closed service call, a finished installation): stored once
 * by their id, and each active persistent programme listening for the type invites the event's
 * contact — or says in the event's outcomes why it did not.
 */

async function findContact(db: Db, companyId: string, ref: { email?: string | undefined; crmId?: string | undefined }) {
  let q = db.selectFrom('contacts').select(['id', 'unit_id', 'account_id']).where('company_id', '=', companyId);
  q = ref.email ? q.where(sql`lower(email)`, '=', ref.email.toLowerCase()) : q.where('crm_id', '=', ref.crmId ?? '');
  return q.executeTakeFirst();
}

export async function recordEvent(svc: Services, actor: Actor, raw: EventInput): Promise<EventResult> {
  authorize(actor, 'events.write');
  const input = EventInputSchema.parse(raw);
  const companyId = companyIdOf(actor.unitPath);
  const db = svc.db;
  const account = input.account
    ? await db.selectFrom('accounts').select(['id', 'unit_id']).where('company_id', '=', companyId).where('crm_id', '=', input.account.crmId).executeTakeFirst()
    : undefined;
  if (input.account && !account) {
    throw new ValidationError(`No account has the CRM id "${input.account.crmId}"`, [{ path: 'account.crmId', message: 'Import the account first, or leave account out' }]);
  }
  const touchPoint = input.touchPoint
    ? await db.selectFrom('touch_points').select('id').where('company_id', '=', companyId).where('key', '=', input.touchPoint).executeTakeFirst()
    : undefined;
  if (input.touchPoint && !touchPoint) {
    throw new ValidationError(`There is no touch point "${input.touchPoint}" in the catalogue`, [{ path: 'touchPoint', message: 'Use a touch point key from the catalogue' }]);
  }
  const attributes = stringAttributes(input.attributes);
  const now = svc.now();

  return db.transaction().execute(async (tx) => {
    let contact = await findContact(tx, companyId, input.contact);
    const inserted = await tx
      .insertInto('events')
      .values({
        company_id: companyId,
        external_id: input.id,
        type: input.type,
        occurred_at: input.occurredAt,
        received_at: now,
        contact_id: contact?.id ?? null,
        account_id: account?.id ?? contact?.account_id ?? null,
        touch_point_id: touchPoint?.id ?? null,
        attributes: JSON.stringify(attributes),
        contact_ref: JSON.stringify(input.contact),
      })
      .onConflict((oc) => oc.columns(['company_id', 'external_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await tx.selectFrom('events').select(['id', 'outcomes']).where('company_id', '=', companyId).where('external_id', '=', input.id).executeTakeFirstOrThrow();
      return { id: existing.id, externalId: input.id, duplicate: true, outcomes: existing.outcomes };
    }
    const programmes = await tx
      .selectFrom('programmes as p')
      .innerJoin('units as u', 'u.id', 'p.unit_id')
      .select(['p.id', 'p.survey_id', 'p.config', 'u.path'])
      .where('p.company_id', '=', companyId)
      .where('p.kind', '=', 'persistent')
      .where('p.status', '=', 'active')
      .where(sql`p.config->'trigger'->>'eventType'`, '=', input.type)
      .execute();
    const outcomes: EventOutcome[] = [];
    for (const p of programmes) {
      const config = PersistentConfigSchema.parse(p.config);
      if (!contact && config.unknownContacts === 'create' && input.contact.email) {
        contact = await tx
          .insertInto('contacts')
          .values({
            company_id: companyId,
            account_id: account?.id ?? null,
            unit_id: account?.unit_id ?? companyId,
            email: input.contact.email,
            crm_id: input.contact.crmId ?? null,
            name: input.contact.name ?? null,
            audience_role: input.contact.audienceRole ?? null,
            locale: input.contact.locale ?? 'en',
            time_zone: input.contact.timeZone ?? 'UTC',
          })
          .returning(['id', 'unit_id', 'account_id'])
          .executeTakeFirstOrThrow();
        await tx.updateTable('events').set({ contact_id: contact.id }).where('id', '=', inserted.id).execute();
      }
      if (!contact) {
        outcomes.push({ programmeId: p.id, result: 'skipped', reason: 'unknown_contact' });
        continue;
      }
      const member = (await loadMembers(tx, [contact.id])).get(contact.id);
      if (!member || !member.unitId || !(await unitWithin(tx, member.unitId, p.path))) {
        outcomes.push({ programmeId: p.id, result: 'skipped', reason: 'outside_programme_unit' });
        continue;
      }
      if (!matchesFilter(config.trigger.filter, member, attributes)) {
        outcomes.push({ programmeId: p.id, result: 'skipped', reason: 'filter_not_matched' });
        continue;
      }
      const invitation = await tx
        .insertInto('invitations')
        .values({
          programme_id: p.id,
          company_id: companyId,
          survey_id: p.survey_id,
          contact_id: member.contactId,
          account_id: member.accountId,
          unit_id: member.unitId,
          wave: input.id,
          event_id: inserted.id,
          scheduled_at: persistentSendTime(config, new Date(input.occurredAt), member.timeZone, now),
        })
        .onConflict((oc) => oc.columns(['programme_id', 'contact_id', 'wave']).doNothing())
        .returning('id')
        .executeTakeFirst();
      outcomes.push(invitation ? { programmeId: p.id, result: 'invited', invitationId: invitation.id } : { programmeId: p.id, result: 'skipped', reason: 'already_invited' });
    }
    await tx.updateTable('events').set({ outcomes: JSON.stringify(outcomes) }).where('id', '=', inserted.id).execute();
    return { id: inserted.id, externalId: input.id, duplicate: false, outcomes };
  });
}

async function unitWithin(db: Db, unitId: string, path: string): Promise<boolean> {
  const row = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  return row !== undefined && row.path.startsWith(path);
}
