// The reference target's answers to the four operations: paths, versioned Accept, media types, body limits,
// validation, duplicates, envelope/pretty, read-back, delete, list, rate limiting, and secrets kept out of all of it.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { DEFAULT_CONFIG } from '../../reference/config';
import { type RunningTarget, startTarget } from '../../reference/server';
import { Client, https, kafka, SECRET, send, uniqueName, VENDOR } from './helpers';

let target: RunningTarget;
let client: Client;
beforeAll(async () => {
  target = await startTarget({ config: { ...DEFAULT_CONFIG, deletingMs: 0 } });
  client = new Client(target.info);
});
afterAll(() => target.close());

const contract = loadContract();

function expectApiError(r: { status: number; headers: Record<string, string>; json: any }, status: number, errorCode?: string) {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toBe('application/json');
  expect(contract.validateApiError(r.json)).toEqual([]);
  expect(r.json.error).toBe(status);
  if (errorCode) expect(r.json.errorCode).toBe(errorCode);
}

describe('create', () => {
  it('answers a valid Kafka create 200 with the vendor type, rate-limit headers, id/state/links and no password', async () => {
    const name = uniqueName('k');
    const body = kafka(name);
    const r = await client.create(body);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(VENDOR);
    expect(r.headers['ratelimit-limit']).toMatch(/^\d+$/);
    expect(r.headers['ratelimit-remaining']).toMatch(/^\d+$/);
    expect(contract.validateResponseBody(r.json)).toEqual([]);
    expect(r.json).toMatchObject({ name, type: 'Kafka', bootstrapServers: body.bootstrapServers, config: body.config, security: body.security, state: 'READY' });
    expect(r.json.authentication).toEqual({ mechanism: 'PLAIN', username: 'alice' });
    expect(r.json.id).toMatch(/^[a-f0-9]{24}$/);
    expect(r.json.links[0].href).toContain(`/connections/${name}`);
    expect(r.text).not.toContain(SECRET);
  });

  it('answers every connection type of the contract with its variant schema, write-only fields removed', async () => {
    const bodies = [
      { name: 'sample_stream_solar', type: 'Sample' },
      { name: uniqueName('cl'), type: 'Cluster', clusterName: 'Cluster0', dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN' } },
      https(uniqueName('h')),
      { name: uniqueName('l'), type: 'AWSLambda', aws: { roleArn: 'arn:aws:iam::1:role/x' } },
      { name: uniqueName('s3'), type: 'S3', aws: { roleArn: 'arn:aws:iam::1:role/x', testBucket: 'b' } },
      { name: uniqueName('kin'), type: 'AWSKinesisDataStreams', aws: { roleArn: 'arn:aws:iam::1:role/x' } },
      { name: uniqueName('sr'), type: 'SchemaRegistry', provider: 'CONFLUENT', schemaRegistryUrls: ['https://sr.example.com'], schemaRegistryAuthentication: { type: 'USER_INFO', username: 'u', password: SECRET } },
      { name: uniqueName('az'), type: 'AzureBlobStorage', azure: { servicePrincipalId: 'p', storageAccountName: 's' } },
      { name: uniqueName('gcp'), type: 'GCPPubSub', gcp: { serviceAccountId: 'sa@x.iam.gserviceaccount.com' } },
      kafka(uniqueName('ko'), { authentication: { mechanism: 'OAUTHBEARER', method: 'OIDC', clientId: 'c', clientSecret: SECRET, tokenEndpointUrl: 'https://idp.example.com/t', sslKey: SECRET, sslKeyPassword: SECRET } }),
    ];
    for (const b of bodies) {
      const r = await client.create(b);
      expect(r.status, `${b.type}: ${r.text}`).toBe(200);
      expect(contract.validateResponseBody(r.json)).toEqual([]);
      expect(r.json.type).toBe(b.type);
      expect(r.text).not.toContain(SECRET);
    }
  });

  it('accepts application/json with charset as the request type and serves a later Accept date as 2023-02-01', async () => {
    const r = await client.create(https(uniqueName('h')), { headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/vnd.atlas.2030-01-01+json' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(VENDOR);
  });

  it('answers a duplicate name 409 STREAM_CONNECTION_NAME_ALREADY_EXISTS and keeps the original', async () => {
    const name = uniqueName('dup');
    const first = await client.create(kafka(name));
    const second = await client.create(kafka(name, { bootstrapServers: 'other.example.com:9093' }));
    expectApiError(second, 409, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS');
    expect(second.json.reason).toBe('Conflict');
    const got = await client.req({ path: client.connections({ name }) });
    expect(got.json.bootstrapServers).toBe(first.json.bootstrapServers);
    expect(got.json.id).toBe(first.json.id);
  });

  it('lets exactly one of 20 concurrent creates of one name win', async () => {
    const name = uniqueName('race');
    const rs = await Promise.all(Array.from({ length: 20 }, () => client.create(kafka(name))));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(19);
  });
});

describe('validation', () => {
  it('lists every MUST violation in badRequestDetail.fields (400 VALIDATION_ERROR)', async () => {
    const r = await client.create({ name: 5, type: 'Kafka', config: { a: 1 }, networking: { access: { type: 'NOPE', connectionId: 'xyz' } } });
    expectApiError(r, 400, 'VALIDATION_ERROR');
    const fields = r.json.badRequestDetail.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['$.name', '$.config.a', '$.networking.access.type', '$.networking.access.connectionId']));
  });

  it('answers missing/unknown type, non-object bodies and SchemaRegistry violations 400', async () => {
    for (const b of [{ name: 'x' }, { name: 'x', type: 'Nope' }, [], 'str', 42, null, { name: 'x', type: 'SchemaRegistry', provider: 'CONFLUENT', schemaRegistryUrls: Array(11).fill('https://a.example.com'), schemaRegistryAuthentication: { type: 'SASL_INHERIT' } }]) {
      expectApiError(await client.create(b), 400, 'VALIDATION_ERROR');
    }
  });

  it('answers SHOULD violations 400 too: essentials, fixtures, empty name, Kafka enums and credentials', async () => {
    const cases = [
      { name: uniqueName('k'), type: 'Kafka' },
      { name: 'not_a_sample', type: 'Sample' },
      { name: uniqueName('c'), type: 'Cluster', clusterName: 'NoSuchCluster' },
      { name: '', type: 'Https', url: 'https://a.example.com' },
      { name: uniqueName('h'), type: 'Https', url: 'not a url' },
      kafka(uniqueName('k'), { authentication: { mechanism: 'GSSAPI', username: 'u', password: SECRET } }),
      kafka(uniqueName('k'), { security: { protocol: 'TLS' } }),
      kafka(uniqueName('k'), { authentication: { mechanism: 'SCRAM-256', username: 'u' } }),
      kafka(uniqueName('k'), { bootstrapServers: 'no-port' }),
    ];
    for (const b of cases) {
      const r = await client.create(b);
      expectApiError(r, 400, 'VALIDATION_ERROR');
      expect(r.text).not.toContain(SECRET);
    }
  });

  it('answers malformed JSON 400 without quoting the body', async () => {
    const r = await client.req({ method: 'POST', path: client.connections(), body: `{"name":"x","password":"${SECRET}",` });
    expectApiError(r, 400, 'INVALID_JSON');
    expect(r.text).not.toContain(SECRET);
    expectApiError(await client.req({ method: 'POST', path: client.connections(), body: '' }), 400);
  });

  it('answers other request media types 415 and bodies over 1 MiB 413, declared or chunked', async () => {
    for (const ct of ['text/plain', 'application/xml', 'application/vnd.atlas.2023-02-01+xml', undefined]) {
      expectApiError(await client.req({ method: 'POST', path: client.connections(), body: JSON.stringify(https('x')), headers: { 'content-type': ct } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const big = JSON.stringify({ ...https(uniqueName('big')), pad: 'x'.repeat(1024 * 1024) });
    expectApiError(await client.req({ method: 'POST', path: client.connections(), body: big }), 413, 'PAYLOAD_TOO_LARGE');
    const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const auth = client.authorization(client.admin(), 'POST', client.connections());
      auth.then((a) => {
        const u = new URL(target.url);
        const req = httpRequest(
          { host: u.hostname, port: u.port, method: 'POST', path: client.connections(), headers: { authorization: a!, accept: 'application/vnd.atlas.2023-02-01+json', 'content-type': VENDOR, 'transfer-encoding': 'chunked' } },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        for (let i = 0; i < 20; i++) req.write(chunk);
        req.end();
      }, reject);
    });
    expect(chunked.status).toBe(413);
    // The connection stays usable after a refused body.
    expect((await client.req({ path: client.connections() })).status).toBe(200);
  });
});

describe('paths and versions', () => {
  it('answers a malformed groupId 400 INVALID_GROUP_ID, an unknown one 404, an unknown tenant 404', async () => {
    for (const g of ['ABCDEF0123456789ABCDEF01', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '64a1b2c3d4e5f60718293a4b0']) {
      expectApiError(await client.create(https('x'), { path: client.connections({ group: g }) }), 400, 'INVALID_GROUP_ID');
    }
    expectApiError(await client.create(https('x'), { path: client.connections({ group: 'bbbbbbbbbbbbbbbbbbbbbbbb' }) }), 404);
    const t = await client.create(https('x'), { path: client.connections({ tenant: 'no-such-tenant' }) });
    expectApiError(t, 404, 'STREAM_TENANT_NOT_FOUND_FOR_NAME');
    expect(t.json.reason).toBe('Not Found');
  });

  it('answers a missing, unversioned, wildcard, earlier or malformed Accept 406 INVALID_VERSION_DATE', async () => {
    for (const accept of [undefined, 'application/json', '*/*', 'application/vnd.atlas.2022-12-31+json', 'application/vnd.atlas.2023-02-30+json', 'application/vnd.atlas.latest+json', 'application/vnd.atlas.2023-2-1+json']) {
      const r = await client.create(https(uniqueName('v')), { headers: { accept } });
      expectApiError(r, 406, 'INVALID_VERSION_DATE');
      expect(r.json.reason).toBe('Not Acceptable');
    }
    const list = await client.req({ path: client.connections(), headers: { accept: 'application/json, application/vnd.atlas.2024-10-23+json;charset=utf-8' } });
    expect(list.status).toBe(200);
  });

  it('answers unknown paths 404 and wrong methods 405, as ApiErrors', async () => {
    expectApiError(await client.req({ path: '/api/atlas/v2/nothing' }), 404);
    expectApiError(await client.req({ method: 'PUT', path: client.connections(), body: '{}' }), 405);
  });
});

describe('envelope and pretty', () => {
  it('wraps success in {status, content} (HTTP 200) and indents with pretty=true', async () => {
    const name = uniqueName('env');
    const r = await client.create(https(name), { query: 'envelope=true&pretty=true' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 200, content: { name, type: 'Https' } });
    expect(r.text).toContain('\n  "status": 200');
    const del = await client.req({ method: 'DELETE', path: client.connections({ name, query: 'envelope=true' }) });
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ status: 202, content: {} });
  });

  it('wraps and indents errors too; 401 keeps its status for the Digest handshake', async () => {
    const r = await client.create({ name: 'x' }, { query: 'envelope=true&pretty=true' });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe(400);
    expect(r.json.content).toMatchObject({ error: 400, errorCode: 'VALIDATION_ERROR' });
    expect(r.text.split('\n').length).toBeGreaterThan(3);
    const d = await client.create(https(uniqueName('x')), { query: 'envelope=true', path: client.connections({ tenant: 'nope', query: 'envelope=true' }) });
    expect(d.json).toMatchObject({ status: 404, content: { errorCode: 'STREAM_TENANT_NOT_FOUND_FOR_NAME' } });
    const u = await client.req({ path: client.connections({ query: 'envelope=true' }), auth: { kind: 'none' } });
    expect(u.status).toBe(401);
    expect(u.json).toMatchObject({ status: 401, content: { error: 401 } });
  });

  it('answers an invalid envelope value 400', async () => {
    expectApiError(await client.req({ path: client.connections({ query: 'envelope=maybe' }) }), 400, 'INVALID_QUERY_PARAMETER');
  });
});

describe('get, delete, list', () => {
  it('reads back a created connection, deletes it 202, then GET answers 404 STREAM_CONNECTION_NOT_FOUND_FOR_NAME', async () => {
    const name = uniqueName('rb/with slash');
    await client.create(kafka(name));
    const got = await client.req({ path: client.connections({ name }) });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe(VENDOR);
    expect(got.json).toMatchObject({ name, type: 'Kafka' });
    expect(got.text).not.toContain(SECRET);
    const del = await client.req({ method: 'DELETE', path: client.connections({ name }) });
    expect(del.status).toBe(202);
    expectApiError(await client.req({ path: client.connections({ name }) }), 404, 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME');
    expectApiError(await client.req({ method: 'DELETE', path: client.connections({ name }) }), 404, 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME');
  });

  it('pages the list with itemsPerPage/pageNum and refuses out-of-range values', async () => {
    const all = await client.req({ path: client.connections({ query: 'itemsPerPage=500' }) });
    expect(contract.validateListBody(all.json)).toEqual([]);
    expect(all.text).not.toContain(SECRET);
    const total = all.json.totalCount as number;
    expect(total).toBeGreaterThan(2);
    const p2 = await client.req({ path: client.connections({ query: 'itemsPerPage=2&pageNum=2' }) });
    expect(p2.json.results.map((x: { name: string }) => x.name)).toEqual(all.json.results.slice(2, 4).map((x: { name: string }) => x.name));
    expect(p2.json.totalCount).toBe(total);
    for (const q of ['itemsPerPage=0', 'itemsPerPage=501', 'pageNum=0', 'itemsPerPage=abc']) {
      expectApiError(await client.req({ path: client.connections({ query: q }) }), 400);
    }
    expect((await client.req({ path: client.connections({ query: 'includeCount=true' }) })).status).toBe(200);
  });

  it('shows DELETING for the configured time before the connection is gone', async () => {
    const slow = await startTarget({ config: { ...DEFAULT_CONFIG, deletingMs: 300 } });
    try {
      const c = new Client(slow.info);
      const name = uniqueName('slow');
      expect((await c.create(https(name))).status).toBe(200);
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }) })).status).toBe(202);
      const during = await c.req({ path: c.connections({ name }) });
      expect(during.json.state).toBe('DELETING');
      expect((await c.create(https(name))).status).toBe(409);
      await new Promise((r) => setTimeout(r, 400));
      expect((await c.req({ path: c.connections({ name }) })).status).toBe(404);
    } finally {
      await slow.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 ApiError with Retry-After once the bucket is empty', async () => {
    const limited = await startTarget({ config: { ...DEFAULT_CONFIG, rateLimit: { capacity: 3, refillPerSecond: 0.5 } } });
    try {
      const c = new Client(limited.info);
      const rs = [];
      for (let i = 0; i < 5; i++) rs.push(await send(limited.url, { method: 'GET', path: c.connections(), headers: {} }));
      const limitedRes = rs.find((r) => r.status === 429)!;
      expect(limitedRes).toBeDefined();
      expect(limitedRes.json).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED', reason: 'Too Many Requests' });
      expect(limitedRes.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(rs[0]!.headers['ratelimit-limit']).toBe('3');
    } finally {
      await limited.close();
    }
  });
});
