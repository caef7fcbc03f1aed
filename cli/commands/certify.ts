// `stream-conformance certify`: certifies a target (or the bundled reference target) and writes the reports.
// Exit 0: every MUST rule passed. 1: a MUST rule failed. 2: the run could not be made (one line says why).
import { randomBytes } from 'node:crypto';
import { loadContract } from '../../contracts/loader';
import { readCaFile, tlsTrust, UsageError } from '../args';
import { flagUsage, type FlagTable, parseFlags } from '../../util/flags';
import { maskedCommandLine, ruleList } from '../run-settings';
import { plannedExchanges, ProgressRenderer } from '../progress';
import { KeyFileError, readSigningKey } from '../../reports/signing';
import type { KeyObject } from 'node:crypto';
import type { Waiver } from '../../results/model';
import { qualify, readWaivers, type Selection } from '../../results/qualify';
import { createRedactor, defaultReportDir, type Secret, writeHar, writeReports } from '../../reports';
import type { Certificate } from '../../results/model';
import { parseCredential } from '../../client';
import { certify, suiteVersion } from '../../runner/certification';
import { DEFAULTS, settleBound } from '../../engine/config';
import { asFlag, resolveRunConfig, RUN_FLAGS, runSettingsFromFlags, type RunSettings } from '../../runner/settings';
import { preloadVitest } from '../../runner/vitest-run';
import { isFaultName, type FaultName } from '../../reference/faults';
import { preflight } from '../preflight';
import { replay } from './replay';
import { COMPARE_WITH_FLAGS, type CompareWith, compareWithArgs, compareRun, secondTarget } from './compare-with';
import { comparisonLines } from '../../reports/comparison-view';
import { startBundledTarget, type BundledTarget } from './bundled-target';

/** certify's own flags, beside the run settings (runner/settings.ts RUN_FLAGS). */
export const CERTIFY_FLAGS = {
  ca: { type: 'string', env: 'CONFORMANCE_CA', value: 'FILE', help: "PEM file of the private CA that signed an https target's certificate (NODE_EXTRA_CA_CERTS works too)" },
  tls: { type: 'boolean', help: 'bundled target: serve it over HTTPS, with a certificate from a CA made at start-up' },
  insecure: { type: 'boolean', help: "UNSAFE, for diagnosis only: do not verify the https target's certificate (warns)" },
  'report-dir': { type: 'string', env: 'CONFORMANCE_REPORT_DIR', value: 'DIR', help: 'where the reports go (default a fresh folder under reports/out/)' },
  fault: { type: 'string', multiple: true, value: 'NAME', help: 'bundled target only: switch on a reference fault (repeatable)' },
  launch: { type: 'string', env: 'CONFORMANCE_LAUNCH', value: 'HOW', help: 'bundled target: container | process | auto (default auto: container where Docker answers)' },
  rules: { type: 'string', env: 'CONFORMANCE_RULES', value: 'LIST', help: 'only these rules (comma-separated ids; a run without every MUST rule is partial)' },
  'skip-rules': { type: 'string', env: 'CONFORMANCE_SKIP_RULES', value: 'LIST', help: 'leave these rules out (comma-separated ids; skipping a MUST rule makes the run partial)' },
  waivers: { type: 'string', env: 'CONFORMANCE_WAIVERS', value: 'FILE', help: 'JSON or YAML list of {rule, type?, operator?, reason, expires}: known deviations' },
  'sign-key': { type: 'string', env: 'CONFORMANCE_SIGN_KEY', value: 'FILE', help: 'Ed25519 private key (PEM): sign the certificate (certificate.jws)' },
  config: { type: 'string', env: 'CONFORMANCE_CONFIG', value: 'FILE', help: 'JSON or YAML settings named like the flags (default stream-conformance.config.* here)' },
  record: { type: 'string', env: 'CONFORMANCE_RECORD', value: 'FILE', help: 'write every exchange of the run to FILE.har (HAR 1.2, secrets redacted; `judge` reads it)' },
  quiet: { type: 'boolean', help: 'no progress line' },
  replay: { type: 'string', value: 'FILE', help: 'certificate.json of an earlier run: re-send one failure (with --failure)' },
  failure: { type: 'string', value: 'ID', help: 'with --replay: the failure id, e.g. no-secret-leak#1' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagTable;

const OPTIONS = { ...RUN_FLAGS, ...CERTIFY_FLAGS, ...COMPARE_WITH_FLAGS } as const satisfies FlagTable;

export const CONFIG_FILE_NAMES = ['stream-conformance.config.json', 'stream-conformance.config.yaml', 'stream-conformance.config.yml'];

export function certifyUsage(): string {
  return [
    'usage: stream-conformance certify [options]',
    '',
    ...flagUsage(OPTIONS),
    '',
    'A flag wins over its environment variable, which wins over the config file.',
    'Exit status: 0 conformant, 1 a MUST rule failed (or, with --compare-with, a failure divergence), 2 the run could not be made.',
  ].join('\n');
}

export { tlsTrust, UsageError };
export { preflight };

/** The run's settings as the flags give them (target and credentials may be left to the bundled target), and the
 *  command's own. */
export type CertifyArgs = Partial<RunSettings> & {
  seed: number;
  reportDir?: string;
  faults: FaultName[];
  launch: 'auto' | 'container' | 'process';
  replay?: { file: string; failure: string };
  /** PEM of --ca. */
  caPem?: string;
  /** The bundled target over HTTPS. */
  bundledTls: boolean;
  insecure: boolean;
  selection?: Selection;
  waivers?: Waiver[];
  signKey?: string;
  /** --record FILE.har */
  recordFile?: string;
  /** --compare-with URL (and its instance and credential) */
  compareWith?: CompareWith;
  quiet: boolean;
  help: boolean;
};

export function parseCertifyArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CertifyArgs {
  const { values } = parseFlags(argv, OPTIONS, { env, configFile: { names: CONFIG_FILE_NAMES, cwd } });
  const settings = runSettingsFromFlags(values, () => randomBytes(4).readInt32BE(0));
  const faults = (values.fault ?? []).map((f) => {
    if (!isFaultName(f)) throw new UsageError(`--fault: unknown fault ${JSON.stringify(f)} (see reference/README.md)`);
    return f;
  });
  const launch = values.launch ?? 'auto';
  if (launch !== 'auto' && launch !== 'container' && launch !== 'process') throw new UsageError(`--launch must be auto, container or process, got ${JSON.stringify(launch)}`);
  const target = settings.target;
  if (target !== undefined && faults.length > 0) throw new UsageError('--fault applies to the bundled reference target only; it cannot be combined with --target');
  if (target !== undefined && values.replay === undefined) {
    const missing = (['group-id', 'tenant', 'auth'] as const).filter((n) => values[n] === undefined);
    if (missing.length > 0) throw new UsageError(`--target needs ${missing.map((m) => `--${m}`).join(', ')} (or ${missing.map((m) => OPTIONS[m].env).join(', ')})`);
  }
  // The run's own checks (the same for the preset and the self-tests), in the flags' names; what the bundled
  // target will give stands in for what is left out.
  resolveRunConfig({ target: 'http://127.0.0.1', groupId: '0'.repeat(24), tenant: 'bundled', auth: 'none', ...settings }, asFlag);
  const bundledTls = values.tls === true;
  if (bundledTls && target !== undefined) throw new UsageError('--tls applies to the bundled reference target only; for an https --target give --ca FILE if its CA is private');
  const caPem = values.ca === undefined ? undefined : readCaFile(values.ca);
  const replayFile = values.replay;
  const failure = values.failure;
  if ((replayFile === undefined) !== (failure === undefined)) throw new UsageError('--replay and --failure go together');
  const compareWith = compareWithArgs(values);
  if (compareWith && replayFile !== undefined) throw new UsageError('--compare-with and --replay do not go together');
  const rules = ruleList('rules', values.rules);
  const skip = ruleList('skip-rules', values['skip-rules']);
  let waivers: Waiver[] | undefined;
  try {
    waivers = values.waivers === undefined ? undefined : readWaivers(values.waivers);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    ...settings,
    seed: settings.seed!,
    ...(values['report-dir'] !== undefined ? { reportDir: values['report-dir'] } : {}),
    faults,
    launch,
    ...(replayFile !== undefined && failure !== undefined ? { replay: { file: replayFile, failure } } : {}),
    ...(caPem !== undefined ? { caPem } : {}),
    bundledTls,
    insecure: values.insecure === true,
    ...(rules !== undefined || skip !== undefined ? { selection: { ...(rules ? { rules } : {}), ...(skip ? { skip } : {}) } } : {}),
    ...(waivers !== undefined ? { waivers } : {}),
    ...(values['sign-key'] !== undefined ? { signKey: values['sign-key'] } : {}),
    ...(values.record !== undefined ? { recordFile: values.record } : {}),
    ...(compareWith ? { compareWith } : {}),
    quiet: values.quiet === true,
    help: values.help === true,
  };
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
    const problem = await preflight(target, groupId, tenant, credential, args.timeoutMs ?? DEFAULTS.timeoutMs, tls);
    if (problem) {
      err(`stream-conformance certify: ${problem}`);
      return 2;
    }
    const { replay: _r, faults: _f, launch: _l, caPem: _c, bundledTls: _b, insecure: _i, selection: _s, waivers: _w, signKey: _k, recordFile: _rf, compareWith: _cw, quiet: _q, help: _h, reportDir: _d, ...settings } = args;
    const record = args.recordFile !== undefined || args.compareWith !== undefined;
    const config = resolveRunConfig({ ...settings, target, ...(tls ? { tls } : {}), groupId, tenant, auth, ...(readonlyAuth !== undefined ? { readonlyAuth } : {}), ...(record ? { record: true } : {}) }, asFlag);
    const second = args.compareWith ? await secondTarget(args.compareWith, config) : undefined;
    if (second && 'problem' in second) {
      err(`stream-conformance certify: ${second.problem}`);
      return 2;
    }
    err(`Certifying ${target} (group ${groupId}, stream instance ${tenant}) for ${config.types.length} type(s); seed ${config.seed}, ${config.runs} runs per property; settle bound ${settleBound(config) / 1000} s${config.minimal ? '; minimal profile' : ''}.`);
    const renderer = args.quiet ? undefined : new ProgressRenderer({ out: process.stderr, tty: process.stderr.isTTY === true });
    const planned = plannedExchanges(config.types.length, config.runs, config.budget?.maxRequests, config.minimal === true);
    renderer?.on({ kind: 'plan', exchanges: planned });
    let run: Awaited<ReturnType<typeof certify>>;
    try {
      run = await certify(config, { plannedExchanges: planned, progress: renderer ? (l) => renderer.log(l) : err, ...(renderer ? { onProgress: (e) => renderer.on(e) } : {}) });
    } finally {
      renderer?.stop();
    }
    let { secrets } = run;
    let certificate = qualify(run.certificate, { ...(args.selection ? { selection: args.selection } : {}), ...(args.waivers ? { waivers: args.waivers } : {}) });
    let divergenceFailures = 0;
    if (second) {
      err(`Replaying the run's ${run.exchanges?.length ?? 0} exchanges against ${second.config.target} (--compare-with)...`);
      const compared = await compareRun(run, second.config);
      certificate = { ...certificate, comparison: compared.comparison, incidents: [...certificate.incidents, ...compared.certificate.incidents.map((i) => `--compare-with: ${i}`)] };
      const known = new Set(secrets.map((s) => s.value));
      secrets = [...secrets, ...compared.secrets.filter((s) => !known.has(s.value))];
      divergenceFailures = compared.comparison.failures;
    }
    const dir = args.reportDir ?? defaultReportDir();
    const provenance = { toolVersion: suiteVersion(), nodeVersion: process.version, commandLine: ['stream-conformance', 'certify', ...maskedCommandLine(argv, secrets.map((s) => s.value))] };
    const paths = await writeReports(dir, certificate, { secrets, provenance, ...(signingKey ? { signingKey } : {}), onWarning: (m) => err(`warning: ${m}`) });
    if (args.recordFile !== undefined) {
      await writeHar(args.recordFile, run.exchanges ?? [], { secrets, onWarning: (m) => err(`warning: ${m}`) });
      err(`Recording: ${args.recordFile} (${run.exchanges?.length ?? 0} exchanges; the Pact verifier's own requests are not in it)`);
    }
    for (const line of outcomeLines(certificate, secrets)) err(line);
    if (certificate.comparison) {
      const redactor = createRedactor(secrets);
      for (const line of comparisonLines(certificate.comparison)) err(redactor.text(line));
    }
    const s = certificate.summary;
    err(`Verdict: ${certificate.verdictText ?? certificate.verdict.toUpperCase()} — MUST ${s.must.passed} passed, ${s.must.failed} failed, ${s.must['not-assessed']} not assessed; SHOULD ${s.should.passed} passed, ${s.should.failed} failed, ${s.should['not-assessed']} not assessed; ${certificate.exchanges} exchanges; seed ${certificate.seed}.`);
    err(`Reports: ${paths.certificate}, ${paths.junit}, ${paths.html}, ${paths.summary}${paths.signature ? `, ${paths.signature}` : ''}`);
    if (divergenceFailures > 0) err(`--compare-with: ${divergenceFailures} divergence(s) of ${args.compareWith!.target} from the run are failures (one answer fails a rule the other passes).`);
    return certificate.verdict === 'conformant' && divergenceFailures === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await bundled?.close().catch(() => {});
  }
}
