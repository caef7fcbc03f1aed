// Provider verification against the reference target: it passes as is, and fails with a reason for faults that
// break what the pact records (status, write-only leak, media type, error codes, duplicate handling).
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_RATE_LIMIT } from '../../cli/commands/pacts';
import { parseCredential } from '../../client';
import { DEFAULT_CONFIG } from '../../reference/config';
import type { FaultName } from '../../reference/faults';
import { type RunningTarget, startTarget } from '../../reference/server';
import { type VerifyResult, verifyPacts } from '../../pacts/verify/run';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function verifyAgainst(faults: FaultName[], opts: { readOnly?: boolean; rateLimit?: boolean } = {}): Promise<VerifyResult> {
  target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: opts.rateLimit === false ? null : { ...BUNDLED_RATE_LIMIT } }, faults });
  return verifyPacts({
    targetUrl: target.url,
    groupId: target.info.groupId,
    tenant: target.info.tenant,
    credential: parseCredential(target.info.auth),
    ...(opts.readOnly === false ? {} : { readOnlyCredential: parseCredential(target.info.readonlyAuth) }),
    rateLimitProbe: 400,
  });
}
const failed = (r: VerifyResult) => r.interactions.filter((i) => !i.ok);
const reasonsOf = (r: VerifyResult, d: string) => r.interactions.find((i) => i.description.includes(d))!.reasons.join('\n');

describe('pacts verify', () => {
  it('passes against the reference target (Digest credentials, all 18 interactions)', async () => {
    const r = await verifyAgainst([]);
    expect(failed(r)).toEqual([]);
    expect(r.interactions).toHaveLength(18);
    expect(r.interactions.filter((i) => i.level === 'MUST').map((i) => i.description).sort()).toEqual([
      'an attempt to create a connection with a read-only credential',
      'an attempt to create a connection with invalid credentials',
      'an attempt to create a connection without credentials',
      'an attempt to create a connection without remaining rate limit',
    ]);
    expect(r.ok).toBe(true);
  });

  for (const kind of ['bearer', 'service-account'] as const) {
    it(`passes with a ${kind} credential as well`, async () => {
      target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { ...BUNDLED_RATE_LIMIT } } });
      const credential = parseCredential(kind === 'bearer' ? `bearer:${target.info.bearer}` : `service-account:${target.info.serviceAccount}`);
      const r = await verifyPacts({
        targetUrl: target.url,
        groupId: target.info.groupId,
        tenant: target.info.tenant,
        credential,
        readOnlyCredential: parseCredential(target.info.readonlyAuth),
        rateLimitProbe: 400,
      });
      expect(failed(r)).toEqual([]);
    });
  }

  it('fails a target that answers 201, saying so', async () => {
    const r = await verifyAgainst(['status-201']);
    expect(r.ok).toBe(false);
    expect(reasonsOf(r, 'of type Kafka')).toContain('expected 200 but was 201');
  });

  it('fails a target that leaks write-only fields, naming the field', async () => {
    const r = await verifyAgainst(['leak-password']);
    expect(r.ok).toBe(false);
    expect(reasonsOf(r, 'of type Kafka')).toContain('$.authentication.password');
    expect(reasonsOf(r, 'of type SchemaRegistry')).toContain('$.schemaRegistryAuthentication.password');
  });

  it('fails a target that answers application/json instead of the vendor media type', async () => {
    const r = await verifyAgainst(['success-json-media-type']);
    expect(reasonsOf(r, 'of type Https')).toMatch(/Content-Type/);
    expect(failed(r)).toHaveLength(10);
  });

  it('fails a target with generic error codes on the 404, 406 and 409 interactions only', async () => {
    const r = await verifyAgainst(['generic-error-codes']);
    expect(failed(r).map((i) => i.description).sort()).toEqual([
      'an attempt to create a connection in an unknown stream instance',
      'an attempt to create a connection whose name is taken',
      'an attempt to create a connection with an unsupported API version',
    ]);
    expect(reasonsOf(r, 'whose name is taken')).toContain('$.errorCode');
  });

  const notVerifiable = (r: VerifyResult) => r.interactions.filter((i) => i.notAssessed).map((i) => i.description);

  it('reports the read-only interaction not verifiable, with the reason, when no read-only credential is given', async () => {
    const r = await verifyAgainst([], { readOnly: false });
    expect(notVerifiable(r)).toEqual(['an attempt to create a connection with a read-only credential']);
    expect(r.interactions.find((i) => i.notAssessed)!.notAssessed).toContain('--readonly-auth');
    expect(r.ok).toBe(true);
  });

  it('reports the 429 interaction not verifiable when the target never rate-limits (the profile: "429 (if any)")', async () => {
    const r = await verifyAgainst([], { rateLimit: false });
    expect(notVerifiable(r)).toEqual(['an attempt to create a connection without remaining rate limit']);
    expect(r.interactions.find((i) => i.notAssessed)!.notAssessed).toContain('no 429 to 400 requests');
    expect(r.ok).toBe(true);
  });

  it('verifies the 429 interaction against a limit that holds, and calls one lifted before the request not verifiable', async () => {
    const limited = 'an attempt to create a connection without remaining rate limit';
    const held = await verifyAgainst([]);
    const heldVerdict = held.interactions.find((i) => i.description === limited)!;
    expect(heldVerdict.notAssessed).toBeUndefined();
    expect(heldVerdict.ok).toBe(true);
    await target?.close();
    // A window that ends with its 429: the request after it is served, which the profile allows ("429 (if any)").
    target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { ...BUNDLED_RATE_LIMIT } }, lenient: ['rate-limit-window'] });
    const lifted = await verifyPacts({
      targetUrl: target.url,
      groupId: target.info.groupId,
      tenant: target.info.tenant,
      credential: parseCredential(target.info.auth),
      readOnlyCredential: parseCredential(target.info.readonlyAuth),
      rateLimitProbe: 400,
    });
    expect(notVerifiable(lifted)).toEqual([limited]);
    expect(lifted.interactions.find((i) => i.description === limited)!.notAssessed).toMatch(/answered the request 20\d moments after a 429/);
    expect(lifted.ok).toBe(true);
  });

  it('sends no probe request when the probe is off, and says how to opt in', async () => {
    // A bucket too big to drain: what it has left after the verification counts the requests sent.
    const capacity = 100_000;
    target = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { capacity, refillPerSecond: 0.001 } } });
    const r = await verifyPacts({
      targetUrl: target.url,
      groupId: target.info.groupId,
      tenant: target.info.tenant,
      credential: parseCredential(target.info.auth),
      readOnlyCredential: parseCredential(target.info.readonlyAuth),
      rateLimitProbe: 0,
    });
    expect(notVerifiable(r)).toEqual(['an attempt to create a connection without remaining rate limit']);
    expect(r.interactions.find((i) => i.notAssessed)!.notAssessed).toContain('the rate-limit probe is off');
    expect(r.ok).toBe(true);
    const res = await fetch(`${target.url}/api/atlas/v2/groups/${target.info.groupId}/streams/${target.info.tenant}/connections`, { headers: { authorization: `Bearer ${target.info.bearer}`, accept: 'application/vnd.atlas.2023-02-01+json' } });
    const sent = capacity - Number(res.headers.get('ratelimit-remaining'));
    // The interactions, their provider states and Digest challenges: far fewer than one probe's worth.
    expect(sent).toBeLessThan(200);
  });

  it('lists every connection it sent a create for, provider states included', async () => {
    const r = await verifyAgainst([]);
    const names = r.sent.map((e) => e.name);
    expect(names).toContain('pact-existing-connection');
    expect(names).toContain('pact-https');
    expect(r.sent.every((e) => e.tenant === target!.info.tenant)).toBe(true);
  });
});
