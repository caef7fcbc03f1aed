// `certify --compare-with URL`: the run's own traffic (as `--record` writes it: the one HAR writer and reader, so
// secrets are redacted before anything is sent again) replayed against a second live target, every divergence
// classified as `compare` does (traffic/compare/). The second target's project, stream instance and credential
// default to the first's.
import type { CertificationResult } from '../../runner/certification';
import type { RunConfig } from '../../engine/config';
import { parseCredential } from '../../client';
import { renderHar } from '../../reports';
import { readHar } from '../../traffic/har-read';
import { compareRecording, type CompareOutcome } from '../../traffic/compare';
import { asFlag, resolveRunConfig } from '../../runner/settings';
import { UsageError } from '../../util/usage-error';
import { preflight } from '../preflight';

export const COMPARE_WITH_FLAGS = {
  'compare-with': { type: 'string', env: 'CONFORMANCE_COMPARE_WITH', value: 'URL', help: "replay the run's traffic against this second target and report every divergence (as `compare`)" },
  'compare-group-id': { type: 'string', env: 'CONFORMANCE_COMPARE_GROUP_ID', value: 'HEX24', help: "with --compare-with: the second target's project (default --group-id)" },
  'compare-tenant': { type: 'string', env: 'CONFORMANCE_COMPARE_TENANT', value: 'NAME', help: "with --compare-with: the second target's stream instance (default --tenant)" },
  'compare-auth': { type: 'string', env: 'CONFORMANCE_COMPARE_AUTH', value: 'CRED', help: "with --compare-with: the second target's credential (default --auth)" },
} as const;

export interface CompareWith {
  target: string;
  groupId?: string;
  tenant?: string;
  auth?: string;
}

export function compareWithArgs(v: { 'compare-with'?: string; 'compare-group-id'?: string; 'compare-tenant'?: string; 'compare-auth'?: string }): CompareWith | undefined {
  const target = v['compare-with'];
  if (target === undefined) {
    const stray = (['compare-group-id', 'compare-tenant', 'compare-auth'] as const).filter((k) => v[k] !== undefined);
    if (stray.length > 0) throw new UsageError(`${stray.map((s) => `--${s}`).join(', ')} go with --compare-with`);
    return undefined;
  }
  return {
    target,
    ...(v['compare-group-id'] !== undefined ? { groupId: v['compare-group-id'] } : {}),
    ...(v['compare-tenant'] !== undefined ? { tenant: v['compare-tenant'] } : {}),
    ...(v['compare-auth'] !== undefined ? { auth: v['compare-auth'] } : {}),
  };
}

const NAME: Record<string, string> = { '--target': '--compare-with', '--group-id': '--compare-group-id', '--tenant': '--compare-tenant', '--auth': '--compare-auth' };

/** The second target's run configuration (the first's settings, its own target and instance), checked and
 *  reached; a problem in one line otherwise. */
export async function secondTarget(cw: CompareWith, first: RunConfig): Promise<{ config: RunConfig } | { problem: string }> {
  let config: RunConfig;
  try {
    config = resolveRunConfig(
      {
        target: cw.target,
        groupId: cw.groupId ?? first.groupId,
        tenant: cw.tenant ?? first.tenant,
        auth: cw.auth ?? first.auth,
        timeoutMs: first.timeoutMs,
        ...(first.rate !== undefined ? { rate: first.rate } : {}),
        ...(first.settleMs !== undefined ? { settleMs: first.settleMs } : {}),
        ...(first.tls ? { tls: first.tls } : {}),
        fixtures: first.fixtures,
      },
      (k) => NAME[asFlag(k)] ?? asFlag(k),
    );
  } catch (e) {
    if (e instanceof UsageError) return { problem: e.message };
    throw e;
  }
  const problem = await preflight(config.target, config.groupId, config.tenant, parseCredential(config.auth), config.timeoutMs, config.tls, { answering: true });
  return problem ? { problem: `--compare-with: ${problem}` } : { config };
}

/** The run's exchanges, as --record writes and `compare` reads them, replayed against the second target. */
export async function compareRun(run: CertificationResult, second: RunConfig): Promise<CompareOutcome> {
  const name = 'the certify run';
  const recording = readHar(renderHar(run.exchanges ?? [], { secrets: run.secrets }), name);
  // The suites' probes of other projects and instances use names no target has: judged as unknown on both sides.
  return compareRecording(recording, { config: second, files: [name], onlyInstance: true, strict: false, fixtures: second.fixtures });
}
