import { z } from 'zod';
import { UnitKindSchema } from './common.ts';

export const UnitSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  kind: UnitKindSchema,
  depth: z.number().int(),
});
export type Unit = z.infer<typeof UnitSchema>;

export const UnitListSchema = z.object({ units: z.array(UnitSchema) });
