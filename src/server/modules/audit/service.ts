import type { Db } from '../../db/connect.ts';
import type { Actor } from '../auth/actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  unitId?: string | null;
  details?: Record<string, unknown>;
}

export type AuditActor = Pick<Actor, 'type' | 'id' | 'label'> | { type: 'system' | 'respondent'; id: null; label: string };

/** Appends to the audit log; call it inside the transaction that makes the change. */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_type: actor.type,
      actor_id: actor.id,
      actor_label: actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      unit_id: entry.unitId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

export const SYSTEM: AuditActor = { type: 'system', id: null, label: 'system' };
