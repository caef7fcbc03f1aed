// Authentication and authorisation of the reference target: Digest (RFC 7616), bearer tokens, the
// service-account token endpoint, and roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type TargetConfig } from '../../reference/config';
import { digestAuthorization, digestResponse, parseDigest } from '../../reference/digest';
import { type RunningTarget, startTarget } from '../../reference/server';
import { ACCEPT, Client, kafka, parseCreds, send, uniqueName } from './helpers';

const OTHER_GROUP = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const config: TargetConfig = {
  ...DEFAULT_CONFIG,
  groups: [...DEFAULT_CONFIG.groups, { id: OTHER_GROUP, tenants: ['other-tenant'] }],
  apiKeys: [
    ...DEFAULT_CONFIG.apiKeys,
    { publicKey: 'scoped01', privateKey: 'scoped-private', roles: ['Project Stream Processing Manager'], groups: [OTHER_GROUP] },
    { publicKey: 'owner001', privateKey: 'owner-private', roles: ['Project Owner'] },
    { publicKey: 'norole01', privateKey: 'norole-private', roles: [] },
  ],
  tokenLifetimeSeconds: 0.6,
  nonceLifetimeSeconds: 0.6,
};

let target: RunningTarget;
let client: Client;
beforeAll(async () => {
  target = await startTarget({ config });
  client = new Client(target.info);
});
afterAll(() => target.close());

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function token(id: string, secret: string, body = 'grant_type=client_credentials') {
  return send(target.url, {
    method: 'POST',
    path: '/api/oauth/token',
    headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('Digest', () => {
  it('challenges with realm MMS Public API, MD5, qop=auth and answers 401 ApiError', async () => {
    const r = await send(target.url, { method: 'GET', path: client.connections(), headers: { accept: ACCEPT } });
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({ error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized' });
    const c = parseDigest(r.headers['www-authenticate']!)!;
    expect(c).toMatchObject({ realm: 'MMS Public API', algorithm: 'MD5', qop: 'auth', stale: 'false' });
    expect(c.nonce).toMatch(/\S{20,}/);
  });

  it('completes the handshake and accepts increasing nc on one nonce', async () => {
    for (let i = 0; i < 3; i++) expect((await client.req({ path: client.connections() })).status).toBe(200);
  });

  it('computes the RFC 7616 qop=auth response (RFC 2617 section 3.5 example)', () => {
    // The classic example from RFC 2617: Mufasa / Circle Of Life.
    expect(
      digestResponse({
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        nc: '00000001',
        cnonce: '0a4f113b',
        qop: 'auth',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('rejects a wrong password, an unknown user and a forged nonce with 401 and a fresh challenge', async () => {
    const { user } = parseCreds(target.info.auth);
    const c = await client.challenge(user);
    const path = client.connections();
    const wrong = digestAuthorization({ challenge: c.params, username: user, password: 'nope', method: 'GET', uri: path, nc: 1000 });
    const unknown = digestAuthorization({ challenge: c.params, username: 'ghost', password: 'x', method: 'GET', uri: path, nc: 1001 });
    const forged = digestAuthorization({ challenge: { ...c.params, nonce: 'abc.def.ghi' }, username: user, password: parseCreds(target.info.auth).password, method: 'GET', uri: path, nc: 1 });
    for (const a of [wrong, unknown, forged, 'Digest garbage', 'Basic Zm9vOmJhcg==', 'Digest username="x"']) {
      const r = await send(target.url, { method: 'GET', path, headers: { accept: ACCEPT, authorization: a } });
      expect(r.status, a).toBe(401);
      expect(r.json.error).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Digest realm="MMS Public API".*stale=false/);
    }
  });

  it('refuses a replayed nc but accepts nc values arriving out of order', async () => {
    const { user, password } = parseCreds(target.info.auth);
    const c = await client.challenge(user, true);
    const path = client.connections();
    const sign = (nc: number) => digestAuthorization({ challenge: c.params, username: user, password, method: 'GET', uri: path, nc });
    const get = (a: string) => send(target.url, { method: 'GET', path, headers: { accept: ACCEPT, authorization: a } });
    expect((await get(sign(5))).status).toBe(200);
    expect((await get(sign(3))).status).toBe(200);
    const replay = await get(sign(5));
    expect(replay.status).toBe(401);
    expect(replay.json.detail).toMatch(/already used/);
    c.nc = 10;
  });

  it('answers an expired nonce 401 with stale=true, and the new nonce works', async () => {
    const { user, password } = parseCreds(target.info.auth);
    const c = await client.challenge(user, true);
    await new Promise((r) => setTimeout(r, 700));
    const path = client.connections();
    const old = digestAuthorization({ challenge: c.params, username: user, password, method: 'GET', uri: path, nc: 1 });
    const r = await send(target.url, { method: 'GET', path, headers: { accept: ACCEPT, authorization: old } });
    expect(r.status).toBe(401);
    const fresh = parseDigest(r.headers['www-authenticate']!)!;
    expect(fresh.stale).toBe('true');
    const again = digestAuthorization({ challenge: fresh, username: user, password, method: 'GET', uri: path, nc: 1 });
    expect((await send(target.url, { method: 'GET', path, headers: { accept: ACCEPT, authorization: again } })).status).toBe(200);
    // A wrong password on an expired nonce learns nothing about staleness.
    await new Promise((r) => setTimeout(r, 700));
    const wrong = digestAuthorization({ challenge: fresh, username: user, password: 'nope', method: 'GET', uri: path, nc: 2 });
    const w = await send(target.url, { method: 'GET', path, headers: { accept: ACCEPT, authorization: wrong } });
    expect(w.status).toBe(401);
    expect(w.headers['www-authenticate']).toMatch(/stale=false/);
  });

  it('refuses a digest computed for another request-target', async () => {
    const { user, password } = parseCreds(target.info.auth);
    const c = await client.challenge(user, true);
    const a = digestAuthorization({ challenge: c.params, username: user, password, method: 'GET', uri: '/elsewhere', nc: 1 });
    expect((await send(target.url, { method: 'GET', path: client.connections(), headers: { accept: ACCEPT, authorization: a } })).status).toBe(401);
  });
});

describe('service accounts and bearer tokens', () => {
  const { clientId: id, clientSecret: secret } = DEFAULT_CONFIG.serviceAccounts[0]!;

  it('issues a bearer token for client credentials; the token creates; it expires', async () => {
    const t = await token(id!, secret!);
    expect(t.status).toBe(200);
    expect(t.headers['content-type']).toBe('application/json');
    expect(t.json).toMatchObject({ token_type: 'Bearer', expires_in: 1 });
    expect(typeof t.json.access_token).toBe('string');
    const r = await client.create(kafka(uniqueName('sa')), { auth: { kind: 'bearer', token: t.json.access_token } });
    expect(r.status).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    const late = await client.req({ path: client.connections(), auth: { kind: 'bearer', token: t.json.access_token } });
    expect(late.status).toBe(401);
    expect(late.json).toMatchObject({ error: 401, detail: expect.stringMatching(/expired/) });
  });

  it('refuses wrong client secrets, other grant types and non-form bodies', async () => {
    const wrong = await token(id!, 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect((await token(id!, secret!, 'grant_type=password')).json.error).toBe('unsupported_grant_type');
    expect((await token(id!, secret!, '')).status).toBe(400);
    const json = await send(target.url, {
      method: 'POST',
      path: '/api/oauth/token',
      headers: { authorization: basic(id!, secret!), 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    });
    expect(json.status).toBe(400);
    expect(JSON.stringify(wrong.json)).not.toContain('nope');
  });

  it('accepts the static bearer token and refuses an unknown one', async () => {
    expect((await client.req({ path: client.connections(), auth: { kind: 'bearer', token: target.info.bearer } })).status).toBe(200);
    const r = await client.req({ path: client.connections(), auth: { kind: 'bearer', token: 'not-a-token' } });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Digest /);
  });
});

describe('roles', () => {
  it('lets a read-only key list and get, but not create (403) or delete (403)', async () => {
    const name = uniqueName('ro');
    expect((await client.create(kafka(name))).status).toBe(200);
    const ro = client.readonly();
    expect((await client.req({ path: client.connections(), auth: ro })).status).toBe(200);
    expect((await client.req({ path: client.connections({ name }), auth: ro })).status).toBe(200);
    const c = await client.create(kafka(uniqueName('ro')), { auth: ro });
    expect(c.status).toBe(403);
    expect(c.json).toMatchObject({ error: 403, reason: 'Forbidden' });
    expect((await client.req({ method: 'DELETE', path: client.connections({ name }), auth: ro })).status).toBe(403);
  });

  it('lets Project Owner create, refuses a key without roles, and keeps scoped keys to their projects', async () => {
    expect((await client.create(kafka(uniqueName('own')), { auth: { kind: 'digest', user: 'owner001', password: 'owner-private' } })).status).toBe(200);
    const none = { kind: 'digest' as const, user: 'norole01', password: 'norole-private' };
    expect((await client.req({ path: client.connections(), auth: none })).status).toBe(403);
    const scoped = { kind: 'digest' as const, user: 'scoped01', password: 'scoped-private' };
    expect((await client.req({ path: client.connections(), auth: scoped })).status).toBe(403);
    const other = await client.create(kafka(uniqueName('sc')), { auth: scoped, path: client.connections({ group: OTHER_GROUP, tenant: 'other-tenant' }) });
    expect(other.status).toBe(200);
  });
});
