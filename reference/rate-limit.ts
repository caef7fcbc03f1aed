// Rate limits over all requests: a token bucket (the config's `rateLimit`; when none is configured the bucket still
// counts, so RateLimit-* headers say something true-ish, but never refuses), and the fixed window the vendor's
// service applies (1200 a minute there; the realistic target's `realistic.rateLimit`).
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until a token is available (set when refused). */
  retryAfterSeconds?: number;
}

export interface RateLimiter {
  take(): RateDecision;
  /** Back to full (a window that ends). */
  refill(): void;
}

export class TokenBucket implements RateLimiter {
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

/** `limit` requests per window of `windowMs`, windows starting at the first request; Remaining counts down within
 *  a window, and a refused request is told when the window ends. */
export class FixedWindow implements RateLimiter {
  private start: number | undefined;
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  refill(): void {
    this.start = this.now();
    this.used = 0;
  }

  take(): RateDecision {
    const t = this.now();
    if (this.start === undefined || t - this.start >= this.windowMs) {
      // Windows follow each other from the first one's start, as a per-minute counter does.
      this.start = this.start === undefined ? t : t - ((t - this.start) % this.windowMs);
      this.used = 0;
    }
    if (this.used < this.limit) {
      this.used += 1;
      return { allowed: true, limit: this.limit, remaining: this.limit - this.used };
    }
    const wait = Math.max(1, Math.ceil((this.start + this.windowMs - t) / 1000));
    return { allowed: false, limit: this.limit, remaining: 0, retryAfterSeconds: wait };
  }
}
