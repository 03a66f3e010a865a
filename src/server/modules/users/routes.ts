import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { UserSchema } from '../../../contract/auth.ts';
import { UnitListSchema } from '../../../contract/units.ts';
import { ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeyListSchema, UserCreateSchema, UserListSchema } from '../../../contract/users.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { listVisibleUnits } from '../units/service.ts';
import { createApiKey, createUser, listApiKeys, listUsers } from './service.ts';

export function registerUserRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/units', { schema: { tags: ['units'], summary: 'Units in your scope, depth-first', response: { 200: UnitListSchema } } }, async (req) => {
    const actor = authorize(req.actor, 'surveys.read');
    return { units: await listVisibleUnits(svc.db, actor) };
  });

  app.get('/api/v1/users', { schema: { tags: ['users'], summary: 'Users in your scope', response: { 200: UserListSchema } } }, async (req) => {
    const actor = authorize(req.actor, 'users.manage');
    return { users: await listUsers(svc.db, actor) };
  });

  app.post('/api/v1/users', { schema: { tags: ['users'], summary: 'Create a user', body: UserCreateSchema, response: { 201: UserSchema } } }, async (req, reply) => {
    const actor = authorize(req.actor, 'users.manage');
    return reply.code(201).send(await createUser(svc.db, actor, req.body));
  });

  app.get('/api/v1/api-keys', { schema: { tags: ['api keys'], summary: 'API keys in your scope', response: { 200: ApiKeyListSchema } } }, async (req) => {
    const actor = authorize(req.actor, 'api_keys.manage');
    return { apiKeys: await listApiKeys(svc.db, actor) };
  });

  app.post(
    '/api/v1/api-keys',
    { schema: { tags: ['api keys'], summary: 'Create an API key (shown once)', body: ApiKeyCreateSchema, response: { 201: ApiKeyCreatedSchema } } },
    async (req, reply) => {
      const actor = authorize(req.actor, 'api_keys.manage');
      return reply.code(201).send(await createApiKey(svc.db, actor, { ...req.body, unitId: req.body.unitId ?? actor.unitId }));
    },
  );
}
