// Pacing by the target's advertised rate limit: `RateLimit-Limit` / `RateLimit-Remaining` (header names compared
// case-insensitively; the vendor's service sends both, with a limit of 1,200 a minute), and `RateLimit-Reset`
// (seconds) when given. The run sends freely while the estimated remaining allowance is above a reserve; at the
// reserve it sends one request at a time, spaced by a back-off that doubles while the allowance does not come back
// (a few requests spent over a whole window, whatever its length), or waits for the reset the target announced.
// Shared by every client of a run (RunPolicies), so the suites together never run into a 429 of their own making.
import type { Headers } from './exchange';
import { sleep } from './request-parts';

export interface PacerReport {
  /** The limit the target advertised, if it did. */
  limit?: number;
  /** Time spent waiting for the allowance to come back, ms. */
  waitedMs: number;
  /** Requests sent while the allowance was at the reserve. */
  paced: number;
}

export class Pacer {
  private limit: number | undefined;
  private estimate = Infinity;
  private lastRemaining: number | undefined;
  private resetAt: number | undefined;
  private inFlight = 0;
  private probeMs = 250;
  private nextProbe = 0;
  private waitedMs = 0;
  private paced = 0;
  /** One waiter at a time at the reserve: the queue of a paced run. */
  private gate: Promise<void> = Promise.resolve();

  constructor(private readonly now: () => number = Date.now) {}

  /** Requests kept in hand below the advertised remaining: the spaced probes of one window plus a margin. */
  private reserve(): number {
    return Math.min(10, Math.max(1, Math.floor((this.limit ?? 0) / 4)));
  }

  get advertisedLimit(): number | undefined {
    return this.limit;
  }

  /** Resolves when the next request may leave; call `done` with its response headers (or none) when it ends. */
  async acquire(): Promise<void> {
    if (this.limit === undefined || this.estimate > this.reserve()) {
      this.take();
      return;
    }
    const turn = this.gate.then(() => this.waitTurn());
    this.gate = turn.catch(() => {});
    await turn;
  }

  private async waitTurn(): Promise<void> {
    if (this.estimate > this.reserve()) {
      this.take();
      return;
    }
    const t = this.now();
    const until = this.resetAt !== undefined && this.resetAt > t ? this.resetAt : Math.max(t, this.nextProbe);
    const wait = until - t;
    if (wait > 0) {
      this.waitedMs += wait;
      await sleep(wait);
    }
    // Without an announced reset, each probe waits twice as long as the last while the allowance stays spent.
    if (this.resetAt === undefined || this.resetAt <= this.now()) {
      this.nextProbe = this.now() + this.probeMs;
      this.probeMs = Math.min(this.probeMs * 2, 30_000);
    }
    this.paced++;
    this.take();
  }

  private take(): void {
    this.inFlight++;
    this.estimate--;
  }

  /** The response headers of a request let go by `acquire` (undefined: no answer). */
  done(headers: Headers | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!headers) return;
    const limit = numberHeader(headers, 'ratelimit-limit');
    const remaining = numberHeader(headers, 'ratelimit-remaining');
    if (limit === undefined || remaining === undefined) return;
    this.limit = limit;
    // Requests still in flight were sent after this answer was counted, or will be: they spend the allowance too.
    const seen = remaining - this.inFlight;
    const rose = this.lastRemaining !== undefined && remaining > this.lastRemaining + this.inFlight;
    this.estimate = rose || this.estimate === Infinity ? seen : Math.min(this.estimate, seen);
    if (rose) this.probeMs = 250;
    this.lastRemaining = remaining;
    const reset = numberHeader(headers, 'ratelimit-reset');
    this.resetAt = reset === undefined ? undefined : this.now() + reset * 1000;
  }

  report(): PacerReport {
    return { ...(this.limit !== undefined ? { limit: this.limit } : {}), waitedMs: this.waitedMs, paced: this.paced };
  }
}

function numberHeader(headers: Headers, name: string): number | undefined {
  // Header names are lower-case in an exchange (client/exchange.ts); a list value (`100, 100;w=60`) gives its first.
  const v = headers[name];
  if (v === undefined) return undefined;
  const n = Number.parseInt(v.split(',')[0]!.trim(), 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
