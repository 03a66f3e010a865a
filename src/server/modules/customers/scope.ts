import type { Db } from '../../db/connect.ts';
import type { AuditActor } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { companyIdOf } from '../units/service.ts';

/**
 * Where a bulk change of customer data may reach: one company, the units under a path within it, and
 * the unit new rows go to when they name none. An API caller's scope is their own unit; the command
 * line's is the company (the operator runs it on the server).
 */
export interface CustomerScope {
  companyId: string;
  unitPath: string;
  defaultUnitId: string;
  audit: AuditActor;
}

export function scopeOfActor(actor: Actor): CustomerScope {
  return { companyId: companyIdOf(actor.unitPath), unitPath: actor.unitPath, defaultUnitId: actor.unitId, audit: actor };
}

export interface UnitEntry {
  id: string;
  path: string;
  name: string;
}

/**
 * The company's units, found by id or by name: a bare name ("Europe"), or the names from below the
 * company down ("Banking / Europe") when a name repeats.
 */
export class UnitIndex {
  private readonly byId = new Map<string, UnitEntry & { names: string }>();
  private readonly byName = new Map<string, (UnitEntry & { names: string })[]>();

  static async load(db: Db, companyId: string): Promise<UnitIndex> {
    const rows = await db.selectFrom('units').select(['id', 'name', 'path']).where('path', 'like', `/${companyId}/%`).execute();
    return new UnitIndex(rows);
  }

  constructor(rows: readonly UnitEntry[]) {
    const names = new Map(rows.map((r) => [r.id, r.name]));
    for (const r of rows) {
      const chain = r.path.split('/').filter(Boolean).slice(1).map((id) => names.get(id) ?? '');
      const entry = { ...r, names: chain.join(' / ') };
      this.byId.set(r.id, entry);
      for (const key of new Set([r.name, entry.names].map((n) => n.toLowerCase()))) {
        this.byName.set(key, [...(this.byName.get(key) ?? []), entry]);
      }
    }
  }

  get(id: string): UnitEntry | undefined {
    return this.byId.get(id);
  }

  /** The unit a name means, or why none. */
  find(name: string): UnitEntry | { error: 'unknown_unit' | 'ambiguous_unit'; message: string } {
    const key = name.split('/').map((s) => s.trim()).join(' / ').toLowerCase();
    const found = this.byName.get(key) ?? [];
    if (found.length === 1 && found[0]) return found[0];
    if (found.length === 0) return { error: 'unknown_unit', message: `No unit of the company is called "${name}"` };
    return { error: 'ambiguous_unit', message: `Several units are called "${name}": write ${found.map((f) => `"${f.names}"`).join(' or ')}` };
  }
}
