// Self-test harness: certifies an in-process reference target (optionally with faults) through the one engine
// `certify` runs: the compiled suites under vitest, settings and results over vitest's own channel.
import { randomBytes } from 'node:crypto';
import type { RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import { certify, type CertificationResult } from '../../runner/certification';
import { ALL_SUITES, resolveRunConfig } from '../../runner/settings';
import type { RunConfig } from '../../engine/config';
import type { Fault, FaultName } from '../../reference/faults';
import { SUITES } from '../../suites/definitions';
import { EVERY_ANSWER, rulesOf } from '../../engine/suite';
import type { LenientName } from '../../reference/lenient';
import type { TargetConfigInput } from '../../reference/config';
import { startTarget } from '../../reference/server';
import { startVendorProxy, type VendorProxy, type VendorProxyOptions } from './vendor-proxy';

export interface HarnessOptions {
  faults?: FaultName[];
  /** Lenient variants of the target (reference/lenient.ts). */
  lenient?: LenientName[];
  seed?: number;
  runs?: number;
  types?: ConnectionType[];
  timeoutMs?: number;
  /** Include the Pact verification suite (a few seconds; the fault sweep leaves it to test/certify/pact.test.ts). */
  pact?: boolean;
  /** The suites to run (default: all, the pact suite as `pact` says). */
  suites?: string[];
  /** The pact's rate-limit probe (RunConfig.rateLimitProbe; default off). */
  rateLimitProbe?: number;
  /** Certify through a proxy that behaves as the vendor's service does (vendor-proxy.ts), with these options. */
  vendor?: Omit<VendorProxyOptions, 'upstream'>;
  /** RunConfig.settleMs (default here 10 s: long enough for the vendor proxy, short for a fault that never settles). */
  settleMs?: number;
  minimal?: boolean;
  /** The reference target as the vendor's service behaves (startTarget's `realistic`), with transport faults. */
  realistic?: boolean;
  chaos?: string;
  /** The stream instance starts with its sample connection (sample_stream_solar). */
  sampleConnections?: boolean;
  /** The target's configuration (over the defaults). */
  config?: TargetConfigInput;
}

export type HarnessResult = CertificationResult & { proxy?: VendorProxy['stats']; runPrefix: string };

export async function certifyReference(opts: HarnessOptions = {}): Promise<HarnessResult> {
  const target = await startTarget({
    faults: opts.faults ?? [],
    lenient: opts.lenient ?? [],
    ...(opts.realistic ? { realistic: true } : {}),
    ...(opts.chaos ? { chaos: opts.chaos } : {}),
    ...(opts.seed !== undefined && (opts.realistic || opts.chaos) ? { seed: opts.seed } : {}),
    ...(opts.sampleConnections || opts.config ? { config: { ...opts.config, ...(opts.sampleConnections ? { sampleConnections: true } : {}) } } : {}),
  });
  try {
    return await certifyTarget(target.info, opts);
  } finally {
    await target.close();
  }
}

/** Certifies a target that is already up (several runs may share it), through the vendor proxy if asked. */
export async function certifyTarget(info: Parameters<typeof configFor>[0], opts: HarnessOptions = {}): Promise<HarnessResult> {
  const proxy = opts.vendor ? await startVendorProxy({ upstream: info.url, ...opts.vendor }) : undefined;
  try {
    const config = configFor({ ...info, ...(proxy ? { url: proxy.url } : {}) }, opts);
    const result = await certify(config);
    return { ...result, runPrefix: config.runPrefix, ...(proxy ? { proxy: proxy.stats } : {}) };
  } finally {
    await proxy?.close();
  }
}

/** A self-test's run configuration: through the one resolver certify and the preset use (runner/settings.ts). */
export function configFor(info: { url: string; groupId: string; tenant: string; auth: string; readonlyAuth: string }, opts: HarnessOptions = {}): RunConfig {
  return resolveRunConfig({
    target: info.url,
    groupId: info.groupId,
    tenant: info.tenant,
    auth: info.auth,
    readonlyAuth: info.readonlyAuth,
    ...(opts.types ? { types: opts.types } : {}),
    seed: opts.seed ?? 1,
    runs: opts.runs ?? 10,
    timeoutMs: opts.timeoutMs ?? 5_000,
    suites: opts.suites ?? (opts.pact ? [...ALL_SUITES] : ALL_SUITES.filter((s) => s !== 'pact')),
    runPrefix: `t${randomBytes(3).toString('hex')}`,
    shrinkBudget: 10,
    // The reference target deletes at once unless told otherwise; a fault that never deletes should cost little.
    deleteTimeoutMs: 2_000,
    ...(opts.rateLimitProbe ? { rateLimitProbe: opts.rateLimitProbe } : {}),
    settleMs: opts.settleMs ?? 10_000,
    ...(opts.minimal ? { minimal: true } : {}),
  });
}

/**
 * The suites a self-test of one fault runs: those that judge its rule, or, for a rule every answer is judged by,
 * the suites it names as the ones its requests meet (Fault.showsIn). The rest could not show it failing.
 */
export function suitesFor(fault: Fault): string[] {
  const everyAnswer = new Set<string>(EVERY_ANSWER.map((o) => o.rule));
  if (everyAnswer.has(fault.breaks)) {
    if (!fault.showsIn) throw new Error(`fault ${fault.name} breaks ${fault.breaks}, which every answer is judged by: name the suites its requests meet (showsIn)`);
    return SUITES.filter((s) => fault.showsIn!.includes(s.name)).map((s) => s.name);
  }
  return SUITES.filter((s) => s.name !== 'pact' && rulesOf(s).has(fault.breaks)).map((s) => s.name);
}

export function failedRules(result: CertificationResult): RuleId[] {
  return result.certificate.rules.filter((r) => r.status === 'failed').map((r) => r.id);
}

export function describeFailures(result: CertificationResult): string {
  return result.certificate.rules
    .filter((r) => r.status === 'failed')
    .map((r) => `${r.id}: ${r.failures[0]?.message ?? r.note}`)
    .join('\n');
}
