import { afterEach, describe, expect, it } from 'vitest';
import { AuthSetupError, TargetClient } from '../../client';
import type { Exchange } from '../../client/exchange';
import { digestServer, tokenServer } from './servers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function status(ex: Exchange): number | string {
  return ex.outcome === 'response' ? ex.response.status : ex.error.kind;
}

describe('Digest', () => {
  it('answers the challenge, then reuses the nonce with a counted nc (no extra round trip)', async () => {
    const srv = await digestServer({ pub: 'priv-key' });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'digest', publicKey: 'pub', privateKey: 'priv-key' } });
    closers.push(srv.close, () => client.close());
    const first = await client.send({ method: 'GET', path: '/a?x=1' });
    expect(status(first)).toBe(200);
    expect(srv.seen.length).toBe(2); // challenge + answer
    const second = await client.send({ method: 'POST', path: '/b', body: '{}' });
    const third = await client.get('0123456789abcdef01234567', 'inst', 'c');
    expect([status(second), status(third)]).toEqual([200, 200]);
    expect(srv.seen.length).toBe(4);
    expect(second.outcome === 'response' && second.response.json).toEqual({ user: 'pub', nc: 2 });
    expect(third.outcome === 'response' && third.response.json).toEqual({ user: 'pub', nc: 3 });
    // The challenge round trip stays out of the log; the exchange records the Authorization header as sent.
    expect(client.exchangeCount).toBe(3);
    expect(client.requestCount).toBe(4);
    expect(first.request.headers.authorization).toMatch(/^Digest username="pub", realm="MMS Public API"/);
    expect(first.request.headers.authorization).toContain('uri="/a?x=1"');
  });

  it('re-authenticates once on stale=true and keeps working', async () => {
    const srv = await digestServer({ pub: 'priv-key' });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'digest', publicKey: 'pub', privateKey: 'priv-key' } });
    closers.push(srv.close, () => client.close());
    await client.send({ method: 'GET', path: '/a' });
    for (const n of srv.state.nonces.keys()) srv.state.stale.add(n);
    const ex = await client.send({ method: 'GET', path: '/a' });
    expect(status(ex)).toBe(200);
    expect(ex.outcome === 'response' && ex.response.json).toEqual({ user: 'pub', nc: 1 });
    expect(srv.seen.length).toBe(4); // 2 for the first, stale 401 + answer for the second
  });

  it('gives the 401 as the final exchange for a wrong password, without looping', async () => {
    const srv = await digestServer({ pub: 'priv-key' });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'digest', publicKey: 'pub', privateKey: 'priv-key' } });
    closers.push(srv.close, () => client.close());
    const wrong = { kind: 'digest' as const, publicKey: 'pub', privateKey: 'not-it' };
    const ex = await client.send({ method: 'GET', path: '/a', credential: wrong });
    expect(status(ex)).toBe(401);
    expect(ex.request.headers.authorization).toMatch(/^Digest /);
    expect(srv.seen.length).toBe(2);
    // Again, now with a cached (valid, server-issued) nonce for the wrong key: still bounded, still 401.
    const again = await client.send({ method: 'GET', path: '/a', credential: wrong });
    expect(status(again)).toBe(401);
    expect(srv.seen.length).toBe(4);
    // The right key's session was not disturbed by the wrong one.
    expect(status(await client.send({ method: 'GET', path: '/a' }))).toBe(200);
    expect(client.secrets()).toEqual(expect.arrayContaining(['priv-key', 'not-it']));
  });

  it('sends without credentials when asked, and applies no auth over an explicit Authorization header', async () => {
    const srv = await digestServer({ pub: 'priv-key' });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'digest', publicKey: 'pub', privateKey: 'priv-key' } });
    closers.push(srv.close, () => client.close());
    const none = await client.send({ method: 'GET', path: '/a', credential: { kind: 'none' } });
    expect(status(none)).toBe(401);
    expect(none.request.headers.authorization).toBeUndefined();
    const raw = await client.send({ method: 'GET', path: '/a', headers: { Authorization: 'Digest garbage' } });
    expect(status(raw)).toBe(401);
    expect(raw.request.headers.authorization).toBe('Digest garbage');
    expect(srv.seen.length).toBe(2);
  });

  it('authenticates many concurrent requests', async () => {
    const srv = await digestServer({ pub: 'priv-key' });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'digest', publicKey: 'pub', privateKey: 'priv-key' }, maxConcurrency: 8 });
    closers.push(srv.close, () => client.close());
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => client.send({ method: 'GET', path: `/p/${i}` })));
    expect(all.map(status)).toEqual(Array(40).fill(200));
    expect(srv.connections()).toBeLessThanOrEqual(8);
  });
});

describe('service account', () => {
  const sa = { kind: 'service-account' as const, clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_secret' };

  it('gets a token once, sends it as Bearer and caches it', async () => {
    const srv = await tokenServer({ mdb_sa_id_1: 'mdb_sa_sk_secret' });
    const client = new TargetClient({ baseUrl: srv.url, credential: sa });
    closers.push(srv.close, () => client.close());
    await client.prepare();
    const all = await Promise.all([1, 2, 3].map(() => client.send({ method: 'GET', path: '/x' })));
    expect(all.map(status)).toEqual([200, 200, 200]);
    expect(srv.issued()).toBe(1);
    const tokenReq = srv.seen.find((s) => s.url === '/api/oauth/token')!;
    expect(tokenReq.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(all[0]!.request.headers.authorization).toMatch(/^Bearer tok-1-/);
    expect(client.secrets()).toEqual(expect.arrayContaining(['mdb_sa_sk_secret', expect.stringMatching(/^tok-1-/)]));
  });

  it('refreshes once on a 401 to a cached token, and refreshes before expiry', async () => {
    const srv = await tokenServer({ mdb_sa_id_1: 'mdb_sa_sk_secret' }, 1);
    const client = new TargetClient({ baseUrl: srv.url, credential: sa });
    closers.push(srv.close, () => client.close());
    expect(status(await client.send({ method: 'GET', path: '/x' }))).toBe(200);
    srv.live.clear(); // revoked behind the client's back
    const ex = await client.send({ method: 'GET', path: '/x' });
    expect(status(ex)).toBe(200);
    expect(srv.issued()).toBe(2);
    expect(client.exchangeCount).toBe(2);
    await new Promise((r) => setTimeout(r, 950)); // expires_in 1 s: refreshed 100 ms early
    expect(status(await client.send({ method: 'GET', path: '/x' }))).toBe(200);
    expect(srv.issued()).toBe(3);
  });

  it('raises AuthSetupError, without the secret, when the token endpoint refuses', async () => {
    const srv = await tokenServer({ mdb_sa_id_1: 'other' });
    const client = new TargetClient({ baseUrl: srv.url, credential: sa });
    closers.push(srv.close, () => client.close());
    const err = await client.prepare().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AuthSetupError);
    const m = (err as Error).message;
    expect(m).toContain('answered 401');
    expect(m).toContain('invalid_client: bad client credentials');
    expect(m).toContain('mdb_sa_id_1');
    expect(m).not.toContain('mdb_sa_sk_secret');
    await expect(client.send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(AuthSetupError);
  });
});

describe('bearer', () => {
  it('sends the token as given', async () => {
    const srv = await tokenServer({});
    srv.live.add('static-token');
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'bearer', token: 'static-token' } });
    closers.push(srv.close, () => client.close());
    expect(status(await client.send({ method: 'GET', path: '/x' }))).toBe(200);
    expect(status(await client.send({ method: 'GET', path: '/x', credential: { kind: 'bearer', token: 'wrong' } }))).toBe(401);
  });
});
