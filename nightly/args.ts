// Arguments of `npm run nightly`: the pipeline's own options, and certify's target options passed through. Target
// options given as flags are moved into the CONFORMANCE_* environment of the certify children (never onto their
// command line). What the pipeline itself relies on (types, seed, runs, faults) is checked here; the target options
// are checked by certify when the first group starts, with the messages its users know. (The pipeline does not
// import certify's parser: that module loads the whole engine, which the pipeline, a driver of child processes,
// has no use for.)
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/args';
import { joinNegativeNumbers, wholeNumber } from '../util/flags';
import { connectionTypes } from '../runner/settings';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { isFaultName } from '../reference/faults';
import { DEFAULT_ATTEMPTS } from './flakes';

export { UsageError };

/** Certify options the pipeline passes through in the environment, with their variables. */
export const PASS_THROUGH = {
  target: 'CONFORMANCE_TARGET',
  'group-id': 'CONFORMANCE_GROUP_ID',
  tenant: 'CONFORMANCE_TENANT',
  auth: 'CONFORMANCE_AUTH',
  'readonly-auth': 'CONFORMANCE_READONLY_AUTH',
  fixtures: 'CONFORMANCE_FIXTURES',
  timeout: 'CONFORMANCE_TIMEOUT',
  rate: 'CONFORMANCE_RATE',
  concurrency: 'CONFORMANCE_CONCURRENCY',
  launch: 'CONFORMANCE_LAUNCH',
} as const;

const OWN = {
  out: { type: 'string', help: 'run folder (default reports/out/nightly-<time>)' },
  previous: { type: 'string', help: "the previous night's certificate.json (default: the newest earlier night beside the run folder) [CONFORMANCE_PREVIOUS]" },
  groups: { type: 'string', help: 'how many type groups to certify one after another (default 3)' },
  attempts: { type: 'string', help: `re-runs of every failure for the flake classes (default ${DEFAULT_ATTEMPTS}; 0: no re-runs)` },
  shards: { type: 'string', help: 'do not certify: merge the certificate.json files found under this folder (CI merge job)' },
  summary: { type: 'string', help: "append the night's Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY)" },
  'target-label': { type: 'string', help: 'what the merged certificate names as its target (default the --target URL, else "bundled reference target")' },
  types: { type: 'string', help: 'connection types to certify, split into the groups; with --shards, the types expected (default all) [CONFORMANCE_TYPES]' },
  seed: { type: 'string', help: 'seed shared by every group and re-run (default random, printed) [CONFORMANCE_SEED]' },
  runs: { type: 'string', help: 'random cases per property and type [CONFORMANCE_RUNS]' },
  fault: { type: 'string', multiple: true, help: 'bundled reference target only: switch on a fault (repeatable), e.g. to see a failing night' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export interface PipelineArgs {
  out?: string;
  previous?: string;
  groups: number;
  attempts: number;
  shards?: string;
  summary?: string;
  /** Label of the merged certificate's target. */
  targetLabel: string;
  types: ConnectionType[];
  seed: number;
  runs?: number;
  faults: string[];
  /** The certify children's environment: the caller's, plus the target options given as flags. */
  env: NodeJS.ProcessEnv;
  help: boolean;
}

export function pipelineUsage(): string {
  const row = (flag: string, help: string) => `  ${flag.padEnd(24)} ${help}`;
  return [
    'usage: npm run nightly -- [options]',
    '',
    'Certifies the target group by group, merges the certificates, re-runs every failure to class it FIXED, FLAKY or',
    "FAILED, compares the night with the previous one, and writes everything into the run folder.",
    '',
    ...Object.entries(OWN).map(([k, o]) => row(`--${k}${o.type === 'string' ? ' V' : ''}`, o.help)),
    '',
    'Target options, as for `stream-conformance certify` (passed to it in the environment, never on a command line):',
    ...Object.entries(PASS_THROUGH).map(([k, e]) => row(`--${k} V`, `[${e}]`)),
    '',
    'Exit status: 0 the merged certificate is conformant, 1 a MUST rule failed, 2 the night could not be made in full.',
  ].join('\n');
}

export function parsePipelineArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PipelineArgs {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    const options = {
      ...Object.fromEntries(Object.entries(OWN).map(([k, o]) => [k, { type: o.type, ...('multiple' in o ? { multiple: true } : {}) }])),
      ...Object.fromEntries(Object.keys(PASS_THROUGH).map((k) => [k, { type: 'string' as const }])),
    };
    values = parseArgs({ args: joinNegativeNumbers(argv), options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);

  const childEnv: NodeJS.ProcessEnv = { ...env };
  for (const [flag, variable] of Object.entries(PASS_THROUGH)) {
    const v = str(flag);
    if (v !== undefined) childEnv[variable] = v;
  }
  // The pipeline decides these per shard (flags on the child's command line); stale values must not leak in.
  delete childEnv.CONFORMANCE_REPORT_DIR;

  const typesText = str('types') ?? (env.CONFORMANCE_TYPES || undefined);
  const types: ConnectionType[] = typesText === undefined ? [...CONNECTION_TYPES] : connectionTypes(typesText);
  const seed = wholeNumber('seed', str('seed') ?? (env.CONFORMANCE_SEED || undefined), randomBytes(4).readInt32BE(0), -(2 ** 31));
  const runsText = str('runs') ?? (env.CONFORMANCE_RUNS || undefined);
  const runs = runsText === undefined ? undefined : wholeNumber('runs', runsText, 0, 0);
  const faults = (values.fault as string[] | undefined) ?? [];

  for (const f of faults) if (!isFaultName(f)) throw new UsageError(`--fault: unknown fault ${JSON.stringify(f)} (see reference/README.md)`);
  const target = childEnv.CONFORMANCE_TARGET || undefined;
  if (target !== undefined && faults.length > 0) throw new UsageError('--fault applies to the bundled reference target only; it cannot be combined with --target');
  const shards = str('shards');
  if (shards !== undefined && faults.length > 0) throw new UsageError('--fault does not apply with --shards: the shards were certified already');
  const label = str('target-label') ?? target ?? `bundled reference target${faults.length ? ` (faults: ${faults.join(', ')})` : ''}`;
  const previous = str('previous') ?? (env.CONFORMANCE_PREVIOUS || undefined);
  return {
    ...(str('out') !== undefined ? { out: str('out')! } : {}),
    ...(previous !== undefined ? { previous } : {}),
    groups: wholeNumber('groups', str('groups'), 3, 1),
    attempts: wholeNumber('attempts', str('attempts'), DEFAULT_ATTEMPTS, 0),
    ...(shards !== undefined ? { shards } : {}),
    ...(str('summary') !== undefined ? { summary: str('summary')! } : {}),
    targetLabel: label,
    types,
    seed,
    ...(runs !== undefined ? { runs } : {}),
    faults,
    env: childEnv,
    help: values.help === true,
  };
}
