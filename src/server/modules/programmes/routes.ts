import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import {
  ContactPolicyBodySchema,
  ContactPolicyResponseSchema,
  DryRunSchema,
  EventInputSchema,
  EventResultSchema,
  InvitationListSchema,
  InvitationQuerySchema,
  ProgrammeActionSchema,
  ProgrammeCreateSchema,
  ProgrammeListSchema,
  ProgrammeSchema,
  ProgrammeUpdateSchema,
  RatesQuerySchema,
  RatesSchema,
} from '../../../contract/programmes.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { recordEvent } from './events.ts';
import { queryInvitations, responseRates } from './invitations.ts';
import {
  actOnProgramme,
  createProgramme,
  dryRunProgramme,
  getContactPolicy,
  getProgramme,
  listProgrammes,
  putContactPolicy,
  updateProgramme,
} from './service.ts';

export function registerProgrammeRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['programmes'];
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };

  app.get('/api/v1/programmes', { schema: { tags, summary: 'List the listening programmes', response: { 200: ProgrammeListSchema, ...errors } } }, async (req) => ({
    programmes: await listProgrammes(svc, authorize(req.actor, 'programmes.read')),
  }));

  app.post(
    '/api/v1/programmes',
    { schema: { tags, summary: 'Create a programme (a draft until activated)', body: ProgrammeCreateSchema, response: { 201: ProgrammeSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await createProgramme(svc, authorize(req.actor, 'programmes.write'), req.body)),
  );

  app.post(
    '/api/v1/programmes/dry-run',
    { schema: { tags, summary: 'Dry-run an unsaved programme: who would be invited and who suppressed, and why', body: ProgrammeCreateSchema, response: { 200: DryRunSchema, ...errors } } },
    async (req) => dryRunProgramme(svc, authorize(req.actor, 'programmes.read'), { input: req.body }),
  );

  app.get('/api/v1/programmes/:id', { schema: { tags, summary: 'A programme with its counts', params: IdParamsSchema, response: { 200: ProgrammeSchema, ...errors } } }, async (req) =>
    getProgramme(svc, authorize(req.actor, 'programmes.read'), req.params.id),
  );

  app.patch(
    '/api/v1/programmes/:id',
    { schema: { tags, summary: 'Change a programme (its kind stays)', params: IdParamsSchema, body: ProgrammeUpdateSchema, response: { 200: ProgrammeSchema, ...errors } } },
    async (req) => updateProgramme(svc, authorize(req.actor, 'programmes.write'), req.params.id, req.body),
  );

  app.post(
    '/api/v1/programmes/:id/actions',
    { schema: { tags, summary: 'Activate, pause or end a programme', params: IdParamsSchema, body: ProgrammeActionSchema, response: { 200: ProgrammeSchema, ...errors } } },
    async (req) => actOnProgramme(svc, authorize(req.actor, 'programmes.write'), req.params.id, req.body.action),
  );

  app.post(
    '/api/v1/programmes/:id/dry-run',
    { schema: { tags, summary: 'Who the programme would invite now and who it would suppress, and why; writes nothing', params: IdParamsSchema, response: { 200: DryRunSchema, ...errors } } },
    async (req) => dryRunProgramme(svc, authorize(req.actor, 'programmes.read'), { id: req.params.id }),
  );

  app.get(
    '/api/v1/programmes/:id/invitations',
    { schema: { tags, summary: "A programme's invitations, with each suppression's reason", params: IdParamsSchema, querystring: InvitationQuerySchema, response: { 200: InvitationListSchema, ...errors } } },
    async (req) => {
      const actor = authorize(req.actor, 'programmes.read');
      await getProgramme(svc, actor, req.params.id);
      return queryInvitations(svc.db, { programmeId: req.params.id, unitPath: actor.unitPath }, req.query);
    },
  );

  app.get(
    '/api/v1/programmes/:id/rates',
    { schema: { tags, summary: 'Response rates by wave, account owner, unit or audience', params: IdParamsSchema, querystring: RatesQuerySchema, response: { 200: RatesSchema, ...errors } } },
    async (req) => {
      const actor = authorize(req.actor, 'programmes.read');
      await getProgramme(svc, actor, req.params.id);
      return responseRates(svc.db, req.params.id, actor.unitPath, req.query.by);
    },
  );

  app.get('/api/v1/contact-policy', { schema: { tags, summary: "The company's contact policy", response: { 200: ContactPolicyResponseSchema, ...errors } } }, async (req) =>
    getContactPolicy(svc, authorize(req.actor, 'programmes.read')),
  );

  app.put(
    '/api/v1/contact-policy',
    { schema: { tags, summary: "Replace the company's contact policy", body: ContactPolicyBodySchema, response: { 200: ContactPolicyResponseSchema, ...errors } } },
    async (req) => putContactPolicy(svc, authorize(req.actor, 'policy.manage'), req.body),
  );

  app.post(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Report an event (e.g. service_call.closed); idempotent by its id. Persistent programmes listening for its type invite its contact.',
        body: EventInputSchema,
        response: { 200: EventResultSchema, 201: EventResultSchema, ...errors },
      },
    },
    async (req, reply) => {
      const result = await recordEvent(svc, authorize(req.actor, 'events.write'), req.body);
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
}
