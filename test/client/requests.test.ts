import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../client/rate-limiter';
import { createRunPolicies, RateLimited, TargetClient } from '../../client';
import type { Exchange } from '../../client/exchange';
import { httpServer } from './servers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const status = (ex: Exchange) => (ex.outcome === 'response' ? ex.response.status : ex.error.kind);

/** Answers 429 `times` times (with the given Retry-After, if any), then 200. */
async function throttling(times: number, retryAfter?: string) {
  let n = 0;
  return httpServer((_req, res) => {
    if (n++ < times) {
      res.writeHead(429, { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}) });
      res.end('{"error":429,"errorCode":"RATE_LIMITED"}');
    } else {
      res.end('{}');
    }
  });
}

describe('429', () => {
  it('waits Retry-After and retries; every 429 is logged and reported', async () => {
    const srv = await throttling(2, '0');
    closers.push(srv.close);
    const logged: Exchange[] = [];
    const seen429: Exchange[] = [];
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, onExchange: (e) => logged.push(e), on429: (e) => seen429.push(e) });
    closers.push(() => client.close());
    const ex = await client.send({ method: 'POST', path: '/x', body: '{}' });
    expect(status(ex)).toBe(200);
    expect(ex.retriedAfter429).toBe(2);
    expect(seen429.map(status)).toEqual([429, 429]);
    expect(logged.map((e) => e.id)).toEqual(['x-000001', 'x-000002', 'x-000003']);
    expect(client.exchangeCount).toBe(3);
    expect(srv.seen.map((s) => s.body)).toEqual(['{}', '{}', '{}']);
  });

  it('honours a Retry-After of 1 second', async () => {
    const srv = await throttling(1, '1');
    closers.push(srv.close);
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' } });
    closers.push(() => client.close());
    expect(status(await client.send({ method: 'GET', path: '/x' }))).toBe(200);
    expect(srv.seen[1]!.at - srv.seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('backs off without Retry-After and, still 429 after maxRetries429, gives the case up (RateLimited)', async () => {
    const srv = await throttling(100);
    closers.push(srv.close);
    const seen429: Exchange[] = [];
    const client = new TargetClient({
      baseUrl: srv.url,
      credential: { kind: 'none' },
      maxRetries429: 2,
      policies: createRunPolicies({ timeoutMs: 10_000, backoff: { baseMs: 10 } }),
      on429: (e) => seen429.push(e),
    });
    closers.push(() => client.close());
    await expect(client.send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(RateLimited);
    expect(seen429.map((e) => e.retriedAfter429 ?? 0)).toEqual([0, 1, 2]);
    expect(srv.seen.length).toBe(3);
  });
});

describe('rate cap', () => {
  it('spaces requests across concurrent sends', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, ratePerSecond: 20 });
    closers.push(() => client.close());
    await Promise.all(Array.from({ length: 5 }, () => client.send({ method: 'GET', path: '/x' })));
    const at = srv.seen.map((s) => s.at).sort((a, b) => a - b);
    expect(at[4]! - at[0]!).toBeGreaterThanOrEqual(4 * 50 - 15);
  });
  it('clients sharing one limiter keep one cap together', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const shared = createRateLimiter(20);
    const clients = [0, 1, 2].map(() => new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, rateLimiter: shared }));
    for (const c of clients) closers.push(() => c.close());
    await Promise.all(clients.flatMap((c) => [c.send({ method: 'GET', path: '/x' }), c.send({ method: 'GET', path: '/y' })]));
    const at = srv.seen.map((s) => s.at).sort((a, b) => a - b);
    expect(at).toHaveLength(6);
    expect(at[5]! - at[0]!).toBeGreaterThanOrEqual(5 * 50 - 15);
  });
});

describe('conveniences', () => {
  it('create sends vendor headers, JSON, encoded path segments and query', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const client = new TargetClient({ baseUrl: `${srv.url}/`, credential: { kind: 'none' } });
    closers.push(() => client.close());
    await client.create('0123456789abcdef01234567', 'inst ü/1', { name: 'n' }, { query: { envelope: 'true', pretty: 'true' } });
    const s = srv.seen[0]!;
    expect(s.method).toBe('POST');
    expect(s.url).toBe('/api/atlas/v2/groups/0123456789abcdef01234567/streams/inst%20%C3%BC%2F1/connections?envelope=true&pretty=true');
    expect(s.headers.accept).toBe('application/vnd.atlas.2023-02-01+json');
    expect(s.headers['content-type']).toBe('application/vnd.atlas.2023-02-01+json');
    expect(JSON.parse(s.body)).toEqual({ name: 'n' });
  });

  it('create takes a raw body and header overrides, null leaving a header out', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' } });
    closers.push(() => client.close());
    await client.create('g', 't', { ignored: true }, { rawBody: '{"broken', headers: { Accept: null, 'Content-Type': 'text/plain' } });
    const s = srv.seen[0]!;
    expect(s.body).toBe('{"broken');
    expect(s.headers.accept).toBeUndefined();
    expect(s.headers['content-type']).toBe('text/plain');
  });

  it('get, delete and list address one connection or the collection', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const client = new TargetClient({ baseUrl: `${srv.url}/prefix`, credential: { kind: 'none' } });
    closers.push(() => client.close());
    await client.get('g', 't', 'connexion-été');
    await client.delete('g', 't', 'a/b');
    await client.list('g', 't', { query: { itemsPerPage: '500', pageNum: '2' } });
    expect(srv.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /prefix/api/atlas/v2/groups/g/streams/t/connections/connexion-%C3%A9t%C3%A9',
      'DELETE /prefix/api/atlas/v2/groups/g/streams/t/connections/a%2Fb',
      'GET /prefix/api/atlas/v2/groups/g/streams/t/connections?itemsPerPage=500&pageNum=2',
    ]);
    expect(srv.seen.every((s) => s.headers.accept === 'application/vnd.atlas.2023-02-01+json')).toBe(true);
  });
});

describe('safety', () => {
  it('only ever sends to the base URL', async () => {
    const client = new TargetClient({ baseUrl: 'http://127.0.0.1:9', credential: { kind: 'none' } });
    closers.push(() => client.close());
    await expect(client.send({ method: 'GET', path: 'http://example.com/' })).rejects.toThrow(TypeError);
    await expect(client.send({ method: 'GET', path: '//example.com/x' })).rejects.toThrow(TypeError);
    await expect(client.send({ method: 'GET', path: '/a b' })).rejects.toThrow(/percent-encoded/);
    expect(client.requestCount).toBe(0);
  });
  it('refuses base URLs it cannot use, without echoing credentials', () => {
    expect(() => new TargetClient({ baseUrl: 'ftp://127.0.0.1', credential: { kind: 'none' } })).toThrow(/http or https/);
    expect(() => new TargetClient({ baseUrl: 'http://u:secretpw@127.0.0.1', credential: { kind: 'none' } })).toThrow(/must not carry credentials/);
    expect(() => new TargetClient({ baseUrl: 'not a url', credential: { kind: 'none' } })).toThrow(/not a URL/);
    expect(() => new TargetClient({ baseUrl: 'http://127.0.0.1', credential: { kind: 'none' }, ratePerSecond: -1 })).toThrow(/positive/);
  });
  it('refuses to send after close', async () => {
    const client = new TargetClient({ baseUrl: 'http://127.0.0.1:9', credential: { kind: 'none' } });
    await client.close();
    await expect(client.send({ method: 'GET', path: '/x' })).rejects.toThrow(/closed/);
  });
});
