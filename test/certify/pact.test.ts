import { describe, expect, it } from 'vitest';
import { certify } from '../../runner/certification';
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
    const pactMust = async (opts: { rateLimitProbe?: number; lenient?: 'rate-limit-window'[] }) => {
      // Drained by the probe, a bucket refilled at 0.5/s stays empty for the request that follows (it comes within
      // tens of ms; the bucket's remainder puts its next token up to 2 s away) and the requests after it wait 2 s at most.
      const target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { capacity: 300, refillPerSecond: 0.5 } }, lenient: opts.lenient ?? [] });
      try {
        const { certificate } = await certify({ ...configFor(target.info, { suites: ['pact'] }), ...(opts.rateLimitProbe ? { rateLimitProbe: opts.rateLimitProbe } : {}) });
        return certificate.rules.find((r) => r.id === 'pact-must')!;
      } finally {
        await target.close();
      }
    };
    const off = await pactMust({});
    // The next token may still come first (a few percent of runs): that request is then not verifiable, never failed.
    let on = await pactMust({ rateLimitProbe: 1000 });
    for (let i = 0; i < 2 && on.cases === off.cases; i++) on = await pactMust({ rateLimitProbe: 1000 });
    expect(on.status, JSON.stringify(on.failures)).toBe('passed');
    expect(on.cases).toBe(off.cases + 1);
    // A limit lifted between the probe's 429 and the request (a window that ends) is allowed: not verifiable, not failed.
    const lifted = await pactMust({ rateLimitProbe: 1000, lenient: ['rate-limit-window'] });
    expect(lifted.status, JSON.stringify(lifted.failures)).toBe('passed');
    expect(lifted.cases).toBe(off.cases);
    expect(parseCertifyArgs(['--rate-limit-probe', '200'], {}).rateLimitProbe).toBe(200);
    expect(parseCertifyArgs([], { CONFORMANCE_RATE_LIMIT_PROBE: '50' }).rateLimitProbe).toBe(50);
    expect(() => parseCertifyArgs(['--rate-limit-probe', '-1'], {})).toThrow(UsageError);
  }, 180_000);

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
