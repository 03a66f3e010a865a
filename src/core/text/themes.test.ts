import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.ts';
import { discoverThemes, slugify } from './themes.ts';

const B2B = [
  'The invoice was wrong again and we had to call twice.',
  'Invoices arrive late every month.',
  'Billing errors cost us hours of work.',
  'Your invoicing is confusing: three invoices for one order.',
  'The delivery was late by a week.',
  'Delivery time is far too long.',
  'Shipping took ten days.',
  'Support never answered my ticket.',
  'The support team was slow to respond.',
  'Customer service was friendly but the support response took days.',
  'Prices went up without notice.',
  'The price is fair for what we get.',
  'Pricing is not transparent.',
  'Thanks for everything, nothing else to say, great company.',
  'The product is fine, one thing though: the time it takes.',
];

describe('discoverThemes', () => {
  const docs = B2B.map((t) => analyzeText(t));

  it('groups variants into readable themes', () => {
    const themes = discoverThemes(docs);
    const names = themes.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['Invoicing', 'Delivery', 'Support', 'Pricing']));
    const invoicing = themes.find((t) => t.name === 'Invoicing')!;
    expect(invoicing.key).toBe('invoicing');
    expect(invoicing.terms).toEqual(expect.arrayContaining(['invoice', 'billing']));
    for (const generic of ['Thing', 'Time', 'Company', 'Product']) expect(names).not.toContain(generic);
  });

  it('is deterministic and orders by frequency', () => {
    const a = discoverThemes(docs);
    const b = discoverThemes([...docs]);
    expect(b).toEqual(a);
    expect(a[0]!.name).toBe('Invoicing');
    expect(new Set(a.map((t) => t.key)).size).toBe(a.length);
  });

  it('drops terms below the minimum number of texts', () => {
    expect(discoverThemes([{ terms: ['invoice'] }, { terms: ['delivery'] }])).toEqual([]);
    expect(discoverThemes([{ terms: ['invoice'] }, { terms: ['invoices', 'invoice'] }], { minDocs: 2 })).toEqual([{ key: 'invoicing', name: 'Invoicing', terms: ['invoice', 'invoices'] }]);
  });

  it('names a theme after a compound that covers most of its texts', () => {
    const themes = discoverThemes([{ terms: ['delivery time', 'delivery'] }, { terms: ['delivery time'] }, { terms: ['delivery'] }]);
    expect(themes).toEqual([{ key: 'delivery-time', name: 'Delivery time', terms: ['delivery', 'delivery time'] }]);
  });

  it('slugs names', () => {
    expect(slugify('Délai de livraison / Support')).toBe('delai-de-livraison-support');
  });
});
