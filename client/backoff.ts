// How long the client waits before retrying a 429. A Retry-After given is honoured (up to a cap); without one the
// wait is exponential with full jitter, and all such waits of a run draw on one total budget: a target that answers
// 429 without Retry-After again and again costs the run at most that budget in waiting, never minutes per request.
import { parseRetryAfterMs } from './retry-after';

export interface BackoffOptions {
  /** Longest wait honoured for one Retry-After, ms. Default 30000. */
  maxRetryAfterMs?: number;
  /** First wait without Retry-After, ms; doubled on each retry of the same request. Default 250. */
  baseMs?: number;
  /** Longest single wait without Retry-After, ms. Default 4000. */
  capMs?: number;
  /** All waits without Retry-After of the run together, ms. Default 20000. */
  totalBudgetMs?: number;
  random?: () => number;
  now?: () => number;
}

export interface BackoffReport {
  /** 429 answers without a usable Retry-After that were retried. */
  retriedWithoutRetryAfter: number;
  waitedMs: number;
  totalBudgetMs: number;
  /** True once the budget ran out: later retries went without waiting. */
  exhausted: boolean;
}

export class Backoff {
  private readonly maxRetryAfterMs: number;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly totalBudgetMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private waitedMs = 0;
  private retried = 0;

  constructor(opts: BackoffOptions = {}) {
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 30_000;
    this.baseMs = opts.baseMs ?? 250;
    this.capMs = opts.capMs ?? 4000;
    this.totalBudgetMs = opts.totalBudgetMs ?? 20_000;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
  }

  /** The wait before retry number `retry` (0-based) of a request answered 429 with this Retry-After value. */
  delayMs(retryAfter: string | undefined, retry: number): number {
    const given = parseRetryAfterMs(retryAfter, this.now());
    if (given !== undefined) return Math.min(given, this.maxRetryAfterMs);
    this.retried++;
    const left = this.totalBudgetMs - this.waitedMs;
    // Budget spent: retry at once, but a few ms apart, so that concurrent retries do not stay in step.
    if (left <= 0) return Math.round(this.random() * 10);
    const wanted = Math.round(this.random() * Math.min(this.capMs, this.baseMs * 2 ** retry));
    const wait = Math.min(wanted, left);
    this.waitedMs += wait;
    return wait;
  }

  report(): BackoffReport {
    return { retriedWithoutRetryAfter: this.retried, waitedMs: this.waitedMs, totalBudgetMs: this.totalBudgetMs, exhausted: this.waitedMs >= this.totalBudgetMs };
  }
}
