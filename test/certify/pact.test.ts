import { describe, expect, it } from 'vitest';
import { SUITES } from '../../suites/definitions';
import { certify } from '../../suites/engine/certification';
import { startTarget } from '../../reference/server';
import { configFor } from './harness';
import { PACT_RULE_FAULTS } from './pact-faults';

const pactOnly = SUITES.filter((s) => s.name === 'pact');

async function certifyPact(faults: Parameters<typeof startTarget>[0] extends infer O ? (O extends { faults?: infer F } ? F : never) : never, readonly = true) {
  const target = await startTarget({ faults: faults ?? [] });
  try {
    const config = configFor(target.info);
    if (!readonly) delete (config as { readonlyAuth?: string }).readonlyAuth;
    return await certify(config, { engine: 'direct', suites: pactOnly });
  } finally {
    await target.close();
  }
}

describe('pact verification as a rule group of the certification', () => {
  it('passes against the reference target; the 429 interaction is not assessed when the target never throttles', async () => {
    const { certificate } = await certifyPact([]);
    const must = certificate.rules.find((r) => r.id === 'pact-must')!;
    const should = certificate.rules.find((r) => r.id === 'pact-should')!;
    expect(must.status, JSON.stringify(must.failures)).toBe('passed');
    expect(should.status, JSON.stringify(should.failures)).toBe('passed');
    expect(should.cases).toBeGreaterThanOrEqual(14); // 10 types + 400, 404, 406, 409
  });

  it('does not fail the read-only interaction when no read-only credential is given', async () => {
    const { certificate } = await certifyPact([], false);
    expect(certificate.rules.find((r) => r.id === 'pact-must')!.status).toBe('passed');
  });

  it.each(PACT_RULE_FAULTS.map((p) => [p.fault, p] as const))('fails against the fault %s and says why', async (_f, p) => {
    const { certificate } = await certifyPact([p.fault]);
    const rule = certificate.rules.find((r) => r.id === p.rule)!;
    expect(rule.status).toBe('failed');
    expect(rule.failures.map((f) => f.message).join('\n')).toMatch(p.reason);
  });
});
