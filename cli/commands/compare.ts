// `stream-conformance compare FILE.har [FILE.har ...] --target URL --group-id G --tenant T --auth CRED`: replays
// the recorded requests of the operation against another target (fresh names, the given project and stream
// instance), cleans up after itself, and reports every difference between the recorded answers and the new ones,
// allowed or a failure (traffic/compare/). The flags are certify's (runner/settings.ts RUN_FLAGS, --ca, --insecure).
// Exit 0: no failure. 1: a failure (with --strict: any difference). 2: unusable input or an unreachable target.
import { createRedactor, defaultReportDir, writeReports } from '../../reports';
import { comparisonLines } from '../../reports/comparison-view';
import { parseCredential } from '../../client';
import { flagUsage, type FlagTable, parseFlags } from '../../util/flags';
import { HarInputError, type Recording } from '../../traffic/har-read';
import { compareRecording, NothingToCompare } from '../../traffic/compare';
import { selectOperations } from '../../traffic/select';
import { asFlag, resolveRunConfig, RUN_FLAGS, runSettingsFromFlags } from '../../runner/settings';
import { type RunConfig, settleBound } from '../../engine/config';
import type { Fixtures } from '../../contracts/types';
import { suiteVersion } from '../../runner/certification';
import { readCaFile, tlsTrust, UsageError } from '../args';
import { maskedCommandLine } from '../run-settings';
import { preflight } from '../preflight';
import { CERTIFY_FLAGS } from './certify';
import { readRecordings } from './judge';

const { target, 'group-id': groupId, tenant, auth, fixtures, timeout, rate, settle } = RUN_FLAGS;
const { ca, insecure, 'report-dir': reportDir, quiet } = CERTIFY_FLAGS;

const FLAGS = {
  target: { ...target, help: 'base URL of the target to replay the recording against (required)' },
  'group-id': groupId,
  tenant,
  auth,
  fixtures,
  timeout,
  rate,
  settle,
  ca,
  insecure,
  'report-dir': reportDir,
  'only-instance': {
    type: 'boolean',
    help: 'the recorded caller had only the recorded stream instance, and --auth has only --group-id/--tenant: creates elsewhere are judged by unknown-group and unknown-tenant on both sides',
  },
  strict: { type: 'boolean', help: 'every difference fails the comparison, allowed ones too' },
  quiet,
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies FlagTable;

const USAGE = [
  'usage: stream-conformance compare FILE.har [FILE.har ...] --target URL --group-id G --tenant T --auth CRED [options]',
  '',
  ...flagUsage(FLAGS),
  '',
  'Replays the recorded requests of the operation against --target (fresh connection names, the given project and',
  'stream instance), deletes what it created, and reports every difference between the recorded answers and the new',
  'ones: allowed (both pass every rule that applies) or a failure (one answer fails a rule).',
  'Exit status: 0 no failure, 1 a failure (with --strict: any difference), 2 unusable input or unreachable target.',
].join('\n');

export interface CompareArgs {
  files: string[];
  config?: RunConfig;
  fixtures?: Fixtures;
  reportDir?: string;
  onlyInstance: boolean;
  strict: boolean;
  quiet: boolean;
  help: boolean;
}

export function parseCompareArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CompareArgs {
  const parsed = parseFlags(argv, FLAGS, { env, positionals: true });
  const v = parsed.values;
  const base = { onlyInstance: v['only-instance'] === true, strict: v.strict === true, quiet: v.quiet === true };
  if (v.help) return { files: [], help: true, ...base };
  if (parsed.positionals.length === 0) throw new UsageError('give one or more HAR files');
  const missing = (['target', 'group-id', 'tenant', 'auth'] as const).filter((n) => v[n] === undefined);
  if (missing.length > 0) throw new UsageError(`compare needs ${missing.map((m) => `--${m}`).join(', ')} (or ${missing.map((m) => FLAGS[m].env).join(', ')})`);
  const settings = runSettingsFromFlags(v, () => 0);
  const caPem = v.ca === undefined ? undefined : readCaFile(v.ca);
  const tls = tlsTrust({ ...(caPem !== undefined ? { caPem } : {}), insecure: v.insecure === true });
  const config = resolveRunConfig({ target: v.target!, groupId: v['group-id']!, tenant: v.tenant!, auth: v.auth!, ...settings, ...(tls ? { tls } : {}) }, asFlag);
  return {
    ...base,
    files: parsed.positionals,
    config,
    ...(settings.fixtures ? { fixtures: settings.fixtures } : {}),
    ...(v['report-dir'] !== undefined ? { reportDir: v['report-dir'] } : {}),
    help: false,
  };
}

export async function run(argv: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args: CompareArgs;
  try {
    args = parseCompareArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`stream-conformance compare: ${e.message}`);
    err('Run `stream-conformance compare --help` for the options.');
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = args.config!;
  if (config.tls?.insecure) err("WARNING: --insecure: the target's TLS certificate is not verified.");
  let recording: Recording;
  try {
    recording = await readRecordings(args.files);
  } catch (e) {
    if (!(e instanceof HarInputError)) throw e;
    err(`stream-conformance compare: ${e.message}`);
    return 2;
  }
  const found = selectOperations(recording.exchanges);
  if (found.operations.length === 0) {
    err(`stream-conformance compare: no exchange of the operation in ${args.files.join(', ')} (${found.unrelated} unrelated exchange(s)); nothing to replay`);
    return 2;
  }
  const problem = await preflight(config.target, config.groupId, config.tenant, parseCredential(config.auth), config.timeoutMs, config.tls, { answering: true });
  if (problem) {
    err(`stream-conformance compare: ${problem}`);
    return 2;
  }
  if (!args.quiet) err(`Replaying ${args.files.join(', ')} against ${config.target} (group ${config.groupId}, stream instance ${config.tenant}); settle bound ${settleBound(config) / 1000} s...`);
  let outcome: Awaited<ReturnType<typeof compareRecording>>;
  try {
    outcome = await compareRecording(recording, { config, files: args.files, onlyInstance: args.onlyInstance, strict: args.strict, ...(args.fixtures ? { fixtures: args.fixtures } : {}) });
  } catch (e) {
    if (!(e instanceof NothingToCompare)) throw e;
    err(`stream-conformance compare: ${e.message}`);
    return 2;
  }
  const { certificate, comparison: c, secrets } = outcome;
  const redactor = createRedactor(secrets);
  const dir = args.reportDir ?? defaultReportDir();
  const provenance = { toolVersion: suiteVersion(), nodeVersion: process.version, commandLine: ['stream-conformance', 'compare', ...maskedCommandLine(argv, secrets.map((s) => s.value))] };
  const paths = await writeReports(dir, certificate, { secrets, provenance, onWarning: (m) => err(`warning: ${m}`) });
  for (const line of comparisonLines(c).slice(0, -1)) err(redactor.text(line));
  for (const i of certificate.incidents) err(redactor.text(`  incident: ${i}`));
  err(comparisonLines(c).at(-1)!);
  err(`Reports: ${paths.certificate}, ${paths.junit}, ${paths.html}, ${paths.summary}`);
  return outcome.exitCode;
}
