// `--minimal` assesses every rule the default run assesses, for the same types, with at most 1,500 exchanges (a run
// against the vendor's 1,200 requests a minute must be practical).
import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../runner/certification';
import { certifyReference, describeFailures, failedRules } from './harness';

function assessed(r: CertificationResult): Record<string, string[]> {
  return Object.fromEntries(r.certificate.rules.filter((x) => x.status !== 'not-assessed').map((x) => [x.id, [...x.types].sort()]));
}

describe('--minimal', () => {
  it('assesses the default run\'s rules, for the same types, in at most 1,500 exchanges', async () => {
    const minimal = await certifyReference({ minimal: true, runs: 0, pact: true, seed: 5 });
    const full = await certifyReference({ runs: 2, pact: true, seed: 5 });
    expect(failedRules(minimal), describeFailures(minimal)).toEqual([]);
    expect(minimal.certificate.exchanges).toBeLessThanOrEqual(1500);
    expect(minimal.certificate.settings).toEqual({ settleMs: 10_000, profile: 'minimal' });
    expect(assessed(minimal)).toEqual(assessed(full));
    // Fewer than half of what even a two-run default run sends (the default, 25 runs, sends about 10,000).
    expect(minimal.certificate.exchanges * 2).toBeLessThan(full.certificate.exchanges);
  }, 300_000);
});
