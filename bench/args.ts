// Options of `npm run bench` (bench/run.ts). Pure: parsing only.
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/args';
import { wholeNumber } from '../util/flags';

export interface BenchArgs {
  /** Folder for bench.json and bench.md as given (relative to the working directory); undefined: the default. */
  out: string | undefined;
  /** The default folder, relative to the repository: reports/out/bench-<stamp>/. */
  defaultOut: string;
  seed: number;
  /** Seconds of each autocannon measurement (after a 1 s warm-up). */
  seconds: number;
  /** --runs values of the scaling series; the one equal to 100 (else the middle one) is the certification row. */
  scaling: number[];
  /** Runs of the default certification; the one of median wall time is its row (one run varies by a tenth here). */
  repeat: number;
  help: boolean;
}

export const BENCH_USAGE = `usage: npm run bench -- [--out DIR] [--seed N] [--seconds N] [--scaling 25,100,400] [--repeat N]

  --out DIR        where bench.json and bench.md go (default reports/out/bench-<stamp>/)
  --seed N         seed of every certification run (default 1)
  --seconds N      length of each load measurement, 1-60 (default 5)
  --scaling LIST   --runs values of the scaling series, 1-2000 each (default 25,100,400)
  --repeat N       runs of the default certification, 1-9; the median one is reported (default 3)`;

/** The bench's bad flags are the CLI's: one error type, one set of messages. */
export { UsageError as BenchUsageError };

export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

const whole = (name: string, text: string, min: number, max: number): number => wholeNumber(name, text, 0, min, max);

export function parseBenchArgs(argv: string[], now: Date = new Date()): BenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, seed: { type: 'string' }, seconds: { type: 'string' }, scaling: { type: 'string' }, repeat: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const scalingText = typeof values.scaling === 'string' ? values.scaling : '25,100,400';
  const scaling = [...new Set(scalingText.split(',').map((s) => s.trim()).filter(Boolean).map((s) => whole('scaling', s, 1, 2000)))].sort((a, b) => a - b);
  if (scaling.length < 2) throw new UsageError('--scaling needs at least two different --runs values');
  return {
    out: typeof values.out === 'string' && values.out.trim() !== '' ? values.out : undefined,
    defaultOut: `reports/out/bench-${stamp(now)}`,
    seed: typeof values.seed === 'string' ? whole('seed', values.seed, -(2 ** 31), 2 ** 31 - 1) : 1,
    seconds: typeof values.seconds === 'string' ? whole('seconds', values.seconds, 1, 60) : 5,
    scaling,
    repeat: typeof values.repeat === 'string' ? whole('repeat', values.repeat, 1, 9) : 3,
    help: values.help === true,
  };
}

/** Index of the run of median wall time (the lower middle of an even count). */
export function medianIndex(wallMs: readonly number[]): number {
  const order = wallMs.map((w, i) => [w, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)]![1];
}

/** The run of the series that stands for the full default certification: --runs 100 if present, else the middle one. */
export function defaultRunIndex(scaling: readonly number[], defaultRuns = 100): number {
  const i = scaling.indexOf(defaultRuns);
  return i >= 0 ? i : Math.floor(scaling.length / 2);
}
