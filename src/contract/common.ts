import { z } from 'zod';

/** The one error shape every API route answers with on failure. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const IdParamsSchema = z.object({ id: z.uuid('Use the id the API gave you (a UUID)') });

export const ROLES = ['admin', 'analyst', 'manager', 'agent', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UNIT_KINDS = ['company', 'market', 'region', 'team'] as const;
export const UnitKindSchema = z.enum(UNIT_KINDS);
