// The realistic target (profile v1.1, "The vendor's service as observed"), each behaviour shown over HTTP: reads
// that settle, PENDING then READY, Kafka deletes refused while deploying, the vendor's rate limit and headers,
// charset, server defaults, no links, PLAINTEXT, read-only fields ignored; each lenient variant alone; faults
// through the realistic mode; and instances that start populated.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, type TargetConfigInput } from '../../reference/config';
import { LENIENT, REALISTIC, VENDOR_CHARSET_MEDIA_TYPE } from '../../reference/lenient';
import { type RunningTarget, startTarget } from '../../reference/server';
import { type Auth, Client, https, kafka, uniqueName } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fixed, small delays: reads settle after 150 ms, PENDING until 300 ms, Kafka deploys until 450 ms. */
const FAST: TargetConfigInput = {
  realistic: {
    settleMs: { min: 150, max: 150 },
    pendingMs: { min: 300, max: 300 },
    kafkaDeployingMs: { min: 450, max: 450 },
    rateLimit: { limit: 100_000, windowMs: 60_000 },
  },
};

function bearer(c: Client): Auth {
  return { kind: 'bearer', token: c.info.bearer };
}

/** Polls GET one until it is not 404 (at most `boundMs`); answers the status seen and when. */
async function firstFound(c: Client, name: string, boundMs = 3000): Promise<{ status: number; afterMs: number; json: any }> {
  const t0 = Date.now();
  for (;;) {
    const r = await c.req({ path: c.connections({ name }), auth: bearer(c) });
    if (r.status !== 404 || Date.now() - t0 > boundMs) return { status: r.status, afterMs: Date.now() - t0, json: r.json };
    await sleep(20);
  }
}

describe('realistic target (startTarget({realistic: true}))', () => {
  let target: RunningTarget;
  let c: Client;
  beforeAll(async () => {
    target = await startTarget({ realistic: true, seed: 11, config: FAST });
    c = new Client(target.info);
  });
  afterAll(() => target?.close());

  it('puts its seed in the ready line', () => {
    expect(target.info.seed).toBe(11);
  });

  it('answers a PLAINTEXT Kafka create 200 with charset, server defaults, PENDING, an id and no links', async () => {
    const name = uniqueName('rk');
    const r = await c.create(kafka(name, { security: { protocol: 'PLAINTEXT' } }), { auth: bearer(c) });
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-type']).toBe(VENDOR_CHARSET_MEDIA_TYPE);
    expect(r.json).toMatchObject({ name, type: 'Kafka', state: 'PENDING', region: 'VIRGINIA_USA', networking: { access: { type: 'PUBLIC' } }, security: { protocol: 'PLAINTEXT' } });
    expect(r.json.id).toMatch(/^[a-f0-9]{24}$/);
    expect(r.json).not.toHaveProperty('links');
  });

  it('keeps what the request sent over the defaults', async () => {
    const name = uniqueName('rk');
    const sent = kafka(name, { region: 'DUBLIN_IRL', networking: { access: { type: 'VPC', connectionId: 'a'.repeat(24) } } });
    const r = await c.create(sent, { auth: bearer(c) });
    expect(r.status, r.text).toBe(200);
    expect(r.json.region).toBe('DUBLIN_IRL');
    expect(r.json.networking).toEqual(sent.networking);
    const h = await c.create(https(uniqueName('rh')), { auth: bearer(c) });
    expect(h.json.region).toBe('VIRGINIA_USA');
    expect(h.json).not.toHaveProperty('networking'); // Https has no networking
  });

  it('reads settle: GET one 404 and the list omits the connection, then 200 PENDING, then READY', async () => {
    const name = uniqueName('settle');
    expect((await c.create(https(name), { auth: bearer(c) })).status).toBe(200);
    const early = await c.req({ path: c.connections({ name }), auth: bearer(c) });
    expect(early.status).toBe(404);
    expect(early.json.errorCode).toBe('STREAM_CONNECTION_NOT_FOUND_FOR_NAME');
    const list = await c.req({ path: c.connections({ query: 'itemsPerPage=500' }), auth: bearer(c) });
    expect(list.headers['content-type']).toBe(VENDOR_CHARSET_MEDIA_TYPE);
    expect(list.json.results.map((x: { name: string }) => x.name)).not.toContain(name);
    const found = await firstFound(c, name);
    expect(found.status).toBe(200);
    expect(found.afterMs).toBeGreaterThanOrEqual(100);
    expect(found.json.state).toBe('PENDING');
    expect(found.json).not.toHaveProperty('links');
    const listed = await c.req({ path: c.connections({ query: 'itemsPerPage=500' }), auth: bearer(c) });
    expect(listed.json.results.map((x: { name: string }) => x.name)).toContain(name);
    await sleep(350);
    expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).json.state).toBe('READY');
  });

  it('refuses a Kafka DELETE 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING while it deploys, then answers 202 {} with charset', async () => {
    const name = uniqueName('deploy');
    expect((await c.create(kafka(name), { auth: bearer(c) })).status).toBe(200);
    const refused = await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: 409, errorCode: 'STREAM_KAFKA_CONNECTION_IS_DEPLOYING' });
    expect(refused.headers['content-type']).toBe('application/json');
    await sleep(250);
    // Settled but still deploying: shown PENDING, and still refused.
    expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).json.state).toBe('PENDING');
    expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) })).status).toBe(409);
    await sleep(250);
    const done = await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) });
    expect(done.status).toBe(202);
    expect(done.json).toEqual({});
    expect(done.headers['content-type']).toBe(VENDOR_CHARSET_MEDIA_TYPE);
    expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).status).toBe(404);
  });

  it('deletes other types at once, settled or not (writes are not eventual)', async () => {
    const name = uniqueName('del');
    expect((await c.create(https(name), { auth: bearer(c) })).status).toBe(200);
    expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) })).status).toBe(202);
    await sleep(200);
    expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).status).toBe(404);
  });

  it('a duplicate of a connection not yet readable is still 409', async () => {
    const name = uniqueName('dup');
    expect((await c.create(https(name), { auth: bearer(c) })).status).toBe(200);
    const dup = await c.create(https(name), { auth: bearer(c) });
    expect(dup.status).toBe(409);
    expect(dup.json.errorCode).toBe('STREAM_CONNECTION_NAME_ALREADY_EXISTS');
  });

  it('accepts read-only fields in a request and ignores them', async () => {
    const name = uniqueName('ro');
    const body = { name, type: 'Cluster', clusterName: 'Cluster0', dbRoleToExecute: { role: 'readAnyDatabase', type: 'BUILT_IN', links: [] }, links: [{ href: 'x', rel: 'self' }], state: 'FAILED' };
    const r = await c.create(body, { auth: bearer(c) });
    expect(r.status, r.text).toBe(200);
    expect(r.json.dbRoleToExecute).toEqual({ role: 'readAnyDatabase', type: 'BUILT_IN' });
    expect(r.json).not.toHaveProperty('links');
    expect(r.json.state).toBe('PENDING');
  });
});

/** Raw GET with a bearer token: status, header names as sent, and headers. */
function rawGet(url: string, path: string, token: string): Promise<{ status: number; rawNames: string[]; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, headers: { accept: 'application/vnd.atlas.2023-02-01+json', authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawNames: res.rawHeaders.filter((_, i) => i % 2 === 0), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the vendor rate limit', () => {
  let target: RunningTarget;
  let c: Client;
  beforeAll(async () => {
    target = await startTarget({ realistic: true, seed: 3, config: { realistic: { rateLimit: { limit: 5, windowMs: 1000 } } } });
    c = new Client(target.info);
  });
  afterAll(() => target?.close());

  it('counts Ratelimit-Remaining down from Ratelimit-Limit, answers 429 with Retry-After past it, and serves the next window', async () => {
    const path = c.connections();
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await rawGet(c.base, path, c.info.bearer));
    expect(seen[0]!.rawNames).toEqual(expect.arrayContaining(['Ratelimit-Limit', 'Ratelimit-Remaining']));
    expect(seen.slice(0, 5).map((r) => [r.status, r.headers['ratelimit-limit'], r.headers['ratelimit-remaining']])).toEqual([
      [200, '5', '4'],
      [200, '5', '3'],
      [200, '5', '2'],
      [200, '5', '1'],
      [200, '5', '0'],
    ]);
    expect(seen[5]!.status).toBe(429);
    expect(seen[5]!.headers['retry-after']).toBe('1');
    await sleep(1050);
    expect((await rawGet(c.base, path, c.info.bearer)).status).toBe(200);
  });

  it('takes its timings as the realistic option itself', async () => {
    const t = await startTarget({ realistic: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    try {
      const path = new Client(t.info).connections();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await rawGet(t.url, path, t.info.bearer)).status);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await t.close();
    }
  });

  it('defaults to the vendor limit of 1200, per 10 s', () => {
    expect(resolveConfig({}).realistic.rateLimit).toEqual({ limit: 1200, windowMs: 10_000 });
  });
});

describe('each vendor behaviour alone (lenient variants)', () => {
  it('REALISTIC is made of lenient variants, each quoting the profile', () => {
    const names = LENIENT.map((l) => l.name as string);
    for (const r of REALISTIC) expect(names).toContain(r);
  });

  it('eventual-reads alone: 404 then 200 READY, with links and the plain vendor type', async () => {
    const t = await startTarget({ lenient: ['eventual-reads'], seed: 1, config: FAST });
    try {
      const c = new Client(t.info);
      const name = uniqueName('ev');
      const r = await c.create(https(name), { auth: bearer(c) });
      expect(r.json.state).toBe('READY');
      expect(r.json.links).toHaveLength(1);
      expect(r.headers['content-type']).toBe('application/vnd.atlas.2023-02-01+json');
      expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).status).toBe(404);
      const found = await firstFound(c, name);
      expect(found.status).toBe(200);
      expect(found.json.state).toBe('READY');
    } finally {
      await t.close();
    }
  });

  it('kafka-delete-deploying alone: 409 then 202, readable at once; other types delete at once', async () => {
    const t = await startTarget({ lenient: ['kafka-delete-deploying'], seed: 1, config: FAST });
    try {
      const c = new Client(t.info);
      const name = uniqueName('kd');
      expect((await c.create(kafka(name), { auth: bearer(c) })).status).toBe(200);
      expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).status).toBe(200);
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) })).status).toBe(409);
      await sleep(500);
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) })).status).toBe(202);
      const h = uniqueName('kh');
      await c.create(https(h), { auth: bearer(c) });
      expect((await c.req({ method: 'DELETE', path: c.connections({ name: h }), auth: bearer(c) })).status).toBe(202);
    } finally {
      await t.close();
    }
  });

  it('plaintext accepts PLAINTEXT, as the reference does since profile v1.1 left it open; other protocols stay refused', async () => {
    const on = await startTarget({ lenient: ['plaintext'] });
    const off = await startTarget();
    try {
      const body = (n: string) => kafka(n, { security: { protocol: 'PLAINTEXT' } });
      const a = new Client(on.info);
      const b = new Client(off.info);
      expect((await a.create(body(uniqueName('p')), { auth: bearer(a) })).status).toBe(200);
      expect((await b.create(body(uniqueName('p')), { auth: bearer(b) })).status).toBe(200);
      // Other unknown protocols stay refused.
      expect((await a.create(kafka(uniqueName('p'), { security: { protocol: 'TLS' } }), { auth: bearer(a) })).status).toBe(400);
    } finally {
      await Promise.all([on.close(), off.close()]);
    }
  });

  it('charset-everywhere, no-links, server-defaults alone change only what they say', async () => {
    const t = await startTarget({ lenient: ['charset-everywhere', 'no-links', 'server-defaults'] });
    try {
      const c = new Client(t.info);
      const name = uniqueName('s');
      const r = await c.create({ name: 'sample_stream_solar', type: 'Sample' }, { auth: bearer(c) });
      expect(r.status, r.text).toBe(200);
      expect(r.json).toEqual({ name: 'sample_stream_solar', type: 'Sample', region: 'VIRGINIA_USA', id: expect.any(String), state: 'READY' });
      const g = await c.req({ path: c.connections({ name: 'sample_stream_solar' }), auth: bearer(c) });
      expect(g.headers['content-type']).toBe(VENDOR_CHARSET_MEDIA_TYPE);
      expect(name).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});

describe('faults stay visible through the realistic target', () => {
  it('status-201 and read-back-wrong-type compose with realistic', async () => {
    const t = await startTarget({ realistic: true, faults: ['status-201', 'read-back-wrong-type', 'success-json-media-type'], config: FAST });
    try {
      const c = new Client(t.info);
      const name = uniqueName('f');
      const r = await c.create(https(name), { auth: bearer(c) });
      expect(r.status).toBe(201);
      expect(r.headers['content-type']).toBe('application/json');
      const found = await firstFound(c, name);
      expect(found.json.type).toBe('https');
    } finally {
      await t.close();
    }
  });

  it('response-bad-state wins over PENDING, delete-ignored over deploying', async () => {
    const t = await startTarget({ realistic: true, faults: ['response-bad-state', 'delete-ignored'], config: FAST });
    try {
      const c = new Client(t.info);
      const name = uniqueName('f');
      expect((await c.create(https(name), { auth: bearer(c) })).json.state).toBe('ACTIVE');
      await firstFound(c, name);
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer(c) })).status).toBe(202);
      expect((await c.req({ path: c.connections({ name }), auth: bearer(c) })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('an instance that starts populated', () => {
  it('holds its sample connection and the configured customer connections from the start, readable at once', async () => {
    const customer = https('customer-webhook');
    const t = await startTarget({ realistic: true, config: { ...FAST, sampleConnections: true, connections: [{ body: customer }] } });
    try {
      const c = new Client(t.info);
      const list = await c.req({ path: c.connections(), auth: bearer(c) });
      expect(list.json.results.map((x: { name: string }) => x.name).sort()).toEqual(['customer-webhook', 'sample_stream_solar']);
      expect(list.json.results.every((x: { state: string }) => x.state === 'READY')).toBe(true);
      const dup = await c.create({ name: 'sample_stream_solar', type: 'Sample' }, { auth: bearer(c) });
      expect(dup.status).toBe(409);
      expect((await c.req({ path: c.connections({ name: 'customer-webhook' }), auth: bearer(c) })).json).toMatchObject({ ...customer, region: 'VIRGINIA_USA' });
    } finally {
      await t.close();
    }
  });

  it('refuses a configured connection that is invalid, twice there, or in an unknown instance', async () => {
    await expect(startTarget({ config: { connections: [{ body: { name: 'x', type: 'Nope' } }] } })).rejects.toThrow(/x is not a valid connection/);
    await expect(startTarget({ config: { sampleConnections: true, connections: [{ body: { name: 'sample_stream_solar', type: 'Sample' } }] } })).rejects.toThrow(/twice/);
    await expect(startTarget({ config: { connections: [{ tenant: 'nope', body: https('a') }] } })).rejects.toThrow(ConfigError);
    expect(() => resolveConfig({ realistic: { settleMs: { min: 5, max: 1 } } })).toThrow(/settleMs has min over max/);
    expect(() => resolveConfig({ realistic: { rateLimit: { limit: 0, windowMs: 1 } } })).toThrow(/rateLimit/);
  });
});
