// Profile v1.1: a target that behaves as the vendor's service does (vendor-proxy.ts: eventual reads, Kafka deletes
// refused while deploying, no links, server defaults, charset, rate-limit headers) and a link that loses answers is
// certified with no failed rule and nothing left behind: the run waits within the settle bound, resolves every lost
// answer by reading, never judges the answer to its own retry, and counts each loss as a transport incident. An
// instance that already holds its sample connection, and two runs at once, pass too and leave it unchanged. A target
// that advertises a small limit and answers 429 past it gets none from a run.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCredential, TargetClient } from '../../client';
import type { Exchange } from '../../client/exchange';
import { listNames } from '../../engine/ledger';
import { type RunningTarget, startTarget } from '../../reference/server';
import { certifyTarget, describeFailures, failedRules } from './harness';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** What the stream instance holds, read from the reference target itself (not through the proxy). */
async function namesIn(t: RunningTarget): Promise<string[]> {
  const client = new TargetClient({ baseUrl: t.info.url, credential: parseCredential(t.info.auth) });
  try {
    const l = await listNames(client, t.info.groupId, t.info.tenant);
    if (!l.ok) throw new Error(l.why);
    return [...l.names].sort();
  } finally {
    await client.close();
  }
}

function lostCount(r: Awaited<ReturnType<typeof certifyTarget>>): number {
  return Object.values(r.certificate.transport?.flaky.byKind ?? {}).reduce((a, b) => a + (b ?? 0), 0);
}

// The vendor's delays, shortened to what a self-test affords (the realistic target's own pace is certified by
// `npm run test:matrix`): reads still 404 right after a create, Kafka deletes still refused while deploying.
const NO_LIMIT = { limit: 1_000_000, readDelayMs: 100, deployMs: 200 };

describe('the vendor service as observed', () => {
  // One seed in npm test's loop, three in `npm run test:matrix` (vitest.matrix.config.ts).
  it.each(process.env.STREAM_CONFORMANCE_MATRIX === '1' ? [1, 2, 3] : [1])('seed %i, 1 answer in 200 lost: no failed rule, nothing left, losses counted', async (seed) => {
    target = await startTarget();
    const result = await certifyTarget(target.info, { seed, runs: 1, pact: true, vendor: { seed, lossEvery: 200, ...NO_LIMIT } });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.verdict).toBe('conformant');
    expect(result.certificate.incidents).toEqual([]);
    expect(await namesIn(target)).toEqual([]);
    expect(result.proxy!.lost).toBeGreaterThan(0);
    expect(lostCount(result)).toBeGreaterThan(0);
  }, 300_000);

  it('a create that took effect and whose answer was lost: verdict unchanged, the connection swept', async () => {
    target = await startTarget();
    const result = await certifyTarget(target.info, { types: ['Https', 'Kafka'], suites: ['positive', 'conflict'], runs: 0, vendor: { loseCreates: 3, ...NO_LIMIT } });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.incidents).toEqual([]);
    expect(result.certificate.transport?.flaky.counts['took-effect']).toBe(3);
    expect(await namesIn(target)).toEqual([]);
  }, 120_000);

  it('an instance holding sample_stream_solar, certified twice at once: both pass, the sample unchanged', async () => {
    target = await startTarget();
    const admin = new TargetClient({ baseUrl: target.info.url, credential: parseCredential(target.info.auth) });
    const body = (ex: Exchange) => (ex.outcome === 'response' ? ex.response.body : ex.error.message);
    try {
      const created = await admin.create(target.info.groupId, target.info.tenant, { name: 'sample_stream_solar', type: 'Sample' });
      expect(created.outcome === 'response' && created.response.status).toBe(200);
      const before = body(await admin.get(target.info.groupId, target.info.tenant, 'sample_stream_solar'));
      const opts = { types: ['Sample', 'Https', 'Kafka'] as const, runs: 1, vendor: NO_LIMIT };
      const [a, b] = await Promise.all([certifyTarget(target.info, { ...opts, types: [...opts.types], seed: 11 }), certifyTarget(target.info, { ...opts, types: [...opts.types], seed: 12 })]);
      for (const r of [a, b]) {
        expect(failedRules(r), describeFailures(r)).toEqual([]);
        expect(r.certificate.incidents).toEqual([]);
        expect(r.certificate.counts.Sample?.['name-taken']).toBeGreaterThan(0);
      }
      expect(body(await admin.get(target.info.groupId, target.info.tenant, 'sample_stream_solar'))).toBe(before);
      expect(await namesIn(target)).toEqual(['sample_stream_solar']);
    } finally {
      await admin.close();
    }
  }, 300_000);

  it('a small advertised limit, 429 past it: the run paces itself and meets no 429', async () => {
    target = await startTarget();
    const result = await certifyTarget(target.info, { types: ['Https'], suites: ['positive', 'conflict'], runs: 0, vendor: { limit: 40, windowMs: 2000, enforce: true, readDelayMs: 100, deployMs: 200 } });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.proxy!.limited).toBe(0);
    expect(result.proxy!.requests).toBeGreaterThan(80);
    expect(result.certificate.transport?.pacing?.limit).toBe(40);
    expect(result.certificate.transport?.pacing?.paced).toBeGreaterThan(0);
  }, 180_000);
});
