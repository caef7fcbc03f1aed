// Turns the measured figures into the issue's table (markdown, also what `npm run bench` prints) and judges each
// figure against its target. Pure: everything here is tested in test/bench/.
import type { CertifyRun } from './certify-run';
import { CERTIFY_ROLE } from './proc-tree';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryMb: number;
  date: string;
}

export type RunFigures = Pick<CertifyRun, 'runs' | 'verdict' | 'wallMs' | 'suiteMs' | 'exchanges' | 'cases' | 'peak' | 'suiteSeconds'>;

/** The suite that sends no counted exchange: the Pact verifier runs in a process of its own. */
const PACT_SUITE = 'pact';

/**
 * Where a run's suite phase goes: the pact verification, the suites that send the counted exchanges, and the rest
 * (vitest's start-up and teardown, the final sweep, the reports). Undefined without per-suite times.
 */
export function phases(r: RunFigures): { pactMs: number; sendingMs: number; otherMs: number } | undefined {
  const entries = Object.entries(r.suiteSeconds ?? {});
  if (entries.length === 0) return undefined;
  const pactMs = (r.suiteSeconds[PACT_SUITE] ?? 0) * 1000;
  const sendingMs = entries.filter(([name]) => name !== PACT_SUITE).reduce((n, [, sec]) => n + sec * 1000, 0);
  return { pactMs, sendingMs, otherMs: Math.max(0, r.suiteMs - pactMs - sendingMs) };
}

/** Peak VmHWM of the certify process itself, over the runs given (undefined when none was measured). */
export function certifyPeakKb(runs: readonly RunFigures[]): number | undefined {
  const kbs = runs.map((x) => x.peak?.byRole[CERTIFY_ROLE]).filter((kb): kb is number => kb !== undefined);
  return kbs.length > 0 ? Math.max(...kbs) : undefined;
}

export interface RateFigures {
  requestsPerSecond: number;
  requests: number;
  p99Ms: number;
  unexpected: number;
  errors: number;
}

export interface GeneratorRow {
  type: string;
  validPerSecond: number;
  invalidPerSecond: number;
}

export interface BenchResult {
  machine: Machine;
  seed: number;
  loadSeconds: number;
  /** The certification row is the run of median wall time of these (one value: a single run). */
  certification: RunFigures;
  certificationWallsMs?: number[];
  types: number;
  rawMix: RateFigures & { connections: number; pattern: string; ratio: { valid: number; invalid: number }; oversizedShare: number };
  target: { create: RateFigures; bare: RateFigures; connections: number; responseBytes: number };
  generators: GeneratorRow[];
  scaling: RunFigures[];
  /** `certify --minimal` (every rule of the default run, the fewest requests), once. */
  minimal?: RunFigures;
  startup: { processMs: number; containerMs: number | null; containerNote?: string };
}

export interface Assessment {
  goal: string;
  value: string;
  met: boolean;
}

export const TARGETS = {
  wallSeconds: 30,
  suiteVsRaw: 0.5,
  createVsBare: 0.5,
  peakRssMb: 300,
  /** The cost per case at the most runs may be at most this multiple of the cost at the fewest. */
  flatFactor: 1.2,
  /** `certify --minimal` against the vendor's 1,200 requests a minute. */
  minimalExchanges: 1500,
} as const;

export const rate = (count: number, ms: number): number => (ms > 0 ? (count / ms) * 1000 : 0);
export const mb = (kb: number): number => kb / 1024;
const fixed = (n: number, d = 0): string => n.toFixed(d);
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Suite-phase milliseconds per case of each run. */
export function costPerCase(runs: readonly RunFigures[]): { runs: number; msPerCase: number }[] {
  return runs.map((r) => ({ runs: r.runs, msPerCase: r.cases > 0 ? r.suiteMs / r.cases : NaN }));
}

/** Flat when the cost per case at the most runs is at most `factor` times the cost at the fewest (growth is what matters). */
export function isFlat(runs: readonly RunFigures[], factor: number = TARGETS.flatFactor): boolean {
  const costs = costPerCase([...runs].sort((a, b) => a.runs - b.runs));
  if (costs.length < 2 || costs.some((c) => !Number.isFinite(c.msPerCase))) return false;
  return costs[costs.length - 1]!.msPerCase <= factor * costs[0]!.msPerCase;
}

export function ratios(r: BenchResult): { suiteVsRaw: number; wallVsRaw: number; createVsBare: number } {
  const raw = r.rawMix.requestsPerSecond;
  const bare = r.target.bare.requestsPerSecond;
  return {
    suiteVsRaw: raw > 0 ? rate(r.certification.exchanges, r.certification.suiteMs) / raw : 0,
    wallVsRaw: raw > 0 ? rate(r.certification.exchanges, r.certification.wallMs) / raw : 0,
    createVsBare: bare > 0 ? r.target.create.requestsPerSecond / bare : 0,
  };
}

export function assess(r: BenchResult): Assessment[] {
  const q = ratios(r);
  const peakKb = certifyPeakKb([r.certification, ...r.scaling]);
  const peak = peakKb === undefined ? undefined : mb(peakKb);
  return [
    { goal: `full default certification (${r.types} types) <= ${TARGETS.wallSeconds} s`, value: `${fixed(r.certification.wallMs / 1000, 1)} s`, met: r.types === 10 && r.certification.wallMs <= TARGETS.wallSeconds * 1000 },
    { goal: `suite rate >= ${TARGETS.suiteVsRaw * 100} % of the raw rate`, value: `${fixed(q.suiteVsRaw * 100)} %`, met: q.suiteVsRaw >= TARGETS.suiteVsRaw },
    { goal: `reference target create >= ${TARGETS.createVsBare * 100} % of bare node:http`, value: `${fixed(q.createVsBare * 100)} %`, met: q.createVsBare >= TARGETS.createVsBare },
    { goal: `peak RSS of the certify process < ${TARGETS.peakRssMb} MB (its children: see Memory)`, value: peak === undefined ? 'not measured (no /proc)' : `${fixed(peak)} MB`, met: peak !== undefined && peak < TARGETS.peakRssMb },
    ...(r.minimal
      ? [
          {
            goal: `certify --minimal (every rule the default run assesses) <= ${TARGETS.minimalExchanges} exchanges`,
            value: `${r.minimal.exchanges} exchanges in ${fixed(r.minimal.wallMs / 1000, 1)} s (at 1,200 a minute: about ${Math.max(1, Math.ceil(r.minimal.exchanges / 1200))} min)`,
            met: r.minimal.exchanges <= TARGETS.minimalExchanges,
          },
        ]
      : []),
    { goal: `cost per case flat from ${Math.min(...r.scaling.map((s) => s.runs))} to ${Math.max(...r.scaling.map((s) => s.runs))} runs (growth <= ${TARGETS.flatFactor}x)`, value: costPerCase(r.scaling).map((c) => `${fixed(c.msPerCase, 2)}`).join(' / ') + ' ms', met: isFlat(r.scaling) },
  ];
}

function phaseRows(c: RunFigures, raw: number): { split: string[][]; rate: string[][] } {
  const p = phases(c);
  if (!p) return { split: [], rate: [] };
  const sendingRate = rate(c.exchanges, p.sendingMs);
  return {
    split: [
      ['    the suites that send the counted exchanges', `${fixed(p.sendingMs / 1000, 1)} s`],
      ['    the pact verification (a process of its own; its requests are not counted)', `${fixed(p.pactMs / 1000, 1)} s`],
      ['    vitest start-up and teardown, final sweep, reports', `${fixed(p.otherMs / 1000, 1)} s`],
    ],
    rate: [
      ['exchanges/s over the suites that send them, and its ratio to raw', `${Math.round(sendingRate).toLocaleString('en-US')}, ${round2(raw > 0 ? sendingRate / raw : 0)}`],
      [
        `time the suite/raw goal allows for these exchanges (at ${TARGETS.suiteVsRaw * 100} % of raw), against the fixed costs that send none of them`,
        raw > 0 ? `${fixed(c.exchanges / (TARGETS.suiteVsRaw * raw), 1)} s vs ${fixed((p.pactMs + p.otherMs) / 1000, 1)} s` : 'n/a',
      ],
    ],
  };
}

function table(header: string[], rows: string[][], alignLeft = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < alignLeft ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)];
}

export function machineLine(m: Machine): string {
  return `${m.cpus} cores (${m.cpuModel}), ${fixed(m.memoryMb / 1024, 1)} GB RAM, ${m.platform}, Node ${m.node}; ${m.date}`;
}

/** ` (median of 3: 8.1-9.0 s)`, or nothing for a single run. */
function spread(walls: readonly number[] | undefined): string {
  if (!walls || walls.length < 2) return '';
  return ` (median of ${walls.length}: ${fixed(Math.min(...walls) / 1000, 1)}-${fixed(Math.max(...walls) / 1000, 1)} s)`;
}

export function renderMarkdown(r: BenchResult): string {
  const c = r.certification;
  const q = ratios(r);
  const split = phaseRows(c, r.rawMix.requestsPerSecond);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const out: string[] = ['# stream-conformance benchmark', '', `Machine: ${machineLine(r.machine)}. Seed ${r.seed}; load runs ${r.loadSeconds} s each after a 1 s warm-up.`, ''];
  out.push('## Targets', '', ...table(['goal', 'measured', 'met'], assess(r).map((a) => [a.goal, a.value, a.met ? 'yes' : 'NO']), 1), '');
  out.push(
    `## Certification (reference target as a local process, all figures from one run${(r.certificationWallsMs?.length ?? 1) > 1 ? ': the one of median wall time' : ''})`,
    '',
    ...table(
      ['measure', 'value'],
      [
        [`wall time, full default certification (${r.types} types, ${c.runs} runs/property, spawn to exit)`, `${fixed(c.wallMs / 1000, 1)} s${spread(r.certificationWallsMs)}`],
        ['  of which the suites, sweep and reports (after start-up)', `${fixed(c.suiteMs / 1000, 1)} s`],
        ...split.split,
        ['verdict', c.verdict],
        ['exchanges sent', n(c.exchanges)],
        ['cases judged', n(c.cases)],
        ['exchanges/s over the wall time', n(rate(c.exchanges, c.wallMs))],
        ['exchanges/s over the suites', n(rate(c.exchanges, c.suiteMs))],
        [
          `raw rate, same mix (${r.rawMix.ratio.valid} valid create+delete : ${r.rawMix.ratio.invalid} invalid, ${fixed(r.rawMix.oversizedShare * 100, 1)} % of these 1 MiB), autocannon ${r.rawMix.connections} keep-alive connections`,
          `${n(r.rawMix.requestsPerSecond)}/s`,
        ],
        ['  unexpected statuses / errors in the raw run', `${r.rawMix.unexpected} / ${r.rawMix.errors}`],
        ['**suite/raw** (suites only)', `**${round2(q.suiteVsRaw)}**`],
        ['suite/raw (wall time)', String(round2(q.wallVsRaw))],
        ...split.rate,
      ],
    ),
    '',
  );
  out.push(
    `## Reference target (autocannon, ${r.target.connections} keep-alive connections)`,
    '',
    ...table(
      ['server', 'requests/s', 'p99 ms'],
      [
        ['reference target, valid Kafka create (unique names, bearer)', n(r.target.create.requestsPerSecond), String(r.target.create.p99Ms)],
        [`bare node:http, canned 200 of the same size (${r.target.responseBytes} bytes)`, n(r.target.bare.requestsPerSecond), String(r.target.bare.p99Ms)],
        ['**ratio target/bare**', `**${round2(q.createVsBare)}**`, ''],
      ],
    ),
    '',
  );
  out.push('## Generators (cases per second, one process)', '', ...table(['type', 'valid/s', 'invalid/s'], r.generators.map((g) => [g.type, n(g.validPerSecond), n(g.invalidPerSecond)])), '');
  // The certification is one of the scaling runs: each run once.
  const peaks = (r.scaling.some((x) => x.runs === c.runs) ? r.scaling : [c, ...r.scaling]).filter((x) => x.peak);
  const top = peaks.reduce<RunFigures | undefined>((a, x) => (a && a.peak!.treeKb >= x.peak!.treeKb ? a : x), undefined);
  const kbOr = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${fixed(mb(kb))} MB`);
  out.push(
    '## Memory (the certify process and its process tree; /proc sampled every 50 ms)',
    '',
    'The certify process runs vitest and writes the reports; its children are one vitest worker (the suites), the Pact verifier (during the pact suite) and, here, the bundled reference target, which a real target replaces.',
    '',
    ...table(
      ['run', 'certify process (VmHWM)', 'with its vitest worker and pact verifier', 'whole tree, with the reference target', 'processes'],
      peaks.map((x) => [`--runs ${x.runs}${x === top ? ' (peak)' : ''}`, kbOr(x.peak!.byRole[CERTIFY_ROLE]), kbOr(x.peak!.toolKb), kbOr(x.peak!.treeKb), String(x.peak!.processes)]),
    ),
    ...(peaks.length === 0 ? ['(not measured: no /proc on this system)'] : []),
    '',
    ...(top
      ? [
          `Peak per process of the --runs ${top.runs} run (VmHWM; a tree figure is the largest sum at one instant):`,
          '',
          ...table(['process', 'peak RSS'], Object.entries(top.peak!.byRole).sort((a, b) => b[1] - a[1]).map(([role, kb]) => [role, `${fixed(mb(kb))} MB`])),
          '',
        ]
      : []),
  );
  const costs = costPerCase(r.scaling);
  out.push(
    '## Scaling',
    '',
    ...table(
      ['--runs', 'wall s', 'suites s', 'cases', 'exchanges', 'ms/case (suites)', 'marginal ms/case'],
      r.scaling.map((s, i) => {
        const prev = r.scaling[i - 1];
        const marginal = prev && s.cases !== prev.cases ? (s.suiteMs - prev.suiteMs) / (s.cases - prev.cases) : undefined;
        return [String(s.runs), fixed(s.wallMs / 1000, 1), fixed(s.suiteMs / 1000, 1), n(s.cases), n(s.exchanges), fixed(costs[i]!.msPerCase, 2), marginal === undefined ? '' : fixed(marginal, 2)];
      }),
    ),
    `Cost per case ${isFlat(r.scaling) ? 'stays flat' : 'does NOT stay flat'} (at most ${TARGETS.flatFactor}x growth from the fewest to the most runs).`,
    '',
  );
  out.push(
    '## Start-up (time to the ready line)',
    '',
    ...table(
      ['as', 'ms'],
      [
        ['process (node, compiled)', n(r.startup.processMs)],
        ['container', r.startup.containerMs === null ? `n/a (${r.startup.containerNote ?? 'not measured'})` : n(r.startup.containerMs)],
      ],
    ),
    '',
  );
  return out.join('\n');
}
