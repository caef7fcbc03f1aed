// Flake classification: every failure of the night is re-run (by default three times, with the night's seed so the
// generated cases are the same, restricted to the connection types that failed) and classed FIXED (passed in every
// re-run), FLAKY (failed in some) or FAILED (failed in every one). The class is informational: a MUST rule that
// failed once tonight still makes the certificate non-conformant, FIXED or not.
import type { ConnectionType } from '../contracts/types';
import { CONNECTION_TYPES } from '../contracts/types';
import type { Certificate, Failure, FlakeClass, RuleResult } from '../results/model';

export const DEFAULT_ATTEMPTS = 3;

/** What one re-run is asked to certify. Credentials are the runner's business (environment, never arguments). */
export interface RerunRequest {
  /** 1-based. */
  attempt: number;
  types: ConnectionType[];
  seed: number;
  runs: number;
}

export type RerunOutcome =
  | { kind: 'certificate'; exitCode: number; certificate: Certificate }
  | { kind: 'no-run'; exitCode: number; reason: string };

export type CertifyRunner = (request: RerunRequest) => Promise<RerunOutcome>;

/** How one failure fared in one re-run. `inconclusive`: the re-run could not tell (not made, rule not assessed). */
export type AttemptResult = 'failed' | 'passed' | 'inconclusive';

export interface ClassifiedFailure {
  id: string;
  rule: string;
  type?: ConnectionType;
  operator: string;
  results: AttemptResult[];
  /** Absent when no re-run could tell. */
  classification?: FlakeClass;
}

export interface FlakeReport {
  /** The input certificate with `classification` set on its failures and incidents added for failed re-runs. */
  certificate: Certificate;
  /** Types the re-runs certified (empty when nothing failed). */
  types: ConnectionType[];
  attempts: RerunOutcome[];
  failures: ClassifiedFailure[];
}

export interface ClassifyOptions {
  attempts?: number;
  /** Told as each re-run starts and ends (one line, no secrets). */
  progress?: (line: string) => void;
}

export async function classifyFlakes(cert: Certificate, runner: CertifyRunner, opts: ClassifyOptions = {}): Promise<FlakeReport> {
  const attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number of at least 1, got ${attempts}`);
  const failing = failuresOf(cert);
  if (failing.length === 0) return { certificate: cert, types: [], attempts: [], failures: [] };
  const types = rerunTypes(cert);
  const outcomes: RerunOutcome[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    opts.progress?.(`re-run ${attempt} of ${attempts}: ${types.join(', ')} (seed ${cert.seed}, ${cert.runs} runs)`);
    let outcome: RerunOutcome;
    try {
      outcome = await runner({ attempt, types, seed: cert.seed, runs: cert.runs });
    } catch (e) {
      outcome = { kind: 'no-run', exitCode: 2, reason: (e as Error).message };
    }
    outcomes.push(outcome);
    opts.progress?.(
      outcome.kind === 'certificate'
        ? `re-run ${attempt}: ${outcome.certificate.verdict}, ${outcome.certificate.rules.filter((r) => r.status === 'failed').length} rule(s) failed`
        : `re-run ${attempt} could not be made: ${outcome.reason}`,
    );
  }
  const reruns = outcomes.map((o) => (o.kind === 'certificate' ? o.certificate : undefined));
  const classified = new Map<string, ClassifiedFailure>();
  for (const { rule, failure } of failing) {
    const results = reruns.map((r) => (r ? attemptResult(failure, r.rules.find((x) => x.id === rule.id)) : 'inconclusive'));
    const classification = classOf(results);
    classified.set(failure.id, {
      id: failure.id,
      rule: rule.id,
      ...(failure.type ? { type: failure.type } : {}),
      operator: failure.operator,
      results,
      ...(classification ? { classification } : {}),
    });
  }
  const incidents = outcomes.flatMap((o, i) => (o.kind === 'no-run' ? [`flake re-run ${i + 1} of ${attempts} could not be made: ${o.reason}`] : []));
  const certificate: Certificate = {
    ...cert,
    rules: cert.rules.map((r) => ({
      ...r,
      failures: r.failures.map((f) => {
        const c = classified.get(f.id)?.classification;
        const { classification: _old, ...rest } = f;
        return c ? { ...rest, classification: c } : rest;
      }),
    })),
    incidents: [...cert.incidents, ...incidents],
  };
  return { certificate, types, attempts: outcomes, failures: [...classified.values()] };
}

function failuresOf(cert: Certificate): { rule: RuleResult; failure: Failure }[] {
  return cert.rules.filter((r) => r.status === 'failed').flatMap((rule) => rule.failures.map((failure) => ({ rule, failure })));
}

/**
 * The types to re-run: every type a failure names, plus the certificate's first type when a failure names none
 * (type-independent probes such as the auth suite's build their requests from the first type certified).
 */
export function rerunTypes(cert: Certificate): ConnectionType[] {
  const wanted = new Set<ConnectionType>();
  let untyped = false;
  for (const { failure } of failuresOf(cert)) {
    if (failure.type) wanted.add(failure.type);
    else untyped = true;
  }
  if (untyped || wanted.size === 0) {
    const first = cert.types[0] ?? CONNECTION_TYPES[0];
    wanted.add(first);
  }
  return CONNECTION_TYPES.filter((t) => wanted.has(t));
}

/** A certificate keeps this many failures per rule (runner/aggregate.ts); past it a type may go unlisted. */
const FAILURES_KEPT_PER_RULE = 25;

/** Did the failure come back in this re-run of its rule? */
export function attemptResult(failure: Pick<Failure, 'type'>, rule: RuleResult | undefined): AttemptResult {
  if (!rule || rule.status === 'not-assessed') return 'inconclusive';
  const type = failure.type;
  if (rule.status === 'failed') {
    if (type === undefined) return 'failed';
    if (rule.failures.some((f) => f.type === type)) return 'failed';
    // The list was cut, or names no types at all: the rule failing is all there is to go on.
    if (rule.failures.length >= FAILURES_KEPT_PER_RULE || rule.failures.every((f) => f.type === undefined)) return 'failed';
  }
  if (type === undefined) return 'passed';
  return rule.types.includes(type) ? 'passed' : 'inconclusive';
}

/** FAILED: failed in every re-run that could tell; FIXED: in none; FLAKY: in some. Undefined when none could tell. */
export function classOf(results: readonly AttemptResult[]): FlakeClass | undefined {
  const told = results.filter((r) => r !== 'inconclusive');
  if (told.length === 0) return undefined;
  const failed = told.filter((r) => r === 'failed').length;
  if (failed === told.length) return 'FAILED';
  if (failed === 0) return 'FIXED';
  return 'FLAKY';
}
