// Each fault switch of the reference target, recorded and judged: the rule the fault breaks fails from the HAR as
// it does in certify (or is one a recording cannot assess, said so), and judge fails no rule certify did not.
// Cheap: one type, one random case, and only the suites that reach the fault's rule.
import { expect, it } from 'vitest';
import type { RuleId } from '../../contracts/rules';
import { FAULTS } from '../../reference/faults';
import { failed, judgeHar, NEVER_FROM_A_RECORDING, recordReference } from './helpers';

/** The suites whose probes reach a rule. */
const SUITES_OF: Partial<Record<RuleId, string[]>> = {
  'auth-missing': ['auth'],
  'auth-invalid': ['auth'],
  'auth-role': ['auth'],
  'group-id-format': ['path'],
  'unknown-group': ['path'],
  'unknown-tenant': ['path'],
  'duplicate-409': ['conflict'],
  'concurrent-create': ['conflict'],
  envelope: ['protocol'],
  pretty: ['protocol'],
  'versioned-accept': ['protocol'],
  'unsupported-media-type': ['protocol'],
  'reject-invalid': ['negative'],
  'essential-fields': ['negative'],
  'description-enums': ['negative'],
  'exact-400': ['negative'],
  'payload-too-large': ['negative'],
  'error-shape': ['negative'],
  'reason-phrase': ['negative'],
  'error-codes': ['conflict', 'path'],
};

export function faultTests(part: number, parts: number): void {
  const mine = FAULTS.filter((_, i) => i % parts === part);
  it.each(mine.map((f) => [f.name, f] as const))('fault %s: its rule fails from the recording as in certify', async (_name, fault) => {
    const byLeak = fault.name === 'leak-secret-in-error' ? ['negative'] : fault.name === '500-on-unknown-property' ? ['negative'] : undefined;
    const suites = byLeak ?? SUITES_OF[fault.breaks] ?? ['positive'];
    const { result, har, info } = await recordReference({ faults: [fault.name], suites });
    const certified = failed(result.certificate);
    const judged = judgeHar(har, info);
    const fromHar = failed(judged.certificate);
    if (NEVER_FROM_A_RECORDING.has(fault.breaks)) {
      expect(judged.certificate.rules.find((r) => r.id === fault.breaks)!.status).toBe('not-assessed');
    } else if (certified.includes(fault.breaks)) {
      expect(fromHar, `judge of the recording: ${JSON.stringify(judged.certificate.rules.filter((r) => r.status === 'failed').map((r) => [r.id, r.failures[0]?.message]))}`).toContain(fault.breaks);
    }
    // Nothing that certify (or the fault's declaration) does not hold against the target.
    const allowed = new Set<string>([...certified, fault.breaks, ...fault.alsoBreaks]);
    expect(fromHar.filter((r) => !allowed.has(r))).toEqual([]);
  }, 240_000);
}
