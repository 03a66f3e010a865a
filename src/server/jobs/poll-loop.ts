/** A worker's timer: start, and stop that waits for the pass in progress. */
export interface PollLoop {
  start(): void;
  stop(): Promise<void>;
  /** True once stop was called: a long pass checks it to end early. */
  stopped(): boolean;
}

/**
 * Runs `pass` `intervalMs` after the previous one ended (so passes never pile up), logging a failed
 * pass and going on; `stop` clears the timer and waits for `current()`, the pass still running.
 */
export function createPollLoop(opts: { intervalMs: number; pass: () => Promise<unknown>; current: () => Promise<unknown> | null; onError: (err: unknown) => void }): PollLoop {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      opts.pass().catch(opts.onError).finally(schedule);
    }, opts.intervalMs);
  };
  return {
    start() {
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await opts.current()?.catch(() => undefined);
    },
    stopped: () => stopped,
  };
}

/** One worker's passes, one at a time within the process. */
export interface PassRunner<T> {
  /**
   * Runs the pass now, or — while another runs — once that one ends, so whoever asks sees a pass
   * that began after they asked (tests drive workers this way, with a controlled clock).
   */
  tick(pass: () => Promise<T>): Promise<T>;
  /** Runs the pass unless one is running (the timer's turn: a busy worker skips it). */
  whenIdle(pass: () => Promise<T>): Promise<void>;
  /** The pass running now, for stop() to wait for. */
  current(): Promise<T> | null;
}

export function createPassRunner<T>(): PassRunner<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = (pass: () => Promise<T>): Promise<T> => {
    const p = pass().finally(() => {
      running = null;
    });
    running = p;
    return p;
  };
  const tick = (pass: () => Promise<T>): Promise<T> => {
    if (!running) return start(pass);
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return tick(pass);
      });
    return queued;
  };
  return {
    tick,
    async whenIdle(pass) {
      if (!running) await start(pass);
    },
    current: () => running,
  };
}
