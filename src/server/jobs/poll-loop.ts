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
