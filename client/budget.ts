// The run's request budget (`--max-requests`, `--max-duration`): once spent, the client sends nothing more except
// cleanup, and says so by throwing BudgetExhausted, which the engine treats as "cut", never as a failure.

export interface BudgetLimits {
  maxRequests?: number;
  maxDurationMs?: number;
}

/**
 * A request the client did not send: the run's budget is spent, or the breaker holds its class open. The case it
 * belongs to is cut (reported as such), never judged: not sending says nothing of how the target would answer.
 */
export class NotSent extends Error {
  override name = 'NotSent';
}

export class BudgetExhausted extends NotSent {
  override name = 'BudgetExhausted';
}

export class CircuitOpen extends NotSent {
  override name = 'CircuitOpen';
}

/** Still 429 after every retry: the request never got past the rate limit, so its case cannot be judged. */
export class RateLimited extends NotSent {
  override name = 'RateLimited';
}

/** By name too: a suite file loaded through vitest's module runner may hold another copy of the class. */
export function isNotSent(e: unknown): boolean {
  return e instanceof NotSent || (e instanceof Error && ['BudgetExhausted', 'CircuitOpen', 'RateLimited', 'NotSent'].includes(e.name));
}

export interface BudgetReport {
  limits: BudgetLimits;
  /** Why sending stopped, when it did. */
  exhaustedBy?: 'max-requests' | 'max-duration';
  exhaustedAt?: string;
  /** Sends refused once the budget was spent (cleanup is never refused). */
  refused: number;
}

export class RequestBudget {
  private sent = 0;
  private refused = 0;
  private exhaustedBy: BudgetReport['exhaustedBy'];
  private exhaustedAt: string | undefined;
  private readonly deadline: number | undefined;

  constructor(
    readonly limits: BudgetLimits = {},
    private readonly now: () => number = Date.now,
    startedAt: number = now(),
  ) {
    this.deadline = limits.maxDurationMs === undefined ? undefined : startedAt + limits.maxDurationMs;
  }

  get exhausted(): boolean {
    return this.check() !== undefined;
  }

  /** Takes one request from the budget, or throws BudgetExhausted. */
  take(): void {
    const by = this.check();
    if (by !== undefined) {
      this.refused++;
      throw new BudgetExhausted(`the run's budget is spent (${by}): nothing more is sent but cleanup`);
    }
    this.sent++;
  }

  report(): BudgetReport {
    this.check();
    return { limits: this.limits, ...(this.exhaustedBy ? { exhaustedBy: this.exhaustedBy, exhaustedAt: this.exhaustedAt! } : {}), refused: this.refused };
  }

  private check(): BudgetReport['exhaustedBy'] {
    if (this.exhaustedBy) return this.exhaustedBy;
    let by: BudgetReport['exhaustedBy'];
    if (this.limits.maxRequests !== undefined && this.sent >= this.limits.maxRequests) by = 'max-requests';
    else if (this.deadline !== undefined && this.now() >= this.deadline) by = 'max-duration';
    if (by) {
      this.exhaustedBy = by;
      this.exhaustedAt = new Date(this.now()).toISOString();
    }
    return by;
  }
}
