import type { Corridor, OwningFunction, TouchPoint, TouchPointChannel } from '../../../contract/touch-points.ts';
import type { Selectable } from 'kysely';
import type { TouchPointTable } from '../../db/schema.ts';

export function presentTouchPoint(row: Selectable<TouchPointTable>): TouchPoint {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    stage: row.stage,
    channel: row.channel as TouchPointChannel,
    direct: row.direct,
    owningFunction: row.owning_function as OwningFunction,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentCorridor(row: { audience_role: string; name: string }, keys: string[]): Corridor {
  return { audienceRole: row.audience_role, name: row.name, touchPoints: keys };
}
