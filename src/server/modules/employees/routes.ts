import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../../../contract/common.ts';
import { EmployeeCustomerQuerySchema, EmployeeCustomerSchema } from '../../../contract/employees.ts';
import type { Services } from '../../context.ts';
import { authorize } from '../auth/actor.ts';
import { getEmployeeCustomer } from './service.ts';

export function registerEmployeeRoutes(root: FastifyInstance, svc: Services): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/analytics/employee-customer',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'eNPS by unit beside customer NPS by unit, and their correlation across units (Pearson, Spearman, Fisher z interval)',
        querystring: EmployeeCustomerQuerySchema,
        response: { 200: EmployeeCustomerSchema, 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema },
      },
    },
    async (req) => getEmployeeCustomer(svc, authorize(req.actor, 'surveys.read'), req.query),
  );
}
