// A run cut by its budget: sending stops, everything created is still deleted, every rule that got checks keeps
// them, the certificate's budget section says what was cut, and a failure found before the cut still fails.
import { describe, expect, it } from 'vitest';
import { certify } from '../../runner/certification';
import { qualify } from '../../results/qualify';
import { startTarget } from '../../reference/server';
import type { FaultName } from '../../reference/faults';
import { configFor } from './harness';

async function budgeted(maxRequests: number, faults: FaultName[] = []) {
  const target = await startTarget({ faults });
  try {
    const base = configFor(target.info, { runs: 200, types: ['Kafka', 'Https'] });
    const run = await certify({ ...base, budget: { maxRequests, startedAt: Date.now() } });
    return { run, cert: qualify(run.certificate, {}), left: target };
  } finally {
    await target.close();
  }
}

describe('a request budget', () => {
  it('stops sending, cleans up, and says what was cut; the deterministic probes ran first', async () => {
    // The deterministic phase of two types (the dimensions suite's included) costs about 1,000 requests.
    const { run, cert } = await budgeted(1300);
    expect(cert.verdict).toBe('conformant');
    expect(cert.qualification?.partial).toBe(true);
    expect(cert.verdictText).toMatch(/^CONFORMANT \(partial: the budget \(max-requests\) cut \d+ case/);
    expect(cert.budget).toMatchObject({ limits: { maxRequests: 1300 }, exhaustedBy: 'max-requests' });
    expect(cert.budget!.refused).toBeGreaterThan(0);
    const cut = cert.budget!.cut;
    // Random cases are the last phase: they are what the budget cut, per type, with the rule of each label.
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((c) => c.suite === 'random')).toBe(true);
    expect(cut.some((c) => c.rule === 'reject-invalid')).toBe(true);
    expect(new Set(cut.map((c) => c.type))).toEqual(new Set(['Kafka', 'Https']));
    // Cleanup is never refused: nothing the run created is left.
    expect(cert.rules.find((r) => r.id === 'cleanup')!.failures).toEqual([]);
    expect(cert.incidents.filter((i) => !/stale/.test(i))).toEqual([]);
    // Deletions and their checks are cleanup, outside the budget; everything else is within it.
    expect(run.certificate.exchanges).toBeLessThan(2 * 1300);
  }, 120_000);

  it('never turns a failure into a pass: a MUST failure found before the cut stands', async () => {
    const { cert } = await budgeted(400, ['status-201']);
    expect(cert.budget?.exhaustedBy).toBe('max-requests');
    expect(cert.rules.find((r) => r.id === 'status-200')!.status).toBe('failed');
    expect(cert.verdict).toBe('non-conformant');
  }, 120_000);
});
