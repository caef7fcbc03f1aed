import { describe, expect, it } from 'vitest';
import { certify } from '../../suites/engine/certification';
import { DEFAULT_CONFIG } from '../../reference/config';
import { startTarget } from '../../reference/server';
import { parseCertifyArgs, UsageError } from '../../cli/commands/certify';
import { configFor } from './harness';
import { PACT_RULE_FAULTS } from './pact-faults';


async function certifyPact(faults: Parameters<typeof startTarget>[0] extends infer O ? (O extends { faults?: infer F } ? F : never) : never, readonly = true) {
  const target = await startTarget({ faults: faults ?? [] });
  try {
    const config = configFor(target.info, { suites: ['pact'] });
    if (!readonly) delete (config as { readonlyAuth?: string }).readonlyAuth;
    return await certify(config);
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

  it('assesses the 429 interaction against a throttling target only when the run asks for the probe (--rate-limit-probe)', async () => {
    const pactMust = async (rateLimitProbe?: number) => {
      // A quick refill: once the probe has found the limit, the requests after it are not held back for long.
      const target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { capacity: 150, refillPerSecond: 20 } } });
      try {
        const { certificate } = await certify({ ...configFor(target.info, { suites: ['pact'] }), ...(rateLimitProbe ? { rateLimitProbe } : {}) });
        return certificate.rules.find((r) => r.id === 'pact-must')!;
      } finally {
        await target.close();
      }
    };
    const off = await pactMust();
    const on = await pactMust(1000);
    expect(on.status, JSON.stringify(on.failures)).toBe('passed');
    expect(on.cases).toBe(off.cases + 1);
    expect(parseCertifyArgs(['--rate-limit-probe', '200'], {}).rateLimitProbe).toBe(200);
    expect(parseCertifyArgs([], { CONFORMANCE_RATE_LIMIT_PROBE: '50' }).rateLimitProbe).toBe(50);
    expect(() => parseCertifyArgs(['--rate-limit-probe', '-1'], {})).toThrow(UsageError);
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
