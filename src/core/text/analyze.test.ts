import { describe, expect, it } from 'vitest';
import { analyzeText, themeWord } from './analyze.ts';

describe('analyzeText', () => {
  it('splits sentences with offsets into the input', () => {
    const text = 'The invoice was wrong again!  Support answered quickly.\n\nThanks to the team.';
    const a = analyzeText(text);
    expect(a.sentences.map((s) => text.slice(s.start, s.end))).toEqual(['The invoice was wrong again!', 'Support answered quickly.', 'Thanks to the team.']);
  });

  it('keeps offsets into the input when it holds HTML character references', () => {
    const text = 'I don&#39;t like the invoice. The staff&amp;team were great!';
    const a = analyzeText(text);
    expect(a.sentences.map((s) => text.slice(s.start, s.end))).toEqual(['I don&#39;t like the invoice.', 'The staff&amp;team were great!']);
    expect(a.sentences[0]!.label).toBe('negative');
  });

  it('scores praise positive and complaints negative, per sentence and overall', () => {
    const a = analyzeText('The staff were friendly and helpful. The invoice was wrong and nobody answered my emails.');
    expect(a.sentences[0]!.label).toBe('positive');
    expect(a.sentences[1]!.label).toBe('negative');
    expect(analyzeText('Great service, fast delivery, I love it.').label).toBe('positive');
    expect(analyzeText('Terrible service. I am very disappointed.').label).toBe('negative');
  });

  it('handles negation', () => {
    expect(analyzeText('The service was not good.').sentiment).toBeLessThan(0);
    expect(analyzeText('The service was good.').sentiment).toBeGreaterThan(0);
    expect(analyzeText('The support was not bad at all.').sentiment).toBeGreaterThanOrEqual(0);
  });

  it('lets a cue of unmet expectations outweigh polite words', () => {
    expect(analyzeText('I really wanted to love this service.').sentiment).toBeLessThan(0);
    expect(analyzeText('Nice people, but I had to return it.').sentiment).toBeLessThan(0);
  });

  it('scores a text without words as neutral', () => {
    const a = analyzeText('  ');
    expect(a).toMatchObject({ sentiment: 0, label: 'neutral', sentences: [], terms: [] });
    expect(analyzeText('!!! ...').sentences).toEqual([]);
  });

  it('collects lemmatised noun terms and compounds, without generic words', () => {
    const a = analyzeText('The invoices were late. The delivery time was long. Nothing else, thanks for everything.');
    expect(a.terms).toEqual(expect.arrayContaining(['invoice', 'delivery', 'delivery time']));
    expect(a.terms).not.toContain('time');
    expect(a.terms).not.toContain('nothing');
    expect(a.terms.every((t) => t === t.toLowerCase())).toBe(true);
  });

  it('leaves opinion words and contractions out of the terms', () => {
    const a = analyzeText("love the cute invoice layout, great support. i'm happy");
    for (const t of a.terms) expect(['love', 'cute', 'great', "i'm", 'happy']).not.toContain(t);
    expect(a.terms).toContain('support');
  });

  it('assigns themes by the sentence terms', () => {
    const themes = [
      { key: 'invoicing', name: 'Invoicing', terms: ['invoice', 'billing'] },
      { key: 'delivery', name: 'Delivery', terms: ['delivery', 'delivery time'] },
    ];
    const a = analyzeText('Your invoices are always wrong. But the delivery is fast.', { themes });
    expect(a.sentences.map((s) => s.themes)).toEqual([['invoicing'], ['delivery']]);
    expect([...a.themes].sort()).toEqual(['delivery', 'invoicing']);
  });

  it('applies topics per sentence and to the whole text, respecting touch points', () => {
    const topics = [
      { id: 'billing', rule: { query: 'invoic* OR bill' } },
      { id: 'late-bill', rule: { query: 'invoice AND late' } },
      { id: 'store-only', rule: { query: 'invoice' }, touchPointIds: ['store'] },
      { id: 'broken', rule: { query: '(' } },
    ];
    const a = analyzeText('The invoice came. It was late.', { topics, touchPointId: 'web' });
    expect(a.sentences.map((s) => s.topics)).toEqual([['billing'], []]);
    expect(a.topics).toEqual(['billing', 'late-bill']);
    expect(analyzeText('The invoice came.', { topics, touchPointId: 'store' }).topics).toEqual(['billing', 'store-only']);
    expect(analyzeText('The invoice came.', { topics }).topics).toEqual(['billing']);
  });
});

describe('reading without part-of-speech tagging (as the indexer does)', () => {
  const themes = [
    { key: 'invoicing', name: 'Invoicing', terms: ['invoice', 'billing'] },
    { key: 'delivery', name: 'Delivery', terms: ['delivery', 'delivery time'] },
    { key: 'support', name: 'Support', terms: ['support team'] },
  ];
  const texts = [
    'Your invoices are always wrong. But the deliveries are fast.',
    "The support team's answers were slow and the delivery time was a joke.",
    'Nothing to add, thanks!',
  ];

  it('gives the same sentiment, sentences and themes, without candidate terms', () => {
    for (const text of texts) {
      const full = analyzeText(text, { themes });
      const fast = analyzeText(text, { themes, terms: false });
      expect(fast.terms).toEqual([]);
      expect(fast.sentiment).toBe(full.sentiment);
      expect(fast.sentences).toEqual(full.sentences);
      expect(fast.themes).toEqual(full.themes);
    }
    expect(analyzeText(texts[1]!, { themes, terms: false }).themes.sort()).toEqual(['delivery', 'support']);
  });

  it('matches theme words in the singular', () => {
    expect(['invoices', 'Deliveries', "company's", 'boxes', 'glass', 'status', 'analysis', '42', '—'].map(themeWord)).toEqual(['invoice', 'delivery', 'company', 'box', 'glass', 'status', 'analysis', '', '']);
  });
});
