/**
 * Group commit, and its read-side twin: callers submit items and await their own promise; the items
 * go to the database together, one batch at a time. When no batch is in flight the queued items are
 * sent at once (on the next turn of the event loop, so that requests parsed together travel
 * together); while one is in flight, arrivals wait for the next. The batch therefore grows with the
 * load and the wait never exceeds one batch's round trip, with no timer to tune. See
 * docs/decisions/0004-group-commit.md.
 */

/** What `run` says about each item, in the order given: its result, or its own error. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BatcherOptions {
  /** The most items in one batch; the rest wait for the next. */
  maxBatch: number;
}

export interface BatcherStats {
  /** Batches sent (for a writer: transactions). */
  batches: number;
  /** Items settled by them. */
  items: number;
  /** The largest batch so far. */
  largest: number;
}

export interface Batcher<T, R> {
  submit(item: T): Promise<R>;
  stats(): BatcherStats;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
}

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export function createBatcher<T, R>(run: (items: T[]) => Promise<Outcome<R>[]>, opts: BatcherOptions): Batcher<T, R> {
  let queue: Pending<T, R>[] = [];
  let inFlight = false;
  let scheduled = false;
  let idleWaiters: (() => void)[] = [];
  const stats: BatcherStats = { batches: 0, items: 0, largest: 0 };

  const schedule = () => {
    if (inFlight || scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    const batch = queue.slice(0, opts.maxBatch);
    queue = queue.slice(batch.length);
    inFlight = true;
    stats.batches++;
    stats.items += batch.length;
    stats.largest = Math.max(stats.largest, batch.length);
    run(batch.map((p) => p.item))
      .then(
        (outcomes) => {
          batch.forEach((p, i) => {
            const o = outcomes[i];
            if (!o) p.reject(new Error('the batch returned no outcome for this item'));
            else if (o.ok) p.resolve(o.value);
            else p.reject(o.error);
          });
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
        inFlight = false;
        if (queue.length > 0) schedule();
        else {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const w of waiters) w();
        }
      });
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    stats: () => ({ ...stats }),
    idle() {
      if (!inFlight && !scheduled && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
