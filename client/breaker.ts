// A per-class circuit breaker with an adaptive timeout, owned by the client and shared by every client of one run.
// A target that hangs on some kinds of request (non-ASCII names, one connection type, large bodies) must not cost
// the full timeout on each of them, while a conforming target, however slow, must never be cut short: so the short
// timeout applies only to a class that has already timed out with the full one and answered nothing since.
import type { HttpRequest } from './exchange';

export interface BreakerOptions {
  /** The configured per-request timeout: what a request of a healthy class gets. */
  timeoutMs: number;
  /** Lowest timeout a suspect class gets. Default 500. */
  floorMs?: number;
  /** A suspect class's timeout is this many times the 99th percentile latency of answers seen. Default 10. */
  latencyFactor?: number;
  /** Consecutive timeouts of one class after which it is not sent to any more (but probed). Default 4. */
  tripAfter?: number;
  /** Consecutive transport failures of any kind, over all requests, after which the target is taken as down. Default 8. */
  targetDownAfter?: number;
  /** While open, one request of the class is let through as a probe this often. Default 2000. */
  probeEveryMs?: number;
  now?: () => number;
}

/** What the breaker decides for one request before it is sent. */
export type Admission =
  | { send: true; timeoutMs: number; /** A class already failing: a transport error of it is not a single one. */ suspect: boolean }
  | { send: false; reason: string };

export type AttemptOutcome = 'response' | 'timeout' | 'transport-error';

/** What the certificate shows of one class that misbehaved. */
export interface ClassReport {
  class: string;
  sent: number;
  answered: number;
  timeouts: number;
  transportErrors: number;
  /** Requests not sent because the class was open. */
  notSent: number;
  /** Consecutive timeouts that opened it, and when (ISO), if it ever opened. */
  openedAt?: string;
  /** The short timeout suspect requests of it were given (last value), ms. */
  suspectTimeoutMs?: number;
}

export interface BreakerReport {
  configuredTimeoutMs: number;
  /** 99th percentile latency of the answers seen, ms (undefined before enough answers). */
  p99LatencyMs?: number;
  classes: ClassReport[];
  targetDown?: string;
}

interface ClassState extends ClassReport {
  consecutiveTimeouts: number;
  /** The last RECENT (50) outcomes of the class, true for a timeout: sporadic hangs show here, not in a streak. */
  recent: boolean[];
  suspect: boolean;
  open: boolean;
  lastProbe: number;
  probing: boolean;
}

const SAMPLES = 256;
const RECENT = 50;
const MIN_SAMPLES = 20;
const ALL = '*';

export class Breaker {
  private readonly floorMs: number;
  private readonly factor: number;
  private readonly tripAfter: number;
  private readonly downAfter: number;
  private readonly probeEveryMs: number;
  private readonly now: () => number;
  private readonly classes = new Map<string, ClassState>();
  private readonly latencies: number[] = [];
  private latencyIndex = 0;
  private p99: number | undefined;
  private sinceP99 = 0;
  private failureStreak = 0;
  private down: string | undefined;

  constructor(private readonly opts: BreakerOptions) {
    this.floorMs = opts.floorMs ?? 500;
    this.factor = opts.latencyFactor ?? 10;
    this.tripAfter = opts.tripAfter ?? 4;
    this.downAfter = opts.targetDownAfter ?? 8;
    this.probeEveryMs = opts.probeEveryMs ?? 2000;
    this.now = opts.now ?? Date.now;
  }

  /** The short timeout of a suspect class: a multiple of the latencies seen, never below the floor nor above the configured one. */
  suspectTimeoutMs(): number {
    if (this.p99 === undefined) return this.opts.timeoutMs;
    return Math.min(this.opts.timeoutMs, Math.max(this.floorMs, Math.ceil(this.factor * this.p99)));
  }

  admit(req: Pick<HttpRequest, 'method'> & { path: string; body?: Buffer }): Admission {
    const keys = classesOf(req);
    const states = keys.map((k) => this.state(k));
    const all = this.state(ALL);
    const open = [all, ...states].find((s) => s.open);
    if (open) {
      const t = this.now();
      if (open.probing || t - open.lastProbe < this.probeEveryMs) {
        open.notSent++;
        const why = open === all ? this.down! : `${open.consecutiveTimeouts} requests of class "${open.class}" in a row got no answer within the timeout`;
        return { send: false, reason: `not sent: ${why}; the class is probed every ${this.probeEveryMs / 1000} s` };
      }
      open.lastProbe = t;
      open.probing = true;
    }
    const suspect = states.some((s) => s.suspect || s.open) || all.open;
    for (const s of states) s.sent++;
    return { send: true, suspect, timeoutMs: suspect ? this.suspectTimeoutMs() : this.opts.timeoutMs };
  }

  record(req: Pick<HttpRequest, 'method'> & { path: string; body?: Buffer }, outcome: AttemptOutcome, durationMs: number): void {
    const states = classesOf(req).map((k) => this.state(k));
    const all = this.state(ALL);
    for (const s of [all, ...states]) s.probing = false;
    if (outcome === 'response') {
      this.failureStreak = 0;
      if (all.open) {
        all.open = false;
        this.down = undefined;
      }
      this.sample(durationMs);
      for (const s of states) {
        s.answered++;
        s.consecutiveTimeouts = 0;
        s.open = false;
        remember(s, false);
        s.suspect = sporadic(s);
      }
      return;
    }
    if (++this.failureStreak >= this.downAfter && !all.open) {
      all.open = true;
      all.lastProbe = this.now();
      this.down = `the target failed ${this.failureStreak} requests in a row`;
      all.openedAt ??= new Date(this.now()).toISOString();
    }
    if (outcome !== 'timeout') {
      for (const s of states) s.transportErrors++;
      return;
    }
    // A timeout counts against the finest classes of the request only (its non-ASCII content, its type), so one
    // kind that hangs never shortens the timeout of its healthy neighbours; the coarse class only when it is all
    // there is. One timeout alone may be chance: a class is suspect after two in a row without an answer.
    for (const s of states.length > 1 ? states.slice(1) : states) {
      s.timeouts++;
      s.consecutiveTimeouts++;
      remember(s, true);
      if (s.consecutiveTimeouts < 2 && !sporadic(s)) continue;
      s.suspect = true;
      s.suspectTimeoutMs = this.suspectTimeoutMs();
      // Not sending is for a class that answers nothing at all: a timeout of a request that also belongs to a class
      // that hangs (a non-ASCII name of type Kafka) must not close its type to requests that are answered.
      if (s.consecutiveTimeouts >= this.tripAfter && !s.open && !s.recent.includes(false)) {
        s.open = true;
        s.lastProbe = this.now();
        s.openedAt ??= new Date(this.now()).toISOString();
      }
    }
  }

  /** Classes that timed out, failed or were cut (healthy ones are left out), and whether the target was taken as down. */
  report(): BreakerReport {
    const classes = [...this.classes.values()]
      .filter((s) => s.class !== ALL && (s.timeouts > 0 || s.transportErrors > 0 || s.notSent > 0))
      .map(({ class: c, sent, answered, timeouts, transportErrors, notSent, openedAt, suspectTimeoutMs }) => ({
        class: c,
        sent,
        answered,
        timeouts,
        transportErrors,
        notSent,
        ...(openedAt ? { openedAt } : {}),
        ...(suspectTimeoutMs !== undefined ? { suspectTimeoutMs } : {}),
      }));
    const all = this.classes.get(ALL);
    return {
      configuredTimeoutMs: this.opts.timeoutMs,
      ...(this.p99 !== undefined ? { p99LatencyMs: this.p99 } : {}),
      classes,
      ...(all?.openedAt ? { targetDown: `${this.down ?? 'the target failed requests in a row'} (from ${all.openedAt})` } : {}),
    };
  }

  private state(key: string): ClassState {
    let s = this.classes.get(key);
    if (!s) {
      s = { class: key, sent: 0, answered: 0, timeouts: 0, transportErrors: 0, notSent: 0, consecutiveTimeouts: 0, recent: [], suspect: false, open: false, lastProbe: 0, probing: false };
      this.classes.set(key, s);
    }
    return s;
  }

  private sample(ms: number): void {
    if (this.latencies.length < SAMPLES) this.latencies.push(ms);
    else this.latencies[this.latencyIndex++ % SAMPLES] = ms;
    // Until there are enough answers for a percentile, the slowest one seen stands for it.
    if (this.latencies.length < MIN_SAMPLES) this.p99 = Math.max(this.p99 ?? 0, ms);
    else if (++this.sinceP99 >= 32 || this.latencies.length === MIN_SAMPLES) {
      this.sinceP99 = 0;
      const sorted = [...this.latencies].sort((a, b) => a - b);
      this.p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
    }
  }
}

/**
 * The kinds a request belongs to, coarse to fine: its method and route; the same with non-ASCII content (in the
 * path or the body); with the connection type a create claims; and with a body over 1 MiB. A target that hangs on
 * one of these kinds shows up in that class while the others keep answering.
 */
export function classesOf(req: { method: string; path: string; body?: Buffer }): string[] {
  const path = req.path.split('?')[0]!;
  const route = /\/connections\/[^/]+$/.test(path) ? 'connection' : /\/connections$/.test(path) ? 'connections' : 'other';
  const base = `${req.method} ${route}`;
  const out = [base];
  if (/%[89a-f][0-9a-f]/i.test(path) || (req.body !== undefined && hasNonAscii(req.body))) out.push(`${base} non-ASCII`);
  if (req.body !== undefined && req.body.length <= 64 * 1024) {
    const text = req.body.toString('utf8');
    const type = /"type"\s*:\s*"([A-Za-z0-9]{1,40})"/.exec(text)?.[1];
    if (type) out.push(`${base} type=${type}`);
    const name = /"name"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    if (name !== undefined && /[^\x00-\x7f]|\\u00[89a-f]|\\u0[1-9a-f]|\\u[1-9a-f]/i.test(name)) out.push(`${base} non-ASCII name`);
  }
  if (req.body !== undefined && req.body.length > 1024 * 1024) out.push(`${base} over 1 MiB`);
  return out;
}

function remember(s: ClassState, timedOut: boolean): void {
  s.recent.push(timedOut);
  if (s.recent.length > RECENT) s.recent.shift();
}

/**
 * A class that times out now and then (not in a streak, its other requests answered): suspect too, once it has
 * timed out twice, for as long as a timeout is among its recent outcomes.
 */
function sporadic(s: ClassState): boolean {
  return s.timeouts >= 2 && s.recent.includes(true);
}

function hasNonAscii(body: Buffer): boolean {
  const n = Math.min(body.length, 64 * 1024);
  for (let i = 0; i < n; i++) if (body[i]! >= 0x80) return true;
  return false;
}
