// Renders the run's progress events. On a terminal: one live line (exchanges sent of planned, rate, ETA, failed
// checks per level, current suite), redrawn at most every 100 ms, with other lines printed above it. Elsewhere
// (CI logs): the same facts as a plain line every 10 s, no ANSI codes.
import type { ProgressEvent } from '../engine/progress-events';

export interface ProgressOutput {
  write(text: string): unknown;
}

export interface ProgressOptions {
  out: ProgressOutput;
  tty: boolean;
  now?: () => number;
  /** Plain-line interval when not a terminal, ms. Default 10000. */
  intervalMs?: number;
}

export class ProgressRenderer {
  private planned = 0;
  private sent = 0;
  private must = 0;
  private should = 0;
  private suite = '';
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly window: { at: number; sent: number }[] = [];
  private lastDraw = 0;
  private drawn = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    // Not a terminal: a plain line on a timer. A terminal: the live line also redrawn when no event comes (a target
    // that hangs), so the rate and ETA stay true.
    this.timer = opts.tty ? setInterval(() => this.drawn && this.draw(), 1000) : setInterval(() => this.opts.out.write(`${this.line()}\n`), opts.intervalMs ?? 10_000);
    this.timer.unref();
  }

  on(e: ProgressEvent): void {
    switch (e.kind) {
      case 'plan':
        this.planned = e.exchanges;
        break;
      case 'suite-start':
        this.suite = e.name;
        break;
      case 'exchange':
        this.sent += e.count ?? 1;
        break;
      case 'failure':
        if (e.level === 'MUST') this.must += e.count ?? 1;
        else this.should += e.count ?? 1;
        break;
    }
    if (this.opts.tty && this.now() - this.lastDraw >= 100) this.draw();
  }

  /** A line of its own (a suite's result), above the live line. */
  log(line: string): void {
    if (this.opts.tty && this.drawn) this.opts.out.write('\r\x1b[2K');
    this.opts.out.write(`${line}\n`);
    if (this.opts.tty && this.drawn) this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.opts.tty && this.drawn) this.opts.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** `1234/~6900 exchanges, 250/s, ETA 22s, failed checks MUST 3 SHOULD 0, suite negative` */
  line(): string {
    const t = this.now();
    this.window.push({ at: t, sent: this.sent });
    while (this.window.length > 2 && t - this.window[0]!.at > 5000) this.window.shift();
    // The rate of the last few seconds; over the whole run until there are two samples a second apart.
    const first = this.window[0]!.at <= t - 1000 ? this.window[0]! : { at: this.startedAt, sent: 0 };
    const elapsed = (t - first.at) / 1000;
    const rate = elapsed > 0 ? (this.sent - first.sent) / elapsed : 0;
    const left = Math.max(0, this.planned - this.sent);
    const eta = rate > 0 && this.planned > 0 ? `ETA ${formatSeconds(left / rate)}` : 'ETA ?';
    const of = this.planned > 0 ? `/~${this.planned}` : '';
    return `${this.sent}${of} exchanges, ${Math.round(rate)}/s, ${eta}, failed checks MUST ${this.must} SHOULD ${this.should}, ${formatSeconds((t - this.startedAt) / 1000)} elapsed${this.suite ? `, suite ${this.suite}` : ''}`;
  }

  private draw(): void {
    this.lastDraw = this.now();
    this.drawn = true;
    this.opts.out.write(`\r\x1b[2K${this.line()}`);
  }
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/**
 * Exchanges a run is expected to send: about 200 deterministic ones per type, and per random case about 4 (valid:
 * create, read back, delete, check) and 1 (invalid), for `runs` of each per type; at most the request budget.
 */
export function plannedExchanges(types: number, runs: number, maxRequests?: number, minimal = false): number {
  // --minimal: about 45 per type (engine/minimal.ts).
  const estimate = Math.round(types * ((minimal ? 45 : 200) + 5 * runs));
  return maxRequests !== undefined ? Math.min(estimate, maxRequests) : estimate;
}
