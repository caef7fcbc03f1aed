// Every rule is shown to fail: each fault of the reference target breaks its rule and nothing outside the rules
// it declares. Split across files so the two cores share the work.
import { expect, it } from 'vitest';
import { FAULTS } from '../../reference/faults';
import { certifyReference, describeFailures, failedRules, suitesFor } from './harness';

export function faultTests(part: number, parts: number): void {
  const mine = FAULTS.filter((_, i) => i % parts === part);
  it.each(mine.map((f) => [f.name, f] as const))('fault %s breaks its rule and only the rules it declares', async (_name, fault) => {
    // Only the suites that can show its rule failing (harness.ts suitesFor): the others would certify a target that
    // is, for them, the reference.
    const result = await certifyReference({ faults: [fault.name], runs: 8, seed: 3, suites: suitesFor(fault) });
    const failed = failedRules(result);
    expect(failed, `expected ${fault.breaks} to fail; failures:\n${describeFailures(result)}`).toContain(fault.breaks);
    const allowed = new Set<string>([fault.breaks, ...fault.alsoBreaks]);
    expect(failed.filter((r) => !allowed.has(r)), describeFailures(result)).toEqual([]);
    const rule = result.certificate.rules.find((r) => r.id === fault.breaks)!;
    expect(rule.failures.length).toBeGreaterThan(0);
    expect(rule.failures[0]!.message).not.toBe('');
    // A target that hangs costs its timeouts before the breaker holds the class open.
  }, 240_000);
}
