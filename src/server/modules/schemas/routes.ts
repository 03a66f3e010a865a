import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { surveyDefinitionJsonSchema, surveyFileJsonSchema } from '../../../contract/survey-file.ts';

/**
 * The JSON Schemas of what Corridor reads, for editors and other tools: the survey definition and the
 * survey file (export and import). Public: they describe a format, not anyone's data.
 */
export function registerSchemaRoutes(app: FastifyInstance): void {
  // Built once: the schemas change only with a new release.
  const schemas = { 'survey-definition': surveyDefinitionJsonSchema(), 'survey-file': surveyFileJsonSchema() };
  const tags = ['schemas'];
  const response = { 200: z.record(z.string(), z.unknown()) };
  for (const [name, schema] of Object.entries(schemas)) {
    app.get(
      `/api/v1/schemas/${name}.json`,
      {
        schema: {
          tags,
          summary: name === 'survey-file' ? 'JSON Schema of a survey file (export and import)' : 'JSON Schema of a survey definition',
          security: [],
          response,
        },
      },
      async (_req, reply) => reply.type('application/schema+json').header('cache-control', 'public, max-age=3600').send(schema),
    );
  }
}
