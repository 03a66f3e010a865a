import { z } from 'zod';
import { RoleSchema } from './common.ts';
import { UserSchema } from './auth.ts';

export const UserCreateSchema = z.object({
  email: z.email('Enter a valid email address').max(320),
  name: z.string().trim().min(1, 'Enter a name').max(200),
  password: z.string().min(12, 'Use a password of at least 12 characters').max(1_000),
  role: RoleSchema,
  unitId: z.uuid('Choose the unit this user may see'),
});
export type UserCreateInput = z.infer<typeof UserCreateSchema>;

export const UserListSchema = z.object({ users: z.array(UserSchema) });

export const ApiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, 'Name the key after what uses it').max(200),
  role: RoleSchema.default('admin'),
  unitId: z.uuid().optional(),
});
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreateSchema>;

export const ApiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: RoleSchema,
  unitId: z.uuid(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const ApiKeyCreatedSchema = z.object({
  apiKey: ApiKeySchema,
  /** The key itself: shown once, stored only as a hash. */
  key: z.string(),
});
export const ApiKeyListSchema = z.object({ apiKeys: z.array(ApiKeySchema) });
