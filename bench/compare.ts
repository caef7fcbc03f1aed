// `npm run bench:compare -- --against DIR`: the full default certification of this checkout and of another one (a
// worktree of an earlier commit, say), run in turn on this machine: "no slower than before" measured on the same
// machine at the same time. One run on these VMs varies by a tenth, and the same commit measured on two days
// differed by more than half, so a figure from an earlier day is no baseline. Writes compare.json and compare.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/args';
import { wholeNumber } from '../util/flags';
import { stamp } from './args';
import { runCertify } from './certify-run';
import { type ComparedRun, renderComparison, summarise } from './comparison';

const USAGE = `usage: npm run bench:compare -- --against DIR [--pairs N] [--seed N] [--out DIR]

  --against DIR   another checkout or installed package (its bin/stream-conformance.mjs is run; build it first)
  --pairs N       certifications of each, taken in turn (default 5, 1-20)
  --seed N        seed of every run (default 1)
  --out DIR       where compare.json and compare.md go (default reports/out/compare-<stamp>/)`;

const LIMIT_MS = 10 * 60_000;
const log = (line: string) => process.stderr.write(`[compare] ${line}\n`);

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { against: { type: 'string' }, pairs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } }, strict: true }).values;
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!values.against) throw new UsageError('--against DIR is required');
  } catch (e) {
    process.stderr.write(`bench:compare: ${(e as Error).message.split('\n')[0]}\n${USAGE}\n`);
    return 2;
  }
  const here = fileURLToPath(new URL('..', import.meta.url));
  const there = resolve(values.against);
  const bins = { current: join(here, 'bin', 'stream-conformance.mjs'), against: join(there, 'bin', 'stream-conformance.mjs') };
  if (!existsSync(bins.against)) {
    process.stderr.write(`bench:compare: ${bins.against} does not exist\n`);
    return 2;
  }
  let pairs: number;
  let seed: number;
  try {
    pairs = values.pairs === undefined ? 5 : wholeNumber('pairs', values.pairs, 0, 1, 20);
    seed = values.seed === undefined ? 1 : wholeNumber('seed', values.seed, 0, -(2 ** 31), 2 ** 31 - 1);
  } catch (e) {
    process.stderr.write(`bench:compare: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const outDir = resolve(values.out ?? join(here, 'reports', 'out', `compare-${stamp(new Date())}`));
  mkdirSync(outDir, { recursive: true });
  const runs: ComparedRun[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so that neither always meets a machine just warmed (or just busied) by the other.
    const order = i % 2 === 0 ? (['against', 'current'] as const) : (['current', 'against'] as const);
    for (const side of order) {
      const r = await runCertify({ runs: 100, seed, reportDir: join(outDir, `${side}-${i + 1}`), limitMs: LIMIT_MS, bin: bins[side] });
      log(`${side} ${i + 1}/${pairs}: ${r.verdict}, ${(r.wallMs / 1000).toFixed(2)} s, ${r.exchanges} exchanges`);
      runs.push({ side, wallMs: r.wallMs, suiteMs: r.suiteMs, exchanges: r.exchanges, verdict: r.verdict, peak: r.peak });
    }
  }
  const cpus = os.cpus();
  const summary = summarise(runs, { current: here, against: there }, `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${new Date().toISOString()}`);
  const md = renderComparison(summary);
  writeFileSync(join(outDir, 'compare.json'), `${JSON.stringify({ ...summary, runs }, null, 2)}\n`);
  writeFileSync(join(outDir, 'compare.md'), `${md}\n`);
  process.stdout.write(`${md}\n`);
  log(`written: ${join(outDir, 'compare.json')}, ${join(outDir, 'compare.md')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`bench:compare: ${e.message}\n`);
    process.exitCode = 1;
  },
);
