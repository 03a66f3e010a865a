import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSurveyFile, surveyFileText, toSurveyFile } from '../../src/contract/survey-file.ts';
import { SurveyDefinitionSchema } from '../../src/core/survey-definition.ts';
import { findTemplate, templateDefinition } from '../../src/core/templates.ts';
import { openTestCorridor } from '../support/corridor.ts';
import { EVERY_TYPE } from '../support/every-type.ts';
import { makeCompany, type TestCompany } from '../support/factories.ts';
import { companyCounts, createSurvey, expectValidation, signIn, type Headers, type TestCorridor } from './helpers.ts';

// Export and import of survey files: the admin app reads the file, then creates the survey through the
// ordinary create endpoint, which validates the definition again. The JSON Schemas are public.

let c: TestCorridor;
let co: TestCompany;
let admin: Headers;

beforeAll(async () => {
  c = await openTestCorridor();
  co = await makeCompany(c.handle.db);
  admin = (await signIn(c, 'admin', co.company.id)).headers;
});
afterAll(async () => c?.stop());

const post = (payload: Record<string, unknown>) => c.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: admin, payload });

describe('importing a survey file', () => {
  it('creates the same survey from an exported file', async () => {
    const original = await createSurvey(c, admin, { title: 'Every type', kind: 'pulse', definition: EVERY_TYPE });
    const text = surveyFileText(toSurveyFile(original));
    const read = readSurveyFile(text);
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    const copy = await createSurvey(c, admin, { title: read.file.title, kind: read.file.kind, definition: read.file.definition });
    expect(copy.id).not.toBe(original.id);
    expect(copy.slug).not.toBe(original.slug);
    expect([copy.title, copy.kind, copy.status]).toEqual(['Every type', 'pulse', 'draft']);
    expect(copy.definition).toEqual(original.definition);
    expect(copy.definition).toEqual(SurveyDefinitionSchema.parse(EVERY_TYPE));
  });

  it('creates a survey from a template, of the template’s kind', async () => {
    const template = findTemplate('csat-service')!;
    const created = await createSurvey(c, admin, { title: template.title, kind: template.kind, definition: templateDefinition(template, co.company.name) });
    expect(created.kind).toBe('transactional');
    expect(created.definition.questions.map((q) => q.id)).toEqual(['csat', 'resolved', 'better', 'ticket']);
  });

  it('rejects a bad definition with 400 validation_failed naming every path, and stores nothing', async () => {
    const before = await companyCounts(c.handle.db, co);
    const res = await post({
      title: 'Bad import',
      kind: 'transactional',
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: '' },
          { id: 'nps', type: 'text', text: 'Again', maxLength: 0 },
          { id: 'pick', type: 'multi', text: 'Pick', options: [{ id: 'a', text: 'A' }], minSelected: 3 },
          { id: 'Bad-Id', type: 'rating', text: 'Rate', min: 1, max: 1 },
          { id: 'when', type: 'date', text: 'When', min: '2026-02-30' },
        ],
      },
    });
    expectValidation(res, 'definition.questions.0.text', 'definition.questions.1.maxLength', 'definition.questions.3.id', 'definition.questions.4.min');
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
  });

  it('reports the cross-field rules by path too, after the fields are valid', async () => {
    const before = await companyCounts(c.handle.db, co);
    const res = await post({
      title: 'Bad import',
      definition: {
        questions: [
          { id: 'nps', type: 'nps', text: 'Recommend?' },
          { id: 'nps', type: 'text', text: 'Again' },
          { id: 'pick', type: 'multi', text: 'Pick', options: [{ id: 'a', text: 'A' }], minSelected: 3 },
          { id: 'rate', type: 'rating', text: 'Rate', min: 1, max: 1 },
        ],
      },
    });
    expectValidation(res, 'definition.questions.1.id', 'definition.questions.2.minSelected', 'definition.questions.3.max');
    expect(await companyCounts(c.handle.db, co)).toEqual(before);
  });
});

describe('the published JSON Schemas', () => {
  it('serves the definition and file schemas without logging in, and lists them in OpenAPI', async () => {
    const def = await c.app.inject('/api/v1/schemas/survey-definition.json');
    expect(def.statusCode).toBe(200);
    expect(def.headers['content-type']).toMatch(/^application\/schema\+json/);
    const schema = def.json() as { $schema: string; title: string; properties: { questions: { items: { oneOf?: unknown[]; anyOf?: unknown[] } } } };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Corridor survey definition');
    const variants = schema.properties.questions.items.oneOf ?? schema.properties.questions.items.anyOf ?? [];
    expect(variants).toHaveLength(16);

    const file = await c.app.inject('/api/v1/schemas/survey-file.json');
    expect(file.statusCode).toBe(200);
    expect((file.json() as { required: string[] }).required).toEqual(['corridorSurvey', 'title', 'definition']);

    const doc = (await c.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/schemas/survey-definition.json', '/api/v1/schemas/survey-file.json']));
  });
});
