import { describe, expect, it } from 'vitest';
import { RULES } from '../../contracts/rules';
import { certifyReference, describeFailures, failedRules } from './harness';

describe('certification of the faultless reference target', () => {
  it.each([1, 7, 42, 1234, 2 ** 31 - 1])('passes every rule, MUST and SHOULD, with seed %i', async (seed) => {
    const result = await certifyReference({ seed, runs: 15, pact: true });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.verdict).toBe('conformant');
    expect(result.certificate.incidents).toEqual([]);
    // Everything but the rate-limit rule (the reference target does not throttle by default) is assessed.
    const notAssessed = result.certificate.rules.filter((r) => r.status === 'not-assessed').map((r) => r.id);
    expect(notAssessed).toEqual(['rate-limit']);
    expect(result.certificate.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  });
});
