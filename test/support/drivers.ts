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
