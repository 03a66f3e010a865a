import { z } from 'zod';
import { RoleSchema } from './common.ts';

export const LoginSchema = z.object({
  email: z.email('Enter your email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1_000),
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  unitId: z.uuid(),
  unitName: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const MeSchema = z.object({ user: UserSchema });
export type Me = z.infer<typeof MeSchema>;
