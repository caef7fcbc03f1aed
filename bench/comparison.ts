// The figures of bench/compare.ts: medians per side and the change from the other checkout to this one. Pure, tested
// in test/bench/comparison.test.ts.
import { CERTIFY_ROLE, type TreePeak } from './proc-tree';

export type Side = 'current' | 'against';

export interface ComparedRun {
  side: Side;
  wallMs: number;
  suiteMs: number;
  exchanges: number;
  verdict: string;
  peak: TreePeak | undefined;
}

export interface SideFigures {
  dir: string;
  runs: number;
  wallMs: { median: number; min: number; max: number };
  exchanges: number;
  /** Median wall time over the exchanges of the run: what an exchange costs with everything around it. */
  msPerExchange: number;
  /** Largest VmHWM of the certify process over the runs, MB (undefined without /proc). */
  certifyPeakMb: number | undefined;
  verdicts: string[];
}

export interface Comparison {
  machine: string;
  current: SideFigures;
  against: SideFigures;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function figures(runs: readonly ComparedRun[], dir: string): SideFigures {
  const walls = runs.map((r) => r.wallMs);
  const peaks = runs.map((r) => r.peak?.byRole[CERTIFY_ROLE]).filter((kb): kb is number => kb !== undefined);
  const exchanges = median(runs.map((r) => r.exchanges));
  return {
    dir,
    runs: runs.length,
    wallMs: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
    exchanges,
    msPerExchange: exchanges > 0 ? median(walls) / exchanges : NaN,
    certifyPeakMb: peaks.length > 0 ? Math.max(...peaks) / 1024 : undefined,
    verdicts: [...new Set(runs.map((r) => r.verdict))],
  };
}

export function summarise(runs: readonly ComparedRun[], dirs: Record<Side, string>, machine: string): Comparison {
  return {
    machine,
    current: figures(runs.filter((r) => r.side === 'current'), dirs.current),
    against: figures(runs.filter((r) => r.side === 'against'), dirs.against),
  };
}

const pct = (now: number, before: number): string => {
  if (!Number.isFinite(now) || !Number.isFinite(before) || before === 0) return 'n/a';
  const d = ((now - before) / before) * 100;
  return `${d > 0 ? '+' : ''}${d.toFixed(0)} %`;
};

export function renderComparison(c: Comparison): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mbText = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(0)} MB`);
  const rows: [string, string, string, string][] = [
    ['full default certification, median wall time', s(c.against.wallMs.median), s(c.current.wallMs.median), pct(c.current.wallMs.median, c.against.wallMs.median)],
    ['  fastest / slowest run', `${s(c.against.wallMs.min)} / ${s(c.against.wallMs.max)}`, `${s(c.current.wallMs.min)} / ${s(c.current.wallMs.max)}`, ''],
    ['exchanges', String(c.against.exchanges), String(c.current.exchanges), pct(c.current.exchanges, c.against.exchanges)],
    ['wall time per exchange', `${c.against.msPerExchange.toFixed(3)} ms`, `${c.current.msPerExchange.toFixed(3)} ms`, pct(c.current.msPerExchange, c.against.msPerExchange)],
    ['peak RSS of the certify process', mbText(c.against.certifyPeakMb), mbText(c.current.certifyPeakMb), c.current.certifyPeakMb === undefined || c.against.certifyPeakMb === undefined ? 'n/a' : pct(c.current.certifyPeakMb, c.against.certifyPeakMb)],
    ['verdicts', c.against.verdicts.join(', '), c.current.verdicts.join(', '), ''],
  ];
  const header = ['measure', `against (${c.against.runs} runs)`, `current (${c.current.runs} runs)`, 'change'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join(' | ')} |`;
  return [
    '# stream-conformance: this checkout against another, on one machine',
    '',
    `Machine: ${c.machine}. Against: \`${c.against.dir}\`; current: \`${c.current.dir}\`. Runs taken in turn, alternating which goes first.`,
    '',
    line(header),
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
