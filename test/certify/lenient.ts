// Every lenient variant of the reference target does something the profile allows: certifying it must fail no
// rule, MUST or SHOULD, whatever the seed. A failure here is the suite judging what the profile leaves open.
import { expect, it } from 'vitest';
import { LENIENT } from '../../reference/lenient';
import { certifyReference, describeFailures, failedRules } from './harness';

export const LENIENT_SEEDS = [3, 17, 2024] as const;

export function lenientTests(part: number, parts: number): void {
  const mine = LENIENT.filter((_, i) => i % parts === part);
  it.each(mine.flatMap((l) => LENIENT_SEEDS.map((seed) => [l.name, seed, l] as const)))('lenient %s, seed %i: no rule fails', async (_name, seed, lenient) => {
    // A variant that rate-limits is certified with the pact's rate-limit probe on, so its 429 interaction is tried.
    const limits = 'config' in lenient && 'rateLimit' in lenient.config;
    // The pact's interactions are fixed examples, the same whatever the seed: verified once per variant, with its
    // first seed; the seeded suites run with every seed.
    const pact = seed === LENIENT_SEEDS[0];
    const result = await certifyReference({ lenient: [lenient.name], runs: 8, seed, pact, ...(limits && pact ? { rateLimitProbe: 1000 } : {}) });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.incidents).toEqual([]);
  }, 180_000);
}
