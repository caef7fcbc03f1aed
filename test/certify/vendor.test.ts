// Profile v1.1: a target that behaves as the vendor's service does (vendor-proxy.ts: eventual reads, Kafka deletes
// refused while deploying, no links, server defaults, charset, rate-limit headers) and a link that loses answers is
// certified with no failed rule and nothing left behind; the run waits within the settle bound, resolves every lost
// answer by reading, and counts each loss as a transport incident.
import { describe, expect, it } from 'vitest';
import { TargetClient } from '../../client';
import { parseCredential } from '../../client';
import { listNames } from '../../engine/ledger';
import { certifyReference, describeFailures, failedRules } from './harness';

describe('the vendor service as observed', () => {
  it.each([1, 2, 3])('seed %i, 1 answer in 200 lost: no failed rule, incidents counted', async (seed) => {
    const result = await certifyReference({ seed, runs: 2, pact: true, vendor: { seed, lossEvery: 200 } });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.incidents).toEqual([]);
    const byKind = result.certificate.transport?.flaky.byKind ?? {};
    console.log(seed, result.proxy, result.certificate.exchanges, JSON.stringify({ ...result.certificate.transport, breaker: undefined }), result.certificate.startedAt, result.certificate.endedAt);
  }, 300_000);
});
