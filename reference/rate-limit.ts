// Token bucket over all requests. When no limit is configured the bucket still counts (so RateLimit-* headers
// say something true-ish) but never refuses.
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until a token is available (set when refused). */
  retryAfterSeconds?: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly enforce: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Back to full (a window that ends). */
  refill(): void {
    this.tokens = this.capacity;
    this.last = this.now();
  }

  take(): RateDecision {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.refillPerSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, limit: this.capacity, remaining: Math.floor(this.tokens) };
    }
    if (!this.enforce) return { allowed: true, limit: this.capacity, remaining: 0 };
    const wait = Math.max(1, Math.ceil((1 - this.tokens) / this.refillPerSecond));
    return { allowed: false, limit: this.capacity, remaining: 0, retryAfterSeconds: wait };
  }
}
