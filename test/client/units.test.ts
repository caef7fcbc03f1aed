import { describe, expect, it } from 'vitest';
import { credentialSecrets, parseCredential, parseRetryAfterMs } from '../../client';
import { DigestSession, digestAuthorization, digestResponse, parseChallenges, selectDigestChallenge } from '../../client/digest';
import { createRateLimiter } from '../../client/rate-limiter';

describe('parseCredential', () => {
  it('reads the four forms; secrets may hold colons', () => {
    expect(parseCredential('digest:pub:priv:with:colons')).toEqual({ kind: 'digest', publicKey: 'pub', privateKey: 'priv:with:colons' });
    expect(parseCredential('bearer:abc.def')).toEqual({ kind: 'bearer', token: 'abc.def' });
    expect(parseCredential('service-account:mdb_sa_id_1:mdb_sa_sk_2')).toEqual({ kind: 'service-account', clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_2' });
    expect(parseCredential('none')).toEqual({ kind: 'none' });
  });
  it('explains malformed text without echoing it', () => {
    const cases = ['digest:onlypub', 'digest::s3cretvalue', 'bearer:', 'service-account:id:', 'basic:user:s3cretvalue', 's3cretvalue', ''];
    for (const text of cases) {
      let message = '';
      try {
        parseCredential(text);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, text).not.toBe('');
      expect(message).not.toContain('s3cretvalue');
      expect(message).not.toContain('onlypub');
    }
    expect(() => parseCredential('digest:onlypub')).toThrow(/no private key/);
    expect(() => parseCredential('basic:u:p')).toThrow(/kind is not recognised/);
  });
  it('lists the values to redact', () => {
    expect(credentialSecrets(parseCredential('digest:pub:priv'))).toEqual(['priv']);
    expect(credentialSecrets(parseCredential('service-account:id:sec'))).toEqual(['sec']);
    expect(credentialSecrets({ kind: 'none' })).toEqual([]);
  });
});

describe('digest', () => {
  it('computes the RFC 2617 section 3.5 example', () => {
    const ch = { realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', algorithm: 'MD5' as const, qop: 'auth' as const, stale: false };
    const input = { username: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: '0a4f113b' };
    expect(digestResponse(ch, input)).toBe('6629fae49393a05397450978507c4ef1');
  });
  it('computes the RFC 7616 section 3.9.1 examples (MD5 and SHA-256)', () => {
    const base = {
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      qop: 'auth' as const,
      stale: false,
    };
    const input = { username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };
    expect(digestResponse({ ...base, algorithm: 'MD5' }, input)).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(digestResponse({ ...base, algorithm: 'SHA-256' }, input)).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    const header = digestAuthorization({ ...base, algorithm: 'MD5' }, input);
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    expect(header).toMatch(/^Digest username="Mufasa", realm="http-auth@example.org"/);
  });
  it('a session answers each challenge with its own realm and algorithm, counting nc and drawing fresh cnonces', () => {
    const session = new DigestSession('Mufasa', 'Circle of Life');
    const field = (header: string, name: string) => new RegExp(`${name}="?([^",]*)"?`).exec(header)![1]!;
    const check = (ch: Parameters<typeof digestResponse>[0], header: string) => {
      const input = { username: 'Mufasa', password: 'Circle of Life', method: 'POST', uri: '/x', nc: parseInt(field(header, 'nc'), 16), cnonce: field(header, 'cnonce') };
      expect(field(header, 'response')).toBe(digestResponse(ch, input));
    };
    const a = { realm: 'realm-a', nonce: 'n1', algorithm: 'MD5' as const, qop: 'auth' as const, stale: false };
    session.accept(a);
    const first = session.authorize('POST', '/x')!;
    const second = session.authorize('POST', '/x')!;
    check(a, first);
    check(a, second);
    expect(field(second, 'nc')).toBe('00000002');
    expect(field(second, 'cnonce')).not.toBe(field(first, 'cnonce'));
    // A new realm and algorithm: the cached HA1 of the first must not be reused.
    const b = { realm: 'realm-b', nonce: 'n2', algorithm: 'SHA-256' as const, qop: 'auth' as const, stale: false };
    session.accept(b);
    const third = session.authorize('POST', '/x')!;
    check(b, third);
    expect(field(third, 'nc')).toBe('00000001');
    const cnonces = new Set(Array.from({ length: 2000 }, () => field(session.authorize('POST', '/x')!, 'cnonce')));
    expect(cnonces.size).toBe(2000);
  });
  it('parses several challenges, quoted commas and escapes, and picks the Digest one', () => {
    const cs = parseChallenges(['Basic realm="x", Digest realm="MMS, Public \\"API\\"", nonce="n1", qop="auth,auth-int", stale=TRUE', 'Negotiate abc==']);
    expect(cs.map((c) => c.scheme)).toEqual(['basic', 'digest', 'negotiate']);
    const d = selectDigestChallenge(cs);
    expect(d).toMatchObject({ realm: 'MMS, Public "API"', nonce: 'n1', qop: 'auth', stale: true, algorithm: 'MD5' });
    expect(selectDigestChallenge(parseChallenges(['Digest realm="r", nonce="n", qop="auth-int"']))).toBeUndefined();
    expect(selectDigestChallenge(parseChallenges(['Digest realm="r", nonce="n", algorithm=SHA-512-256']))).toBeUndefined();
    // Garbage never throws or loops; a Digest challenge without realm and nonce is not answerable.
    const junk = parseChallenges(['"garbage", =,,= Digest', '\u0000\u0001', '']);
    expect(junk).toContainEqual({ scheme: 'digest', params: {} });
    expect(selectDigestChallenge(junk)).toBeUndefined();
  });
});

describe('retry-after parsing', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfterMs('3', 0)).toBe(3000);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfterMs('-1', 0)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, 0)).toBeUndefined();
  });
});

describe('rate limiter', () => {
  it('spaces acquisitions 1/rate apart', async () => {
    let t = 1000;
    const waits: number[] = [];
    const limiter = createRateLimiter(4, () => t);
    const real = globalThis.setTimeout;
    // Record the waits asked for instead of sleeping them.
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      waits.push(ms);
      return real(fn, 0);
    }) as typeof setTimeout;
    try {
      await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
      t = 5000;
      await limiter.acquire();
    } finally {
      globalThis.setTimeout = real;
    }
    expect(waits).toEqual([250, 500]);
    expect(() => createRateLimiter(0)).toThrow(/positive/);
  });
});
