import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccountDetailSchema, AccountListQuerySchema, AccountListSchema, AccountUpsertSchema, AssessmentCreateSchema, AssessmentSchema } from '../../../contract/accounts.ts';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import { ContactDetailSchema, ContactListQuerySchema, ContactListSchema, ContactUpsertSchema, OptInSchema, OptOutSchema } from '../../../contract/contacts.ts';
import { UpsertQuerySchema, UpsertResultSchema } from '../../../contract/customer-fields.ts';
import type { Services } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../auth/actor.ts';
import { createAssessment, getAccount, listAccounts } from './accounts.ts';
import { getContact, listContacts, optInContact, optOutContact } from './contacts.ts';
import { importCsvUpload, upsertAccounts, upsertContacts } from './service.ts';

/** 10,000 rows of JSON are a few megabytes, above the app's default body limit. */
const UPSERT_BODY_LIMIT = 32 * 1_048_576;

export function registerCustomerRoutes(root: FastifyInstance, svc: Services): void {
  // A scope of its own, so the CSV body parser (a stream handed to the importer) applies only here.
  void root.register(async (scope) => {
    scope.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
    const csvBody = (body: unknown): Readable => {
      if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('csv_expected', 415, 'Send the file with content-type: text/csv');
      return body as Readable;
    };

    app.post(
      '/api/v1/accounts',
      { bodyLimit: UPSERT_BODY_LIMIT, schema: { tags: ['customers'], summary: 'Create or update up to 10,000 accounts by CRM id', body: AccountUpsertSchema, response: { 200: UpsertResultSchema, ...errors } } },
      async (req) => upsertAccounts(svc, authorize(req.actor, 'customers.write'), req.body),
    );
    app.post(
      '/api/v1/accounts/import',
      { schema: { tags: ['customers'], summary: 'Import accounts from a CSV file (content-type: text/csv)', querystring: UpsertQuerySchema, response: { 200: UpsertResultSchema, ...errors } } },
      async (req) => importCsvUpload(svc, authorize(req.actor, 'customers.write'), 'accounts', csvBody(req.body), req.query.mode),
    );
    app.get('/api/v1/accounts', { schema: { tags: ['customers'], summary: 'Accounts in your scope', querystring: AccountListQuerySchema, response: { 200: AccountListSchema, ...errors } } }, async (req) =>
      listAccounts(svc, authorize(req.actor, 'customers.read'), req.query),
    );
    app.get(
      '/api/v1/accounts/:id',
      { schema: { tags: ['customers'], summary: 'An account with its contacts, assessments, invitations and recent responses', params: IdParamsSchema, response: { 200: AccountDetailSchema, ...errors } } },
      async (req) => getAccount(svc, authorize(req.actor, 'customers.read'), req.params.id),
    );
    app.post(
      '/api/v1/accounts/:id/assessments',
      { schema: { tags: ['customers'], summary: "Record the account team's assessment of the relationship", params: IdParamsSchema, body: AssessmentCreateSchema, response: { 201: AssessmentSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await createAssessment(svc, authorize(req.actor, 'customers.read'), req.params.id, req.body)),
    );

    app.post(
      '/api/v1/contacts',
      { bodyLimit: UPSERT_BODY_LIMIT, schema: { tags: ['customers'], summary: 'Create or update up to 10,000 contacts by CRM id or email', body: ContactUpsertSchema, response: { 200: UpsertResultSchema, ...errors } } },
      async (req) => upsertContacts(svc, authorize(req.actor, 'customers.write'), req.body),
    );
    app.post(
      '/api/v1/contacts/import',
      { schema: { tags: ['customers'], summary: 'Import contacts from a CSV file (content-type: text/csv)', querystring: UpsertQuerySchema, response: { 200: UpsertResultSchema, ...errors } } },
      async (req) => importCsvUpload(svc, authorize(req.actor, 'customers.write'), 'contacts', csvBody(req.body), req.query.mode),
    );
    app.get('/api/v1/contacts', { schema: { tags: ['customers'], summary: 'Contacts in your scope', querystring: ContactListQuerySchema, response: { 200: ContactListSchema, ...errors } } }, async (req) =>
      listContacts(svc, authorize(req.actor, 'customers.read'), req.query),
    );
    app.get('/api/v1/contacts/:id', { schema: { tags: ['customers'], summary: 'A contact with their full history', params: IdParamsSchema, response: { 200: ContactDetailSchema, ...errors } } }, async (req) =>
      getContact(svc, authorize(req.actor, 'customers.read'), req.params.id),
    );
    app.post(
      '/api/v1/contacts/:id/opt-out',
      { schema: { tags: ['customers'], summary: 'Opt the contact out of every programme', params: IdParamsSchema, body: OptOutSchema.optional(), response: { 200: ContactDetailSchema, ...errors } } },
      async (req) => optOutContact(svc, authorize(req.actor, 'customers.read'), req.params.id, req.body ?? {}),
    );
    app.post(
      '/api/v1/contacts/:id/opt-in',
      { schema: { tags: ['customers'], summary: 'Clear an opt-out (admins, with a reason)', params: IdParamsSchema, body: OptInSchema, response: { 200: ContactDetailSchema, ...errors } } },
      async (req) => optInContact(svc, authorize(req.actor, 'customers.write'), req.params.id, req.body),
    );
  });
}

