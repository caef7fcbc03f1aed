// Caps the request rate across all concurrent sends, for shared real targets (`--rate`). Requests are spaced
// 1/rate apart (a bucket of one token): a cap per second that also holds over any shorter window.

export interface RateLimiter {
  /** Resolves when the next request may leave. */
  acquire(): Promise<void>;
}

export const UNLIMITED: RateLimiter = { acquire: () => Promise.resolve() };

export function createRateLimiter(ratePerSecond: number | undefined, now: () => number = Date.now): RateLimiter {
  if (ratePerSecond === undefined) return UNLIMITED;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new Error(`rate must be a positive number of requests per second, got ${String(ratePerSecond)}`);
  }
  const interval = 1000 / ratePerSecond;
  let nextFree = -Infinity;
  return {
    acquire() {
      const t = now();
      const slot = Math.max(t, nextFree);
      nextFree = slot + interval;
      const wait = slot - t;
      return wait <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, wait));
    },
  };
}
