// Waiting for an eventually consistent target within a bound (profile v1.1: reads settle in seconds, a Kafka
// connection refuses DELETE with 409 while it deploys). One implementation for the suites, the final sweep and the
// Pact provider states: ask, and ask again with jittered exponential back-off until the answer is the awaited one
// or the bound has passed. The first ask is immediate, so a target that is consistent costs nothing more.
import type { Exchange } from './exchange';
import { sleep } from './request-parts';

/** The default settle bound, ms: the vendor's reads settle in seconds (profile v1.1); a consistent target never
 *  makes a run wait. `--settle` sets it. */
export const DEFAULT_SETTLE_MS = 30_000;

export interface Polled {
  /** The last answer. */
  ex: Exchange;
  /** Whether the last answer is the awaited one. */
  settled: boolean;
  waitedMs: number;
  tries: number;
}

export interface PollOptions {
  /** Longest wait, ms (0: ask once). */
  boundMs: number;
  /** First pause, ms; doubled on each further ask up to `capMs`. Default 100. */
  firstMs?: number;
  capMs?: number;
  now?: () => number;
  random?: () => number;
}

export async function pollUntil(ask: () => Promise<Exchange>, done: (ex: Exchange) => boolean, o: PollOptions): Promise<Polled> {
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const start = now();
  let ex = await ask();
  let tries = 1;
  let pause = o.firstMs ?? 100;
  while (!done(ex)) {
    const left = o.boundMs - (now() - start);
    if (left <= 0) break;
    // Full pause halved by jitter, so concurrent pollers do not ask in step.
    await sleep(Math.min(left, Math.round(pause * (0.5 + random() / 2))));
    pause = Math.min(pause * 2, o.capMs ?? 2000);
    ex = await ask();
    tries++;
  }
  return { ex, settled: done(ex), waitedMs: now() - start, tries };
}

export function statusIs(ex: Exchange, ...codes: number[]): boolean {
  return ex.outcome === 'response' && codes.includes(ex.response.status);
}

/**
 * A DELETE the target may complete later: refused 409 (STREAM_KAFKA_CONNECTION_IS_DEPLOYING, or any 409 while the
 * connection is not READY) or 404 for a connection whose create it answered 200 but does not show yet.
 */
export function deleteMayComplete(ex: Exchange): boolean {
  return statusIs(ex, 409, 404);
}

/** "waited 12.3 s" */
export function waited(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
