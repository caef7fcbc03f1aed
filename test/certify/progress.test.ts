// The progress renderer, fed events: one live line redrawn in place on a terminal, plain lines on a timer elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plannedExchanges, ProgressRenderer } from '../../cli/progress';
import { batchEvents, ProgressHub } from '../../engine/progress-events';

afterEach(() => vi.useRealTimers());

function sink() {
  const chunks: string[] = [];
  return { out: { write: (t: string) => chunks.push(t) }, chunks };
}

describe('on a terminal', () => {
  it('draws one live line with sent/planned, rate, ETA, failures per level and the suite, in place', () => {
    let now = 0;
    const { out, chunks } = sink();
    const r = new ProgressRenderer({ out, tty: true, now: () => now });
    r.on({ kind: 'plan', exchanges: 1000 });
    r.on({ kind: 'suite-start', name: 'negative' });
    now = 2000;
    r.on({ kind: 'exchange', count: 400 });
    r.on({ kind: 'failure', level: 'MUST', count: 2 });
    now = 2200;
    r.on({ kind: 'failure', level: 'SHOULD' });
    const last = chunks.at(-1)!;
    expect(last.startsWith('\r\x1b[2K')).toBe(true);
    expect(last).not.toContain('\n');
    expect(last).toMatch(/^\r\x1b\[2K400\/~1000 exchanges, \d+\/s, ETA \d+s, failed checks MUST 2 SHOULD 1, 2s elapsed, suite negative$/);
    r.log('  ok negative');
    expect(chunks.slice(-3)).toEqual(['\r\x1b[2K', '  ok negative\n', expect.stringMatching(/^\r\x1b\[2K400\/~1000/)]);
    r.stop();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('not on a terminal', () => {
  it('writes a plain line every 10 s, with no ANSI codes', () => {
    vi.useFakeTimers();
    const { out, chunks } = sink();
    const r = new ProgressRenderer({ out, tty: false });
    r.on({ kind: 'exchange', count: 5 });
    expect(chunks).toEqual([]);
    vi.advanceTimersByTime(10_000);
    vi.advanceTimersByTime(10_000);
    expect(chunks).toHaveLength(2);
    for (const c of chunks) {
      expect(c).toMatch(/^5 exchanges, .*\n$/);
      expect(c).not.toMatch(/\x1b/);
    }
    r.log('  ok auth');
    expect(chunks.at(-1)).toBe('  ok auth\n');
    r.stop();
    vi.advanceTimersByTime(30_000);
    expect(chunks).toHaveLength(3);
  });
});

describe('events', () => {
  it('a hub passes events to its sink, or counts them into a batch to send later', () => {
    const hub = new ProgressHub();
    hub.exchange();
    hub.exchange();
    hub.failure('MUST');
    const batch = hub.take()!;
    expect(batchEvents(batch)).toEqual([{ kind: 'exchange', count: 2 }, { kind: 'failure', level: 'MUST', count: 1 }]);
    expect(hub.take()).toBeUndefined();
    const seen: unknown[] = [];
    hub.connect((e) => seen.push(e));
    hub.exchange();
    expect(seen).toEqual([{ kind: 'exchange' }]);
  });

  it('the plan is capped by the request budget', () => {
    expect(plannedExchanges(10, 100)).toBe(7000);
    expect(plannedExchanges(10, 100, 500)).toBe(500);
  });
});
