import { afterEach, describe, expect, it } from 'vitest';
import { BODY_LOG_LIMIT, TargetClient } from '../../client';
import type { Exchange } from '../../client/exchange';
import { closedPort, httpServer, tcpServer } from './servers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function clientFor(url: string, timeoutMs = 300) {
  const client = new TargetClient({ baseUrl: url, credential: { kind: 'none' }, timeoutMs });
  closers.push(() => client.close());
  return client;
}

function transportError(ex: Exchange) {
  if (ex.outcome !== 'transport-error') throw new Error(`expected a transport error, got ${ex.response.status}`);
  return ex.error;
}

describe('a misbehaving target becomes a failed exchange, never a crash or a hang', () => {
  it('timeout: a target that accepts and never answers', async () => {
    const srv = await tcpServer(() => {});
    closers.push(srv.close);
    const client = await clientFor(srv.url, 200);
    const ex = await client.send({ method: 'POST', path: '/x', body: '{}' });
    expect(transportError(ex)).toEqual({ kind: 'timeout', message: 'no response within 200 ms' });
    expect(ex.durationMs).toBeGreaterThanOrEqual(190);
    expect(client.exchangeCount).toBe(1);
  });

  it('timeout: a response that starts but never ends', async () => {
    const srv = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    });
    closers.push(srv.close);
    const client = await clientFor(srv.url, 200);
    expect(transportError(await client.get('g', 't', 'n'))).toEqual({ kind: 'timeout', message: 'response started but did not end within 200 ms' });
  });

  it('reset: a target that resets the connection', async () => {
    const srv = await tcpServer((s) => s.once('data', () => s.resetAndDestroy()));
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    expect(transportError(await client.send({ method: 'GET', path: '/x' })).kind).toBe('reset');
  });

  it('reset: a target that closes without a word, and one that dies mid-body', async () => {
    const quiet = await tcpServer((s) => s.once('data', () => s.end()));
    const midBody = await tcpServer((s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"a":');
        setTimeout(() => s.destroy(), 20);
      }),
    );
    closers.push(quiet.close, midBody.close);
    expect(transportError(await (await clientFor(quiet.url)).send({ method: 'GET', path: '/x' })).kind).toBe('reset');
    expect(transportError(await (await clientFor(midBody.url)).send({ method: 'GET', path: '/x' })).kind).toBe('reset');
  });

  it('garbage: a target that does not speak HTTP', async () => {
    const srv = await tcpServer((s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.0\r\n\r\n\u0000\u0001garbage')));
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    const err = transportError(await client.send({ method: 'GET', path: '/x' }));
    expect(err.kind).toBe('garbage');
    expect(err.message).toMatch(/^not an HTTP response: /);
  });

  it('refused: nothing listens', async () => {
    const port = await closedPort();
    const client = await clientFor(`http://127.0.0.1:${port}`);
    expect(transportError(await client.send({ method: 'GET', path: '/x' })).kind).toBe('refused');
  });

  it('keeps working after failures, on the same client (each single reset retried once, and marked)', async () => {
    let n = 0;
    const srv = await tcpServer((s) =>
      s.once('data', () => {
        if (++n % 2 === 1) s.resetAndDestroy();
        else s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      }),
    );
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const ex = await client.send({ method: 'GET', path: '/x' });
      kinds.push(ex.outcome === 'response' ? ex.response.status : ex.error.kind, ex.transportRetry?.firstError.kind);
    }
    expect(kinds).toEqual([200, 'reset', 200, 'reset', 200, 'reset', 200, 'reset']);
    expect(n).toBe(8);
  });
});

describe('recording', () => {
  it('records lower-case headers, the body sent, the body received and its JSON', async () => {
    const srv = await httpServer((_req, res) => {
      res.setHeader('X-Multi', ['a', 'b']);
      res.writeHead(200, { 'Content-Type': 'application/vnd.atlas.2023-02-01+json' });
      res.end('{"name":"n"}');
    });
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    const ex = await client.send({ method: 'POST', path: '/x', headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' }, body: '{"a":1}' });
    expect(ex.request.headers['content-type']).toBe('application/json');
    expect(ex.request.headers['x-custom']).toBe('v');
    expect(ex.request.headers['content-length']).toBe('7');
    expect(ex.request.body).toBe('{"a":1}');
    expect(ex.request.url).toBe(`${srv.url}/x`);
    if (ex.outcome !== 'response') throw new Error('no response');
    expect(ex.response.headers['x-multi']).toBe('a, b');
    expect(ex.response.json).toEqual({ name: 'n' });
    expect(ex.id).toBe('x-000001');
  });

  it('keeps a prefix of bodies over 64 KiB, with their size, and still parses the JSON', async () => {
    const big = JSON.stringify({ pad: 'p'.repeat(100_000) });
    const srv = await httpServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(big);
    });
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    const ex = await client.send({ method: 'POST', path: '/x', body: Buffer.alloc(200_000, 0x61) });
    expect(ex.request.body?.length).toBe(BODY_LOG_LIMIT);
    expect(ex.request.bodyTruncated).toBe(true);
    expect(ex.request.bodyBytes).toBe(200_000);
    expect(srv.seen[0]!.body.length).toBe(200_000);
    if (ex.outcome !== 'response') throw new Error('no response');
    expect(ex.response.body.length).toBe(BODY_LOG_LIMIT);
    expect(ex.response).toMatchObject({ bodyTruncated: true, bodyBytes: big.length });
    expect((ex.response.json as { pad: string }).pad.length).toBe(100_000);
  });

  it('reuses kept-alive connections', async () => {
    const srv = await httpServer((_req, res) => res.end('ok'));
    closers.push(srv.close);
    const client = await clientFor(srv.url);
    for (let i = 0; i < 30; i++) await client.send({ method: 'GET', path: '/x' });
    expect(srv.connections()).toBe(1);
  });
});
