// `stream-conformance generate`: prints generated request bodies as NDJSON, one case a line.
//   valid:   {"type", "body"}
//   invalid: {"type", "operator", "rule", "level", "path", "body"}  or "raw" (the text) for malformed JSON
// The deterministic phase (every enum value / every operator x target) comes first, then --count random cases
// per type. The same --seed, fixtures and --run-prefix give the same lines on any machine.
import { readFileSync } from 'node:fs';
import { UsageError } from '../args';
import { flagUsage, type FlagTable, parseFlags, wholeNumber } from '../../util/flags';
import fc from 'fast-check';
import { CONNECTION_TYPES, type ConnectionType, type Fixtures, isConnectionType } from '../../contracts/types';
import {
  checkFixtures,
  createGenContext,
  enumerateInvalid,
  enumerateValid,
  type GenContext,
  invalidCase,
  seedFor,
  validBody,
} from '../../generators';

const PREFIX = 'stream-conformance generate';
const MAX_COUNT = 1_000_000;

const FLAGS = {
  type: { type: 'string', value: 'T', help: `one of ${CONNECTION_TYPES.join(', ')}, or all` },
  valid: { type: 'boolean', help: 'valid bodies: {"type","body"}' },
  invalid: { type: 'boolean', help: 'labelled invalid cases: {"type","operator","rule","level","path","body"|"raw"}' },
  count: { type: 'string', value: 'N', help: 'random cases per type after the deterministic phase (default 100; 0 for none)' },
  seed: { type: 'string', value: 'S', help: '32-bit integer seed (default: random, printed on stderr)' },
  fixtures: { type: 'string', value: 'FILE', help: 'JSON {"sampleSources": [...], "clusterNames": [...]} the target knows' },
  'run-prefix': { type: 'string', value: 'P', help: 'prefix of generated connection names (default "sc")' },
  'no-matrix': { type: 'boolean', help: 'skip the deterministic phase (every enum value / every operator x target)' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies FlagTable;

export const USAGE = [
  'usage: stream-conformance generate --type <T|all> (--valid | --invalid) [options]',
  '',
  'Prints generated request bodies for Create One Stream Connection as NDJSON on stdout.',
  '',
  ...flagUsage(FLAGS, 16),
  '',
].join('\n');


interface Options {
  types: ConnectionType[];
  mode: 'valid' | 'invalid';
  count: number;
  seed: number;
  seedGiven: boolean;
  fixtures?: Fixtures;
  runPrefix?: string;
  matrix: boolean;
}

export function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return 'help';
  if (values.type === undefined) throw new UsageError(`--type is required (${CONNECTION_TYPES.join(', ')}, or all)`);
  const types = values.type === 'all' ? [...CONNECTION_TYPES] : isConnectionType(values.type) ? [values.type] : undefined;
  if (!types) throw new UsageError(`unknown --type "${values.type}" (expected ${CONNECTION_TYPES.join(', ')}, or all)`);
  if (values.valid === values.invalid) throw new UsageError('give exactly one of --valid and --invalid');
  const count = values.count === undefined ? 100 : wholeNumber('count', values.count, 100, 0, MAX_COUNT);
  const seedGiven = values.seed !== undefined;
  const seed = seedGiven ? wholeNumber('seed', values.seed!, 0, -(2 ** 31), 2 ** 31 - 1) : (Math.random() * 2 ** 31) | 0;
  let fixtures: Fixtures | undefined;
  if (values.fixtures !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.fixtures, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --fixtures ${values.fixtures}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      fixtures = checkFixtures(JSON.parse(text));
    } catch (e) {
      throw new UsageError(`bad --fixtures ${values.fixtures}: ${(e as Error).message}`);
    }
  }
  const runPrefix = values['run-prefix'];
  if (runPrefix !== undefined) {
    try {
      createGenContext({ runPrefix });
    } catch (e) {
      throw new UsageError(`bad --run-prefix: ${(e as Error).message}`);
    }
  }
  return {
    types,
    mode: values.valid ? 'valid' : 'invalid',
    count,
    seed,
    seedGiven,
    matrix: !values['no-matrix'],
    ...(fixtures ? { fixtures } : {}),
    ...(runPrefix !== undefined ? { runPrefix } : {}),
  };
}

/** The NDJSON lines of a run, lazily (a large --count never sits in memory at once). */
export function* generateLines(o: Options): Generator<string> {
  const ctx: GenContext = createGenContext({ ...(o.runPrefix ? { runPrefix: o.runPrefix } : {}), ...(o.fixtures ? { fixtures: o.fixtures } : {}) });
  const BATCH = 200;
  for (const type of o.types) {
    if (o.mode === 'valid') {
      if (o.matrix) for (const body of enumerateValid(type, ctx, o.seed)) yield JSON.stringify({ type, body });
      const arb = validBody(type, ctx);
      for (let done = 0, batch = 0; done < o.count; batch++) {
        const n = Math.min(BATCH, o.count - done);
        for (const body of fc.sample(arb, { seed: seedFor(o.seed, type, 'random', batch), numRuns: n })) yield JSON.stringify({ type, body });
        done += n;
      }
    } else {
      if (o.matrix) for (const c of enumerateInvalid(type, ctx, o.seed)) yield JSON.stringify(c);
      const arb = invalidCase(type, ctx);
      for (let done = 0, batch = 0; done < o.count; batch++) {
        const n = Math.min(BATCH, o.count - done);
        for (const c of fc.sample(arb, { seed: seedFor(o.seed, type, 'random', batch), numRuns: n })) yield JSON.stringify(c);
        done += n;
      }
    }
  }
}

/** Resolves on 'drain' or 'error', removing both listeners either way. */
function drained(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}

export async function run(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${PREFIX}: ${e.message} (see --help)\n`);
      return 2;
    }
    throw e;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!options.seedGiven) process.stderr.write(`${PREFIX}: seed ${options.seed} (pass --seed ${options.seed} to reproduce)\n`);
  const out = process.stdout;
  let closed = false;
  // A reader that goes away early (`| head`) ends the run quietly.
  out.on('error', () => {
    closed = true;
  });
  for (const line of generateLines(options)) {
    if (closed) break;
    try {
      if (!out.write(`${line}\n`)) await drained(out);
    } catch (e) {
      // Pipes to stdout write synchronously: EPIPE surfaces here rather than as an 'error' event.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') break;
      throw e;
    }
  }
  return 0;
}
