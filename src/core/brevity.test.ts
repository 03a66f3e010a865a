import { describe, expect, it } from 'vitest';
import { EVERY_TYPE } from '../../test/support/every-type.ts';
import { brevityWarning, estimateBrevity, formatDuration, questionSeconds } from './brevity.ts';
import { SurveyDefinitionSchema, type SurveyDefinitionInput } from './survey-definition.ts';

const parse = (questions: SurveyDefinitionInput['questions']) => SurveyDefinitionSchema.parse({ questions });

describe('the brevity meter', () => {
  it('gives every type its figure', () => {
    const def = SurveyDefinitionSchema.parse(EVERY_TYPE);
    expect(Object.fromEntries(def.questions.map((q) => [q.id, questionSeconds(q)]))).toEqual({
      nps: 5,
      csat: 5,
      ces: 5,
      stars: 5,
      service: 11, // 3 + 2 rows × 4
      channel: 6, // 3 + (2 options + other) × 1
      products: 10, // 4 + (3 options + other) × 1.5
      country: 6, // 3 + 3 options × 1
      priorities: 13, // 4 + 3 options × 3
      comment: 25,
      staff: 6,
      visit: 8,
      email: 8,
      contact_ok: 4,
      resolution: 10,
      source: 0,
    });
    // 127 s over 15 asked questions (the hidden field is not asked).
    expect(estimateBrevity(def)).toMatchObject({ questions: 15, seconds: 127 });
  });

  it('counts a one-line text as shorter than a comment box, and rounds half seconds up', () => {
    const def = parse([
      { id: 'name', type: 'text', text: 'Your name', multiline: false },
      { id: 'pick', type: 'multi', text: 'Pick', options: [{ id: 'a', text: 'A' }] },
    ]);
    // 10 + (4 + 1.5) = 15.5 → 16
    expect(estimateBrevity(def)).toEqual({ questions: 2, seconds: 16, perQuestion: [{ id: 'name', seconds: 10 }, { id: 'pick', seconds: 5.5 }] });
  });

  it('warns about a transactional survey past a minute, and a relationship survey only past ten', () => {
    const short = estimateBrevity(parse([{ id: 'csat', type: 'csat', text: 'Satisfied?' }, { id: 'why', type: 'text', text: 'Why?' }]));
    expect(short.seconds).toBe(30);
    expect(brevityWarning('transactional', short)).toBeUndefined();
    const long = estimateBrevity(parse([
      { id: 'csat', type: 'csat', text: 'Satisfied?' },
      { id: 'why', type: 'text', text: 'Why?' },
      { id: 'more', type: 'text', text: 'Anything else?' },
      { id: 'rate', type: 'rating', text: 'Rate us' },
    ]));
    expect(long.seconds).toBe(60);
    expect(brevityWarning('transactional', long)).toBeUndefined();
    const longer = estimateBrevity(parse([...SurveyDefinitionSchema.parse(EVERY_TYPE).questions]));
    expect(brevityWarning('transactional', longer)).toBe(
      'This transactional survey takes about 2 min 7 s; keep it under 1 min, or fewer people finish it. Ask only what you do not know already.',
    );
    expect(brevityWarning('relationship', longer)).toBeUndefined();
    expect(brevityWarning('pulse', longer)).toContain('pulse survey');
  });

  it('formats durations', () => {
    expect([0, 59, 60, 61, 127, 600, 725].map(formatDuration)).toEqual(['0 s', '59 s', '1 min', '1 min 1 s', '2 min 7 s', '10 min', '12 min']);
  });
});
