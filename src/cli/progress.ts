/** A one-line progress display for long commands: rewrites itself on a terminal, prints lines otherwise. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ((text: string) => void) & { done(): void } {
  const started = Date.now();
  const tty = stream.isTTY;
  const show = (text: string): void => {
    const line = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`;
    if (tty) stream.write(`\r\x1b[2K${line}`);
    else stream.write(`${line}\n`);
  };
  return Object.assign(show, {
    done: () => {
      if (tty) stream.write('\n');
    },
  });
}

/**
 * A progress bar with rate and estimated time left, e.g. "[########------------] 40% 4,000,000 of
 * 10,000,000 · 21,300/s · 4m 42s left". The rate is the average since the first call (whose
 * work is not timed, so it is left out of the rate).
 */
export function etaBar(width = 20, clock: () => number = Date.now): (done: number, total: number) => string {
  let first: { at: number; done: number } | undefined;
  return (done, total) => {
    const now = clock();
    first ??= { at: now, done };
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * width);
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    const left = rate > 0 ? (total - done) / rate : undefined;
    const eta = left === undefined ? '' : ` · ${formatDuration(left)} left`;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done.toLocaleString('en')} of ${total.toLocaleString('en')} · ${Math.round(rate).toLocaleString('en')}/s${eta}`;
  };
}

/** "1h 02m", "4m 42s", "12s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}
