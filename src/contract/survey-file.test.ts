import { describe, expect, it } from 'vitest';
import { EVERY_TYPE } from '../../test/support/every-type.ts';
import { SurveyDefinitionSchema } from '../core/survey-definition.ts';
import { readSurveyFile, surveyDefinitionJsonSchema, surveyFileJsonSchema, surveyFileText, toSurveyFile } from './survey-file.ts';

const definition = SurveyDefinitionSchema.parse(EVERY_TYPE);

describe('survey files', () => {
  it('round-trips a survey of every type through its text', () => {
    const file = toSurveyFile({ title: 'Every type', kind: 'pulse', definition });
    const text = surveyFileText(file);
    expect(text.startsWith('{\n  "corridorSurvey": 1,\n  "title": "Every type",\n  "kind": "pulse",\n  "definition": {')).toBe(true);
    expect(readSurveyFile(text)).toEqual({ ok: true, file });
  });

  it('fills in the defaults of a hand-written file', () => {
    const r = readSurveyFile(JSON.stringify({ corridorSurvey: 1, title: 'Short', definition: { questions: [{ id: 'nps', type: 'nps', text: 'Recommend?' }] } }));
    expect(r.ok && r.file.kind).toBe('relationship');
    expect(r.ok && r.file.definition.questions[0]).toMatchObject({ required: false, lowLabel: 'Not at all likely' });
  });

  it('names every problem by its path', () => {
    const r = readSurveyFile(
      JSON.stringify({
        corridorSurvey: 2,
        title: '',
        kind: 'census',
        definition: { questions: [{ id: 'nps', type: 'nps', text: '' }, { id: 'nps', type: 'single', text: 'Pick', options: [] }, { id: 'x', type: 'slider', text: 'S' }] },
      }),
    );
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['corridorSurvey', 'title', 'kind', 'definition.questions.0.text', 'definition.questions.1.options', 'definition.questions.2.type']),
    );
    expect(r.ok ? '' : r.issues.find((i) => i.path === 'corridorSurvey')?.message).toContain('version 1');
  });

  it('says when the text is not JSON, or not an object', () => {
    expect(readSurveyFile('{ "title": ')).toMatchObject({ ok: false, issues: [{ path: '', message: expect.stringMatching(/^This is not JSON/) }] });
    expect(readSurveyFile('[1]')).toMatchObject({ ok: false, issues: [{ path: '', message: expect.stringContaining('Expected an object') }] });
  });

  it('publishes JSON Schemas of the definition and of the file', () => {
    const def = surveyDefinitionJsonSchema();
    expect(def['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(def['title']).toBe('Corridor survey definition');
    expect(Object.keys(def['properties'] as object)).toEqual(expect.arrayContaining(['intro', 'thankYou', 'questions', 'pages', 'endings', 'translations', 'variants']));
    expect(def['required']).toEqual(['questions']);
    const file = surveyFileJsonSchema();
    expect(file['required']).toEqual(['corridorSurvey', 'title', 'definition']);
    expect(JSON.stringify(file)).toContain('"const":1');
  });
});
