// `stream-conformance certify`: certifies a target (or the bundled reference target) and writes the reports.
// Exit 0: every MUST rule passed. 1: a MUST rule failed. 2: the run could not be made (one line says why).
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { randomBytes } from 'node:crypto';
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES, type Fixtures } from '../../contracts/types';
import { loadContract } from '../../contracts/loader';
import { connectionTypes, joinNegativeNumbers, readCaFile, tlsTrust, UsageError, wholeNumber } from '../args';
import { checkFixtures } from '../../generators/context';
import { duration, maskedCommandLine, readConfigFile, ruleList } from '../run-settings';
import { plannedExchanges, ProgressRenderer } from '../progress';
import { KeyFileError, readSigningKey } from '../../reports/signing';
import type { KeyObject } from 'node:crypto';
import type { BudgetLimits } from '../../client';
import type { Waiver } from '../../results/model';
import { qualify, readWaivers, type Selection } from '../../results/qualify';
import { createRedactor, defaultReportDir, type Secret, writeReports } from '../../reports';
import type { Certificate } from '../../results/model';
import { parseCredential } from '../../client';
import { ALL_SUITES, certify, suiteVersion } from '../../engine/certification';
import { DEFAULTS, newRunPrefix, type RunConfig } from '../../engine/config';
import { preloadVitest } from '../../engine/vitest-run';
import { isFaultName, type FaultName } from '../../reference/faults';
import { preflight } from '../preflight';
import { replay } from './replay';
import { startBundledTarget, type BundledTarget } from './bundled-target';

const OPTIONS = {
  target: { type: 'string', env: 'CONFORMANCE_TARGET', help: 'base URL of the target (default: start the bundled reference target)' },
  'group-id': { type: 'string', env: 'CONFORMANCE_GROUP_ID', help: '24-hex project id the stream instance lives in' },
  tenant: { type: 'string', env: 'CONFORMANCE_TENANT', help: 'name of the stream instance' },
  auth: { type: 'string', env: 'CONFORMANCE_AUTH', help: 'digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET (a key with the create role)' },
  'readonly-auth': { type: 'string', env: 'CONFORMANCE_READONLY_AUTH', help: 'a credential without the create role (else the role rule is not assessed)' },
  ca: { type: 'string', env: 'CONFORMANCE_CA', help: 'PEM file of the private CA that signed an https target\'s certificate (NODE_EXTRA_CA_CERTS works too)' },
  tls: { type: 'boolean', env: undefined, help: 'bundled target: serve it over HTTPS, with a certificate from a CA made at start-up' },
  insecure: { type: 'boolean', env: undefined, help: 'UNSAFE, for diagnosis only: do not verify the https target\'s certificate (warns)' },
  fixtures: { type: 'string', env: 'CONFORMANCE_FIXTURES', help: 'JSON file {sampleSources, clusterNames} the target knows' },
  types: { type: 'string', env: 'CONFORMANCE_TYPES', help: `comma-separated connection types (default all: ${CONNECTION_TYPES.join(',')})` },
  seed: { type: 'string', env: 'CONFORMANCE_SEED', help: 'seed of the generated cases (default random; always printed)' },
  runs: { type: 'string', env: 'CONFORMANCE_RUNS', help: `random cases per property and type (default ${DEFAULTS.runs})` },
  timeout: { type: 'string', env: 'CONFORMANCE_TIMEOUT', help: `per-request timeout in ms (default ${DEFAULTS.timeoutMs})` },
  rate: { type: 'string', env: 'CONFORMANCE_RATE', help: 'cap on requests per second (shared real targets)' },
  'rate-limit-probe': { type: 'string', env: 'CONFORMANCE_RATE_LIMIT_PROBE', help: "the pact's 429 interaction: look for the target's rate limit with at most V requests (default 0: off, not assessed; the suites after it meet the spent limit)" },
  concurrency: { type: 'string', env: 'CONFORMANCE_CONCURRENCY', help: `independent cases in flight (default ${DEFAULTS.concurrency})` },
  suites: { type: 'string', env: 'CONFORMANCE_SUITES', help: `comma-separated suites to run (default all: ${ALL_SUITES.join(',')})` },
  'report-dir': { type: 'string', env: 'CONFORMANCE_REPORT_DIR', help: 'where the reports go (default a fresh folder under reports/out/)' },
  fault: { type: 'string', multiple: true, env: undefined, help: 'bundled target only: switch on a reference fault (repeatable)' },
  launch: { type: 'string', env: 'CONFORMANCE_LAUNCH', help: 'bundled target: container | process | auto (default auto: container where Docker answers)' },
  'max-duration': { type: 'string', env: 'CONFORMANCE_MAX_DURATION', help: 'stop sending after this long (seconds, or 90s, 5m), then clean up and report' },
  settle: { type: 'string', env: 'CONFORMANCE_SETTLE', help: `how long to wait for reads and deletions to settle before judging them (seconds, or 90s, 5m; default ${DEFAULTS.settleMs / 1000})` },
  minimal: { type: 'boolean', env: undefined, help: 'every rule the default run assesses, for every type, with the fewest requests (at most 1,500)' },
  'max-requests': { type: 'string', env: 'CONFORMANCE_MAX_REQUESTS', help: 'stop sending after this many requests (cleanup excepted)' },
  rules: { type: 'string', env: 'CONFORMANCE_RULES', help: 'only these rules (comma-separated ids; a run without every MUST rule is partial)' },
  'skip-rules': { type: 'string', env: 'CONFORMANCE_SKIP_RULES', help: 'leave these rules out (comma-separated ids; skipping a MUST rule makes the run partial)' },
  waivers: { type: 'string', env: 'CONFORMANCE_WAIVERS', help: 'JSON or YAML list of {rule, type?, operator?, reason, expires}: known deviations' },
  'sign-key': { type: 'string', env: 'CONFORMANCE_SIGN_KEY', help: 'Ed25519 private key (PEM): sign the certificate (certificate.jws)' },
  config: { type: 'string', env: 'CONFORMANCE_CONFIG', help: 'JSON or YAML settings named like the flags (default stream-conformance.config.* here)' },
  quiet: { type: 'boolean', env: undefined, help: 'no progress line' },
  replay: { type: 'string', env: undefined, help: 'certificate.json of an earlier run: re-send one failure (with --failure)' },
  failure: { type: 'string', env: undefined, help: 'with --replay: the failure id, e.g. no-secret-leak#1' },
  help: { type: 'boolean', env: undefined, help: 'show this help' },
} as const;

type OptionName = keyof typeof OPTIONS;

export function certifyUsage(): string {
  const rows = (Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]).map(([name, o]) => {
    const flag = `--${name}${o.type === 'string' ? ' V' : ''}`;
    return `  ${flag.padEnd(20)} ${o.help}${o.env ? ` [${o.env}]` : ''}`;
  });
  return [
    'usage: stream-conformance certify [options]',
    '',
    ...rows,
    '',
    'A flag wins over its environment variable, which wins over the config file.',
    'Exit status: 0 conformant, 1 a MUST rule failed, 2 the run could not be made.',
  ].join('\n');
}

export { tlsTrust, UsageError };
export { preflight };

/** The run's settings as the flags give them (target and credentials may be left to the bundled target), and the
 *  command's own. */
export type CertifyArgs = Partial<Pick<RunConfig, 'target' | 'groupId' | 'tenant' | 'auth' | 'readonlyAuth' | 'rate' | 'rateLimitProbe'>> &
  Pick<RunConfig, 'fixtures' | 'types' | 'seed' | 'runs' | 'timeoutMs' | 'concurrency' | 'suites' | 'settleMs' | 'minimal'> & {
    reportDir?: string;
    faults: FaultName[];
    launch: 'auto' | 'container' | 'process';
    replay?: { file: string; failure: string };
    /** PEM of --ca. */
    caPem?: string;
    /** The bundled target over HTTPS. */
    bundledTls: boolean;
    insecure: boolean;
    budget?: BudgetLimits;
    selection?: Selection;
    waivers?: Waiver[];
    signKey?: string;
    quiet: boolean;
    help: boolean;
  };

export function parseCertifyArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CertifyArgs {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    const options = Object.fromEntries(
      (Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]).map(([k, o]) => [k, { type: o.type, ...('multiple' in o ? { multiple: true } : {}) }]),
    ) as NonNullable<ParseArgsConfig['options']>;
    values = parseArgs({ args: joinNegativeNumbers(argv), options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const configFile = typeof values.config === 'string' ? values.config : env.CONFORMANCE_CONFIG || undefined;
  const file = readConfigFile(configFile, Object.keys(OPTIONS).filter((k) => k !== 'config' && k !== 'help'), cwd).values;
  // A flag, else its environment variable, else the config file.
  const get = (name: OptionName): string | undefined => {
    const v = values[name];
    if (typeof v === 'string') return v;
    const e = OPTIONS[name].env;
    const fromEnv = e ? env[e] || undefined : undefined;
    if (fromEnv !== undefined) return fromEnv;
    const f = file[name];
    return typeof f === 'string' ? f : Array.isArray(f) ? f.join(',') : undefined;
  };
  const typesText = get('types');
  const types: ConnectionType[] = typesText === undefined ? [...CONNECTION_TYPES] : connectionTypes(typesText);
  let fixtures = DEFAULT_FIXTURES;
  const fixturesFile = get('fixtures');
  if (fixturesFile !== undefined) fixtures = readFixtures(fixturesFile);
  const faultList = (values.fault as string[] | undefined) ?? (Array.isArray(file.fault) ? file.fault : typeof file.fault === 'string' ? [file.fault] : []);
  const faults = faultList.map((f) => {
    if (!isFaultName(f)) throw new UsageError(`--fault: unknown fault ${JSON.stringify(f)} (see reference/README.md)`);
    return f;
  });
  const launch = get('launch') ?? 'auto';
  if (launch !== 'auto' && launch !== 'container' && launch !== 'process') throw new UsageError(`--launch must be auto, container or process, got ${JSON.stringify(launch)}`);
  const target = get('target');
  if (target !== undefined && faults.length > 0) throw new UsageError('--fault applies to the bundled reference target only; it cannot be combined with --target');
  const groupId = get('group-id');
  if (groupId !== undefined && !/^[a-f0-9]{24}$/.test(groupId)) throw new UsageError('--group-id must be 24 lower-case hex digits');
  for (const name of ['auth', 'readonly-auth'] as const) {
    const text = get(name);
    if (text !== undefined) {
      try {
        parseCredential(text);
      } catch (e) {
        throw new UsageError(`--${name}: ${(e as Error).message}`);
      }
    }
  }
  const replaying = values.replay !== undefined;
  if (target !== undefined && !replaying) {
    const missing = (['group-id', 'tenant', 'auth'] as const).filter((n) => get(n) === undefined);
    if (missing.length > 0) throw new UsageError(`--target needs ${missing.map((m) => `--${m}`).join(', ')} (or ${missing.map((m) => OPTIONS[m].env).join(', ')})`);
    try {
      const u = new URL(target);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new UsageError(`--target must be an http(s) URL, got ${JSON.stringify(target)}`);
    }
  }
  const bundledTls = values.tls === true;
  if (bundledTls && target !== undefined) throw new UsageError('--tls applies to the bundled reference target only; for an https --target give --ca FILE if its CA is private');
  const caFile = get('ca');
  const caPem = caFile === undefined ? undefined : readCaFile(caFile);
  const replayFile = values.replay as string | undefined;
  const failure = values.failure as string | undefined;
  if ((replayFile === undefined) !== (failure === undefined)) throw new UsageError('--replay and --failure go together');
  const rate = get('rate');
  const rateLimitProbe = get('rate-limit-probe');
  const suitesText = get('suites');
  const suites = suitesText === undefined ? [...ALL_SUITES] : suiteList(suitesText);
  const maxDurationMs = duration('max-duration', get('max-duration'));
  const settleMs = duration('settle', get('settle'));
  const maxRequests = get('max-requests') === undefined ? undefined : wholeNumber('max-requests', get('max-requests'), 0, 1);
  const rules = ruleList('rules', get('rules'));
  const skip = ruleList('skip-rules', get('skip-rules'));
  const waiversFile = get('waivers');
  let waivers: Waiver[] | undefined;
  try {
    waivers = waiversFile === undefined ? undefined : readWaivers(waiversFile);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const signKey = get('sign-key');
  return {
    ...(target !== undefined ? { target } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(get('tenant') !== undefined ? { tenant: get('tenant')! } : {}),
    ...(get('auth') !== undefined ? { auth: get('auth')! } : {}),
    ...(get('readonly-auth') !== undefined ? { readonlyAuth: get('readonly-auth')! } : {}),
    fixtures,
    types,
    seed: wholeNumber('seed', get('seed'), randomBytes(4).readInt32BE(0), -(2 ** 31)),
    // --minimal sends no random cases unless --runs asks for them.
    runs: wholeNumber('runs', get('runs'), values.minimal === true || file.minimal === true ? 0 : DEFAULTS.runs, 0),
    timeoutMs: wholeNumber('timeout', get('timeout'), DEFAULTS.timeoutMs, 1),
    ...(rate !== undefined ? { rate: wholeNumber('rate', rate, 0, 1) } : {}),
    ...(rateLimitProbe !== undefined ? { rateLimitProbe: wholeNumber('rate-limit-probe', rateLimitProbe, 0, 0) } : {}),
    concurrency: wholeNumber('concurrency', get('concurrency'), DEFAULTS.concurrency, 1),
    suites,
    ...(settleMs !== undefined ? { settleMs } : {}),
    ...(values.minimal === true || file.minimal === true ? { minimal: true } : {}),
    ...(get('report-dir') !== undefined ? { reportDir: get('report-dir')! } : {}),
    faults,
    launch,
    ...(replayFile !== undefined && failure !== undefined ? { replay: { file: replayFile, failure } } : {}),
    ...(caPem !== undefined ? { caPem } : {}),
    bundledTls,
    insecure: values.insecure === true,
    ...(maxDurationMs !== undefined || maxRequests !== undefined ? { budget: { ...(maxDurationMs !== undefined ? { maxDurationMs } : {}), ...(maxRequests !== undefined ? { maxRequests } : {}) } } : {}),
    ...(rules !== undefined || skip !== undefined ? { selection: { ...(rules ? { rules } : {}), ...(skip ? { skip } : {}) } } : {}),
    ...(waivers !== undefined ? { waivers } : {}),
    ...(signKey !== undefined ? { signKey } : {}),
    quiet: values.quiet === true || file.quiet === true,
    help: values.help === true,
  };
}

/** `negative,positive` -> those suites in the run's order; a UsageError naming any unknown one. */
function suiteList(text: string): string[] {
  const wanted = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = wanted.filter((s) => !ALL_SUITES.includes(s));
  if (bad.length > 0 || wanted.length === 0) throw new UsageError(`--suites: unknown suite(s) ${bad.join(', ') || '(none given)'}; known: ${ALL_SUITES.join(', ')}`);
  return ALL_SUITES.filter((s) => wanted.includes(s));
}

function readFixtures(file: string): Fixtures {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--fixtures: cannot read ${file}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--fixtures: the file must hold a JSON object {sampleSources, clusterNames}');
  // A list left out keeps its default; what is given is checked by the generators' own rules (one set of rules).
  try {
    return checkFixtures({ ...DEFAULT_FIXTURES, ...(parsed as object) });
  } catch (e) {
    throw new UsageError(`--fixtures: ${(e as Error).message}`);
  }
}

/**
 * The terminal's account of failed rules and incidents. Oracle messages may quote what a broken target sent back
 * (a name, a field), so they are redacted like the reports.
 */
export function outcomeLines(certificate: Certificate, secrets: readonly Secret[]): string[] {
  const redactor = createRedactor(secrets);
  const failed = certificate.rules.filter((r) => r.status === 'failed');
  return [
    ...failed.map((r) => redactor.text(`  FAILED ${r.level.padEnd(6)} ${r.id}: ${(r.failures[0]?.message ?? r.note ?? '').slice(0, 400)}`)),
    ...certificate.incidents.map((i) => redactor.text(`  incident: ${i}`)),
  ];
}

export async function run(argv: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args: CertifyArgs;
  try {
    args = parseCertifyArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`stream-conformance certify: ${e.message}`);
      err('Run `stream-conformance certify --help` for the options.');
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${certifyUsage()}\n`);
    return 0;
  }
  if (args.insecure) err('WARNING: --insecure: the target\'s TLS certificate is not verified; anyone on the path could impersonate it and read the credentials. Use --ca FILE instead.');
  if (args.replay) return replay(args);
  // The budget's clock starts with the command.
  const startedAt = Date.now();
  let signingKey: KeyObject | undefined;
  try {
    signingKey = args.signKey === undefined ? undefined : readSigningKey(args.signKey);
  } catch (e) {
    if (!(e instanceof KeyFileError)) throw e;
    err(`stream-conformance certify: --sign-key: ${e.message}`);
    return 2;
  }
  // vitest loads while the target starts and answers the preflight; a failure to load shows when the suites start.
  preloadVitest().catch(() => {});

  let bundled: BundledTarget | undefined;
  // Interrupted: exit at once. The run's results live in memory only; the vitest worker, its Pact verifier and a
  // bundled target process each stop themselves once this process is gone.
  const interrupted = (signal: NodeJS.Signals) => {
    err(`stream-conformance certify: ${signal}: the run stopped before its end`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if (args.target === undefined) {
      err(`Starting the bundled reference target (${args.launch === 'auto' ? 'container where a Docker engine answers, else a local process' : args.launch})${args.faults.length ? ` with fault(s) ${args.faults.join(', ')}` : ''}...`);
      try {
        const starting = startBundledTarget(args.launch, args.faults, args.bundledTls);
        // The contract (the snapshot and the certificate read it) loads while the target starts.
        loadContract();
        bundled = await starting;
      } catch (e) {
        err(`stream-conformance certify: the bundled reference target did not start: ${(e as Error).message}`);
        return 2;
      }
      err(`Reference target up at ${bundled.info.url} (${bundled.kind}).`);
    }
    const target = args.target ?? bundled!.info.url;
    const groupId = args.groupId ?? bundled!.info.groupId;
    const tenant = args.tenant ?? bundled!.info.tenant;
    const auth = args.auth ?? bundled!.info.auth;
    const readonlyAuth = args.readonlyAuth ?? (args.target === undefined ? bundled!.info.readonlyAuth : undefined);
    const credential = parseCredential(auth);
    const tls = tlsTrust(args, bundled?.info.ca);
    const problem = await preflight(target, groupId, tenant, credential, args.timeoutMs, tls);
    if (problem) {
      err(`stream-conformance certify: ${problem}`);
      return 2;
    }
    const config: RunConfig = {
      target,
      ...(tls ? { tls } : {}),
      groupId,
      tenant,
      auth,
      ...(readonlyAuth !== undefined ? { readonlyAuth } : {}),
      fixtures: args.fixtures,
      types: args.types,
      seed: args.seed,
      runs: args.runs,
      timeoutMs: args.timeoutMs,
      ...(args.rate !== undefined ? { rate: args.rate } : {}),
      ...(args.rateLimitProbe ? { rateLimitProbe: args.rateLimitProbe } : {}),
      concurrency: args.concurrency,
      suites: args.suites,
      runPrefix: newRunPrefix(),
      shrinkBudget: DEFAULTS.shrinkBudget,
      concurrentCreates: DEFAULTS.concurrentCreates,
      deleteTimeoutMs: DEFAULTS.deleteTimeoutMs,
      ...(args.settleMs !== undefined ? { settleMs: args.settleMs } : {}),
      ...(args.minimal ? { minimal: true } : {}),
      ...(args.budget ? { budget: { ...args.budget, startedAt } } : {}),
    };
    err(`Certifying ${target} (group ${groupId}, stream instance ${tenant}) for ${args.types.length} type(s); seed ${args.seed}, ${args.runs} runs per property; settle bound ${(args.settleMs ?? DEFAULTS.settleMs) / 1000} s${args.minimal ? "; minimal profile" : ""}.`);
    const renderer = args.quiet ? undefined : new ProgressRenderer({ out: process.stderr, tty: process.stderr.isTTY === true });
    const planned = plannedExchanges(args.types.length, args.runs, args.budget?.maxRequests, args.minimal === true);
    renderer?.on({ kind: 'plan', exchanges: planned });
    let run: Awaited<ReturnType<typeof certify>>;
    try {
      run = await certify(config, { plannedExchanges: planned, progress: renderer ? (l) => renderer.log(l) : err, ...(renderer ? { onProgress: (e) => renderer.on(e) } : {}) });
    } finally {
      renderer?.stop();
    }
    const { secrets } = run;
    const certificate = qualify(run.certificate, { ...(args.selection ? { selection: args.selection } : {}), ...(args.waivers ? { waivers: args.waivers } : {}) });
    const dir = args.reportDir ?? defaultReportDir();
    const provenance = { toolVersion: suiteVersion(), nodeVersion: process.version, commandLine: ['stream-conformance', 'certify', ...maskedCommandLine(argv, secrets.map((s) => s.value))] };
    const paths = await writeReports(dir, certificate, { secrets, provenance, ...(signingKey ? { signingKey } : {}), onWarning: (m) => err(`warning: ${m}`) });
    for (const line of outcomeLines(certificate, secrets)) err(line);
    const s = certificate.summary;
    err(`Verdict: ${certificate.verdictText ?? certificate.verdict.toUpperCase()} — MUST ${s.must.passed} passed, ${s.must.failed} failed, ${s.must['not-assessed']} not assessed; SHOULD ${s.should.passed} passed, ${s.should.failed} failed, ${s.should['not-assessed']} not assessed; ${certificate.exchanges} exchanges; seed ${certificate.seed}.`);
    err(`Reports: ${paths.certificate}, ${paths.junit}, ${paths.html}, ${paths.summary}${paths.signature ? `, ${paths.signature}` : ''}`);
    return certificate.verdict === 'conformant' ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await bundled?.close().catch(() => {});
  }
}
