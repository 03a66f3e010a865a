import { Matrix, QrDecomposition } from 'ml-matrix';

/**
 * Driver weights computed independently of src/core/drivers.ts, for the API tests: R² by least
 * squares on the raw rows (QR, with an intercept) and Shapley values as the mean gain over every
 * order of entry (p! orders), not over subsets of a correlation matrix.
 */

export function olsRSquared(y: readonly number[], xs: readonly (readonly number[])[]): number {
  if (xs.length === 0) return 0;
  const x = new Matrix(y.map((_, i) => [1, ...xs.map((col) => col[i] ?? NaN)]));
  const yy = Matrix.columnVector([...y]);
  const fitted = x.mmul(new QrDecomposition(x).solve(yy));
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let ssRes = 0;
  let ssTot = 0;
  y.forEach((v, i) => {
    ssRes += (v - fitted.get(i, 0)) ** 2;
    ssTot += (v - mean) ** 2;
  });
  return 1 - ssRes / ssTot;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Shapley value of each column: its mean gain in R² over all orders of entry. */
export function shapleyByOrders(y: readonly number[], xs: readonly (readonly number[])[]): { rSquared: number; weights: number[] } {
  const memo = new Map<string, number>();
  const r2 = (set: number[]) => {
    const key = [...set].sort().join(',');
    if (!memo.has(key)) memo.set(key, olsRSquared(y, set.map((j) => xs[j] ?? [])));
    return memo.get(key) ?? NaN;
  };
  const weights = new Array<number>(xs.length).fill(0);
  const orders = permutations(xs.length);
  for (const order of orders) {
    const entered: number[] = [];
    for (const j of order) {
      const before = r2(entered);
      entered.push(j);
      weights[j] = (weights[j] ?? 0) + (r2(entered) - before) / orders.length;
    }
  }
  return { rSquared: r2(xs.map((_, j) => j)), weights };
}

/** A seeded generator (LCG): the same numbers on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// A corridor of four touch points and a relationship survey that measures three of them, with gap
// questions on two: the corridor view's API test and the browser test share it.

export const CORRIDOR_TOUCH_POINTS = [
  { key: 'offer', name: 'Offer', stage: 'purchase', channel: 'email', owningFunction: 'sales' },
  { key: 'delivery', name: 'Delivery', stage: 'use', channel: 'in_person', owningFunction: 'logistics' },
  { key: 'invoice', name: 'Invoice', stage: 'billing', channel: 'email', owningFunction: 'finance' },
  { key: 'service-call', name: 'Service call', stage: 'service', channel: 'phone', owningFunction: 'service_operations' },
];
export const CORRIDOR_ORDER = ['offer', 'delivery', 'invoice', 'service-call'];

export const RELATIONSHIP_DEFINITION = {
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    {
      id: 'parts',
      type: 'matrix',
      text: 'How would you rate',
      rows: [
        { id: 'offer', text: 'Our offer', touchPoints: ['offer'] },
        { id: 'delivery', text: 'Our delivery', touchPoints: ['delivery'] },
        { id: 'invoice', text: 'Our invoices', touchPoints: ['invoice'] },
      ],
      scale: { min: 1, max: 5 },
    },
    { id: 'billing_gap', type: 'gap', text: 'Clear invoices', touchPoints: ['invoice'] },
    { id: 'delivery_gap', type: 'gap', text: 'On-time delivery', touchPoints: ['delivery'] },
  ],
};
export type FixtureRow = { answers: Record<string, number>; submittedAt: Date; unitId: string };

export function relationshipRows(units: string[]): FixtureRow[] {
  const next = seeded(5);
  const five = (x: number) => Math.min(5, Math.max(1, Math.round(x)));
  const seven = (x: number) => Math.min(7, Math.max(1, Math.round(x)));
  return Array.from({ length: 90 }, (_, i) => {
    const mood = next();
    const offer = five(1 + 4 * next());
    const delivery = five(1 + 4 * (0.6 * mood + 0.4 * next()));
    const invoice = five(1 + 4 * (0.3 * mood + 0.7 * next()));
    const nps = Math.min(10, Math.max(0, Math.round(delivery * 1.2 + invoice * 0.6 + offer * 0.2 + 3 * next() - 1)));
    return {
      answers: {
        nps,
        'parts.offer': offer,
        'parts.delivery': delivery,
        'parts.invoice': invoice,
        'billing_gap.expectation': seven(5.5 + 1.5 * next()),
        'billing_gap.experience': seven(2 + 3 * next()),
        'delivery_gap.expectation': seven(4 + 2 * next()),
        'delivery_gap.experience': seven(4 + 2 * next()),
      },
      // January to May 2026, one month after another.
      submittedAt: new Date(Date.UTC(2026, i % 5, 3 + (i % 20), 9)),
      unitId: units[i % units.length] as string,
    };
  });
}

