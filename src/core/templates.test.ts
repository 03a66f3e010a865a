import { describe, expect, it } from 'vitest';
import { brevityLimit, estimateBrevity } from './brevity.ts';
import { SurveyDefinitionSchema } from './survey-definition.ts';
import { findTemplate, SURVEY_TEMPLATES, templateDefinition } from './templates.ts';

describe('survey templates', () => {
  it('offers the five programmes, each with its kind', () => {
    expect(SURVEY_TEMPLATES.map((t) => [t.id, t.kind])).toEqual([
      ['nps-relationship', 'relationship'],
      ['csat-service', 'transactional'],
      ['ces', 'transactional'],
      ['onboarding', 'transactional'],
      ['enps', 'employee'],
    ]);
    expect(new Set(SURVEY_TEMPLATES.map((t) => t.id)).size).toBe(SURVEY_TEMPLATES.length);
  });

  it.each(SURVEY_TEMPLATES.map((t) => [t.id, t] as const))('%s is a valid definition, brief for its kind, with the company filled in', (_id, template) => {
    const def = templateDefinition(template, 'Acme & Co');
    expect(SurveyDefinitionSchema.safeParse(def).success).toBe(true);
    expect(SurveyDefinitionSchema.safeParse(template.definition).success).toBe(true);
    expect(JSON.stringify(def)).not.toContain('{company}');
    expect(estimateBrevity(def).seconds).toBeLessThanOrEqual(brevityLimit(template.kind));
    expect(def.questions.length).toBeLessThanOrEqual(6);
  });

  it('asks the brand-promise questions in the B2B relationship survey', () => {
    const def = templateDefinition(findTemplate('nps-relationship')!, 'HiTouch');
    const texts = def.questions.map((q) => q.text);
    expect(texts).toContain('How important to your purchasing decision was our brand and the service promise it seemed to make?');
    expect(texts).toContain('Do you believe we deliver the experience promised by our marketing and sales force?');
    expect(texts[0]).toBe('How likely are you to recommend HiTouch to a colleague or business partner?');
    expect(def.questions[0]).toMatchObject({ type: 'nps', required: true, lowLabel: 'Not at all likely' });
  });

  it('leaves the template data itself untouched', () => {
    const template = findTemplate('enps')!;
    templateDefinition(template, 'Acme');
    expect(template.definition.questions[0]?.text).toBe('How likely are you to recommend {company} as a place to work?');
    expect(findTemplate('nope')).toBeUndefined();
  });
});
