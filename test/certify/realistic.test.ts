// Issue 18's "done when", through the realistic reference target (the vendor's service as observed: eventual reads,
// PENDING then READY, Kafka deletes refused while deploying, its rate limit with RateLimit-* headers, charset, server
// defaults, no links, PLAINTEXT) with chaos resets after the request took effect, 1 answer in 200: no failed rule of
// any level, nothing left behind (listed after the settle bound), the losses counted. A populated instance (its
// sample connection) certified twice at once: both pass, the sample unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCredential, TargetClient } from '../../client';
import { pollUntil } from '../../client/settle';
import type { Exchange } from '../../client/exchange';
import { listNames } from '../../engine/ledger';
import { type RunningTarget, startTarget } from '../../reference/server';
import { certifyTarget, describeFailures, failedRules } from './harness';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** The instance's connections once its list has settled (the realistic list is eventually consistent too). */
async function settledNames(t: RunningTarget, expected: string[]): Promise<string[]> {
  const client = new TargetClient({ baseUrl: t.info.url, credential: parseCredential(t.info.auth) });
  let names: string[] = [];
  try {
    await pollUntil(
      async () => {
        const l = await listNames(client, t.info.groupId, t.info.tenant);
        names = l.ok ? [...l.names].sort() : ['(not listed)'];
        return undefined as unknown as Exchange;
      },
      () => JSON.stringify(names) === JSON.stringify(expected),
      { boundMs: 10_000 },
    );
    return names;
  } finally {
    await client.close();
  }
}

describe('the realistic target with chaos', () => {
  it.each([21, 22, 23])('seed %i: no failed rule, nothing left, losses counted', async (seed) => {
    target = await startTarget({ realistic: true, chaos: 'reset-after=0.005', seed });
    const result = await certifyTarget(target.info, { seed, runs: 1, pact: true });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.verdict).toBe('conformant');
    expect(result.certificate.incidents).toEqual([]);
    expect(await settledNames(target, [])).toEqual([]);
    const injected = target.chaosCounts?.()['reset-after'] ?? 0;
    const counted = Object.values(result.certificate.transport?.flaky.byKind ?? {}).reduce((a, b) => a + (b ?? 0), 0);
    expect(injected).toBeGreaterThan(0);
    expect(counted).toBeGreaterThan(0);
  }, 400_000);

  it('an instance with its sample connection, certified twice at once: both pass, the sample unchanged', async () => {
    target = await startTarget({ realistic: true, seed: 5, config: { sampleConnections: true } });
    const admin = new TargetClient({ baseUrl: target.info.url, credential: parseCredential(target.info.auth) });
    const read = async () => {
      const ex = await admin.get(target!.info.groupId, target!.info.tenant, 'sample_stream_solar');
      return ex.outcome === 'response' ? `${ex.response.status} ${ex.response.body}` : ex.error.kind;
    };
    try {
      const before = await read();
      expect(before).toMatch(/^200 /);
      const opts = { runs: 1, types: ['Sample' as const, 'Https' as const, 'Kafka' as const] };
      const [a, b] = await Promise.all([certifyTarget(target.info, { ...opts, seed: 31 }), certifyTarget(target.info, { ...opts, seed: 32 })]);
      for (const r of [a, b]) {
        expect(failedRules(r), describeFailures(r)).toEqual([]);
        expect(r.certificate.incidents).toEqual([]);
      }
      expect(await read()).toBe(before);
      expect(await settledNames(target, ['sample_stream_solar'])).toEqual(['sample_stream_solar']);
    } finally {
      await admin.close();
    }
  }, 400_000);
});
