import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.ts';
import { combineSentences, combineTitleAndBody, cueValence, labelSentiment, scoreSentence } from './sentiment.ts';

const score = (text: string) => analyzeText(text).sentiment;

describe('sentiment cues', () => {
  it('recognises generic customer-experience complaints', () => {
    const complaints = [
      'I am still waiting for an answer.',
      'Nobody called me back and I never got a response.',
      'We were charged twice and the invoice is wrong again.',
      'We received the wrong invoice.',
      'The agent was rude.',
      'The issue was never resolved.',
      'The delivery arrived late, again.',
      'I had to call again to get it sorted.',
      'We will cancel our contract next month.',
      'Not what we were promised.',
      'I really wanted to like this service.',
    ];
    for (const c of complaints) expect(cueValence(c), c).not.toBeNull();
    for (const c of complaints) expect(score(c), c).toBeLessThan(0);
  });

  it('does not fire on polite or neutral service language', () => {
    for (const c of ['The support team answered within an hour.', 'Delivery was on time and the invoice was correct.', 'Thank you for the quick help.']) {
      expect(cueValence(c), c).toBeNull();
      expect(score(c), c).toBeGreaterThanOrEqual(0);
    }
  });

  it('is denied by a negation just before it', () => {
    expect(cueValence('The sleeves are not too long.')).toBeNull();
    expect(cueValence('I did not have to return anything.')).toBeNull();
    expect(cueValence('The sleeves are too long.')).toBe(-0.5);
  });

  it('caps a sentence, never lifts it', () => {
    expect(scoreSentence(0.8, 'Lovely staff, but I had to call three times.')).toBe(-0.6);
    expect(scoreSentence(-0.9, 'I had to call three times.')).toBe(-0.9);
    expect(scoreSentence(0.4, 'Fine.')).toBe(0.4);
    expect(scoreSentence(3, 'Fine.')).toBe(1);
  });
});

describe('negation, intensifiers and contrast', () => {
  it('turns "good" and "bad" around under negation', () => {
    expect(score('The service is good.')).toBeGreaterThan(0);
    expect(score('The service is not good.')).toBeLessThan(0);
    expect(score('The service is bad.')).toBeLessThan(0);
    expect(score('The service is not bad.')).toBeGreaterThanOrEqual(0);
  });

  it('weighs what follows a contrast more', () => {
    // Equal and opposite sentences: the one after "but" decides.
    expect(combineSentences([{ text: 'It is good.', score: 0.5 }, { text: 'But it is bad.', score: -0.5 }])).toBeLessThan(0);
    expect(combineSentences([{ text: 'It is bad.', score: -0.5 }, { text: 'But it is good.', score: 0.5 }])).toBeGreaterThan(0);
    // (0.5 + 1.2·(−0.5)) / 2.2
    expect(combineSentences([{ text: 'It is good.', score: 0.5 }, { text: 'However it is bad.', score: -0.5 }])).toBeCloseTo(-0.1 / 2.2, 10);
    expect(combineSentences([])).toBe(0);
  });

  it('reads a mixed comment sentence by sentence', () => {
    const a = analyzeText('The installer was friendly and quick. However, the invoice was wrong and nobody answered my emails.');
    expect(a.sentences.map((s) => s.label)).toEqual(['positive', 'negative']);
    expect(a.label).toBe('negative');
  });
});

describe('labels and titles', () => {
  it('labels with a neutral band of ±0.05', () => {
    expect([0.3, 0.05, 0, -0.05, -0.3].map(labelSentiment)).toEqual(['positive', 'neutral', 'neutral', 'neutral', 'negative']);
  });

  it('weighs a title 2 to the body 3', () => {
    expect(combineTitleAndBody(1, -1)).toBeCloseTo(-0.2, 10);
    expect(combineTitleAndBody(null, 0.3)).toBe(0.3);
  });
});
