/**
 * When a failed delivery is tried again: 30 s after the first failure, doubling each time, at most an
 * hour apart, each delay moved by up to ±10 % (jitter, so that receivers coming back up are not met
 * by every retry at once). Ten attempts span about three hours; then the delivery is failed.
 */

export const WEBHOOK_MAX_ATTEMPTS = 10;
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 3_600_000;
export const RETRY_JITTER = 0.1;

/** The delay after the `failures`-th failed attempt of a round (1 for the first); `random` in [0, 1). */
export function retryDelayMs(failures: number, random: number): number {
  const plain = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(plain * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}
