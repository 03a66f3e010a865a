import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AlertRuleInputSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  AlertRuleUpdateSchema,
  CaseAssignSchema,
  CaseAssigneeListSchema,
  CaseBulkResultSchema,
  CaseBulkSchema,
  CaseCountsSchema,
  CaseDetailSchema,
  CaseListQuerySchema,
  CaseListSchema,
  CaseMetricsQuerySchema,
  CaseMetricsSchema,
  CaseNoteSchema,
  CaseSettingsSchema,
  CaseStatusChangeSchema,
  CaseUpdateSchema,
  QueueInputSchema,
  QueueListSchema,
  QueueSchema,
  RootCauseInputSchema,
  RootCauseListSchema,
  RootCauseSchema,
} from '../../../contract/cases.ts';
import { ErrorBodySchema, IdParamsSchema } from '../../../contract/common.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getCaseMetrics } from './metrics.ts';
import { createRule, deactivateRule, getRule, listRules, updateRule } from './rules.ts';
import { addNote, assignCase, bulkCases, changeStatus, countCases, getCase, listAssignees, listCases, updateCase } from './service.ts';
import { createRootCause, getCaseSettings, listQueues, listRootCauses, putCaseSettings, saveQueue, updateRootCause } from './settings.ts';

export function registerCaseRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema };
  const rules = ['alert rules'];
  const cases = ['cases'];
  const params = IdParamsSchema;

  // ---- alert rules ----
  app.get('/api/v1/alert-rules', { schema: { tags: rules, summary: "The company's alert rules", response: { 200: AlertRuleListSchema, ...errors } } }, async (req) => ({
    rules: await listRules(svc, authorize(req.actor, 'alerts.manage')),
  }));
  app.post('/api/v1/alert-rules', { schema: { tags: rules, summary: 'Create an alert rule', body: AlertRuleInputSchema, response: { 201: AlertRuleSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createRule(svc, authorize(req.actor, 'alerts.manage'), req.body)),
  );
  app.get('/api/v1/alert-rules/:id', { schema: { tags: rules, summary: 'One alert rule', params, response: { 200: AlertRuleSchema, ...errors } } }, async (req) =>
    getRule(svc, authorize(req.actor, 'alerts.manage'), req.params.id),
  );
  app.patch('/api/v1/alert-rules/:id', { schema: { tags: rules, summary: 'Change an alert rule', params, body: AlertRuleUpdateSchema, response: { 200: AlertRuleSchema, ...errors } } }, async (req) =>
    updateRule(svc, authorize(req.actor, 'alerts.manage'), req.params.id, req.body),
  );
  app.delete('/api/v1/alert-rules/:id', { schema: { tags: rules, summary: 'Switch an alert rule off (its cases stay)', params, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await deactivateRule(svc, authorize(req.actor, 'alerts.manage'), req.params.id);
    return reply.code(204).send(null);
  });

  // ---- settings, root causes, queues ----
  app.get('/api/v1/case-settings', { schema: { tags: cases, summary: 'Business hours, deadlines, statuses and fallback', response: { 200: CaseSettingsSchema, ...errors } } }, async (req) =>
    getCaseSettings(svc, authorize(req.actor, 'cases.read')),
  );
  app.put('/api/v1/case-settings', { schema: { tags: cases, summary: 'Replace the case settings (admins)', body: CaseSettingsSchema, response: { 200: CaseSettingsSchema, ...errors } } }, async (req) =>
    putCaseSettings(svc, authorize(req.actor, 'cases.configure'), req.body),
  );
  app.get('/api/v1/root-causes', { schema: { tags: cases, summary: 'Root-cause codes', response: { 200: RootCauseListSchema, ...errors } } }, async (req) => ({
    rootCauses: await listRootCauses(svc, authorize(req.actor, 'cases.read')),
  }));
  app.post('/api/v1/root-causes', { schema: { tags: cases, summary: 'Add a root-cause code (admins)', body: RootCauseInputSchema, response: { 201: RootCauseSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await createRootCause(svc, authorize(req.actor, 'cases.configure'), req.body)),
  );
  app.patch('/api/v1/root-causes/:id', { schema: { tags: cases, summary: 'Change or retire a root-cause code (admins)', params, body: RootCauseInputSchema.partial(), response: { 200: RootCauseSchema, ...errors } } }, async (req) =>
    updateRootCause(svc, authorize(req.actor, 'cases.configure'), req.params.id, req.body),
  );
  app.get('/api/v1/case-queues', { schema: { tags: cases, summary: 'Specialist queues', response: { 200: QueueListSchema, ...errors } } }, async (req) => ({
    queues: await listQueues(svc, authorize(req.actor, 'cases.read')),
  }));
  app.post('/api/v1/case-queues', { schema: { tags: cases, summary: 'Add a specialist queue (admins)', body: QueueInputSchema, response: { 201: QueueSchema, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await saveQueue(svc, authorize(req.actor, 'cases.configure'), null, req.body)),
  );
  app.put('/api/v1/case-queues/:id', { schema: { tags: cases, summary: "Replace a queue's name, matching and members (admins)", params, body: QueueInputSchema, response: { 200: QueueSchema, ...errors } } }, async (req) =>
    saveQueue(svc, authorize(req.actor, 'cases.configure'), req.params.id, req.body),
  );

  // ---- cases ----
  app.get('/api/v1/cases', { schema: { tags: cases, summary: 'Cases, newest first, with filters and paging', querystring: CaseListQuerySchema, response: { 200: CaseListSchema, ...errors } } }, async (req) =>
    listCases(svc, authorize(req.actor, 'cases.read'), req.query),
  );
  app.get('/api/v1/cases/counts', { schema: { tags: cases, summary: 'My open cases and the overdue ones I see', response: { 200: CaseCountsSchema, ...errors } } }, async (req) =>
    countCases(svc, authorize(req.actor, 'cases.read')),
  );
  app.get('/api/v1/cases/metrics', { schema: { tags: cases, summary: 'Time to acknowledge and close, share within deadline, by unit, owner and root cause', querystring: CaseMetricsQuerySchema, response: { 200: CaseMetricsSchema, ...errors } } }, async (req) =>
    getCaseMetrics(svc, authorize(req.actor, 'cases.read'), req.query),
  );
  app.get('/api/v1/cases/assignees', { schema: { tags: cases, summary: 'Who a case can be assigned to', response: { 200: CaseAssigneeListSchema, ...errors } } }, async (req) => ({
    assignees: await listAssignees(svc, authorize(req.actor, 'cases.work')),
  }));
  app.post('/api/v1/cases/bulk', { schema: { tags: cases, summary: 'Assign or change the status of many cases', body: CaseBulkSchema, response: { 200: CaseBulkResultSchema, ...errors } } }, async (req) =>
    bulkCases(svc, authorize(req.actor, 'cases.work'), req.body),
  );
  app.get('/api/v1/cases/:id', { schema: { tags: cases, summary: 'One case with its response, account, contact history and timeline', params, response: { 200: CaseDetailSchema, ...errors } } }, async (req) =>
    getCase(svc, authorize(req.actor, 'cases.read'), req.params.id),
  );
  app.post('/api/v1/cases/:id/status', { schema: { tags: cases, summary: 'Move a case to a status (acknowledge, start, resolve, close, reopen)', params, body: CaseStatusChangeSchema, response: { 200: CaseDetailSchema, ...errors } } }, async (req) =>
    changeStatus(svc, authorize(req.actor, 'cases.work'), req.params.id, req.body),
  );
  app.post('/api/v1/cases/:id/notes', { schema: { tags: cases, summary: 'Add a note to the timeline', params, body: CaseNoteSchema, response: { 200: CaseDetailSchema, ...errors } } }, async (req) =>
    addNote(svc, authorize(req.actor, 'cases.work'), req.params.id, req.body.text),
  );
  app.post('/api/v1/cases/:id/assign', { schema: { tags: cases, summary: 'Reassign a case (null: nobody)', params, body: CaseAssignSchema, response: { 200: CaseDetailSchema, ...errors } } }, async (req) =>
    assignCase(svc, authorize(req.actor, 'cases.work'), req.params.id, req.body.assigneeId),
  );
  app.patch('/api/v1/cases/:id', { schema: { tags: cases, summary: 'Set the root cause, resolution or the date the customer was told', params, body: CaseUpdateSchema, response: { 200: CaseDetailSchema, ...errors } } }, async (req) =>
    updateCase(svc, authorize(req.actor, 'cases.work'), req.params.id, req.body),
  );
}
