// Records a certification of the in-process reference target (with faults or lenient variants) as certify
// --record does, and judges the recording as `judge` does: the same engine, the same HAR writer and reader.
import type { ConnectionType } from '../../contracts/types';
import { certify, type CertificationResult } from '../../runner/certification';
import type { FaultName } from '../../reference/faults';
import type { LenientName } from '../../reference/lenient';
import { startTarget } from '../../reference/server';
import { renderHar } from '../../reports/har';
import { readHar } from '../../traffic/har-read';
import { judgeRecording, type JudgeOutcome } from '../../traffic/judge';
import { configFor } from '../certify/harness';

export interface Recorded {
  result: CertificationResult;
  har: string;
  info: { url: string; groupId: string; tenant: string; auth: string; readonlyAuth: string; bearer: string };
}

export async function recordReference(opts: { faults?: FaultName[]; lenient?: LenientName[]; suites: string[]; types?: ConnectionType[]; runs?: number; seed?: number }): Promise<Recorded> {
  const target = await startTarget({ faults: opts.faults ?? [], lenient: opts.lenient ?? [] });
  try {
    const config = { ...configFor(target.info, { suites: opts.suites, types: opts.types ?? ['Kafka'], runs: opts.runs ?? 1, seed: opts.seed ?? 3, timeoutMs: 2_000 }), record: true };
    const result = await certify(config);
    const har = renderHar(result.exchanges ?? [], { secrets: result.secrets });
    return { result, har, info: target.info };
  } finally {
    await target.close();
  }
}

export function judgeHar(har: string, info?: { groupId: string; tenant: string }): JudgeOutcome {
  return judgeRecording(readHar(har, 'run.har'), { files: ['run.har'], ...(info ? { onlyInstance: { groupId: info.groupId, tenant: info.tenant } } : {}) });
}

export function statuses(c: { rules: { id: string; status: string }[] }): Record<string, string> {
  return Object.fromEntries(c.rules.map((r) => [r.id, r.status]));
}

export function failed(c: { rules: { id: string; status: string }[] }): string[] {
  return c.rules.filter((r) => r.status === 'failed').map((r) => r.id);
}

/** Rules a recording cannot assess, whatever it holds: what a credential was (wrong, read-only), and the pact. */
export const NEVER_FROM_A_RECORDING = new Set(['auth-invalid', 'auth-role', 'pact-must', 'pact-should']);
