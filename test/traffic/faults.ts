// Each fault switch of the reference target, recorded and judged: the rule the fault breaks fails from the HAR as
// it does in certify (or is one a recording cannot assess, said so), and judge fails no rule certify did not.
// The run certify's own fault tests make (test/certify/faults.ts: eight random cases, seed 3), only the suites that
// reach the fault's rule.
import { expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { suitesFor } from '../certify/harness';
import { FAULTS } from '../../reference/faults';
import { failed, judgeHar, NEVER_FROM_A_RECORDING, recordReference } from './helpers';

export function faultTests(part: number, parts: number): void {
  const mine = FAULTS.filter((_, i) => i % parts === part);
  it.each(mine.map((f) => [f.name, f] as const))('fault %s: its rule fails from the recording as in certify', async (_name, fault) => {
    // The suites that can show the fault's rule (the same choice as certify's own fault tests), every type.
    const { result, har, info } = await recordReference({ faults: [fault.name], suites: suitesFor(fault), types: [...CONNECTION_TYPES], runs: 8, seed: 3 });
    const certified = failed(result.certificate);
    // The recording is of a run that showed the fault: else judging it would prove nothing.
    expect(certified, `certify of the recorded run: ${JSON.stringify(result.certificate.rules.filter((r) => r.status === 'failed').map((r) => r.id))}`).toContain(fault.breaks);
    const judged = judgeHar(har, info);
    const fromHar = failed(judged.certificate);
    if (NEVER_FROM_A_RECORDING.has(fault.breaks)) {
      expect(judged.certificate.rules.find((r) => r.id === fault.breaks)!.status).toBe('not-assessed');
    } else {
      expect(fromHar, `judge of the recording: ${JSON.stringify(judged.certificate.rules.filter((r) => r.status === 'failed').map((r) => [r.id, r.failures[0]?.message]))}`).toContain(fault.breaks);
    }
    // Nothing that certify (or the fault's declaration) does not hold against the target.
    const allowed = new Set<string>([...certified, fault.breaks, ...fault.alsoBreaks]);
    expect(fromHar.filter((r) => !allowed.has(r))).toEqual([]);
  }, 240_000);
}
