// Garbage in, never a 5xx out, and the target keeps serving: random bodies, headers, paths and raw bytes.
import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { ACCEPT, kafka, type Res, SECRET, send, uniqueName, referenceTargetForFile } from './helpers';

const ref = referenceTargetForFile();

const contract = loadContract();

function expectSane(r: Res) {
  expect(r.status).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.headers['content-type']).toBe('application/json');
    const body = r.json && typeof r.json === 'object' && 'content' in r.json && 'status' in r.json ? r.json.content : r.json;
    expect(contract.validateApiError(body)).toEqual([]);
  }
  expect(r.text).not.toContain(SECRET);
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 80 });

describe('fuzz', () => {
  it('survives random JSON values and mutated valid bodies', async () => {
    const mutated = fc.tuple(fc.constantFrom('name', 'type', 'bootstrapServers', 'authentication', 'security', 'config', 'networking', 'region'), fc.jsonValue()).map(([k, v]) => ({ ...kafka(uniqueName('fz')), [k]: v }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated), async (body) => {
        expectSane(await ref.client.create(body));
      }),
      { numRuns: 150 },
    );
  });

  it('survives random bytes as a body under both JSON media types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('application/json', 'application/vnd.atlas.2023-02-01+json'), async (bytes, ct) => {
        expectSane(await ref.client.req({ method: 'POST', path: ref.client.connections(), body: Buffer.from(bytes), headers: { 'content-type': ct } }));
      }),
      { numRuns: 100 },
    );
  });

  it('survives random Accept, Content-Type and Authorization headers', async () => {
    await fc.assert(
      fc.asyncProperty(printable, printable, printable, fc.constantFrom('GET', 'POST', 'DELETE'), async (accept, ct, authz, method) => {
        const r = await send(ref.target.url, {
          method,
          path: ref.client.connections({ name: method === 'POST' ? undefined : 'x' }),
          headers: { accept, 'content-type': ct, authorization: authz },
          body: method === 'POST' ? JSON.stringify(kafka(uniqueName('fz'))) : undefined,
        } as never);
        expectSane(r);
      }),
      { numRuns: 150 },
    );
  });

  it('survives random paths, query strings and broken percent-escapes, authenticated or not', async () => {
    const segment = fc.oneof(printable.map((s) => s.replace(/[/?#\s]/g, '')), fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '..', 'connections', 'streams', 'groups'));
    const path = fc.tuple(
      fc.constantFrom('', '/api/atlas/v2/groups/', `/api/atlas/v2/groups/${ref.target?.info?.groupId ?? '64a1b2c3d4e5f60718293a4b'}/streams/`),
      fc.array(segment, { maxLength: 6 }),
      fc.option(printable.map((q) => q.replace(/[#\s]/g, '')), { nil: undefined }),
    ).map(([prefix, segs, q]) => `${prefix.startsWith('/') ? prefix : '/'}${segs.join('/')}${q === undefined ? '' : `?${q}`}`);
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), fc.boolean(), async (p, method, authed) => {
        const r = await ref.client.req({ method, path: p, auth: authed ? ref.client.admin() : { kind: 'none' }, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    // Well-formed but odd names and tenants go through the whole pipeline.
    for (const name of ['%E0%A4%A', 'a%2Fb', '..', '%00']) {
      expect((await ref.client.req({ path: `${ref.client.connections()}/${name}` })).status).toBeLessThan(500);
      expect((await ref.client.req({ path: ref.client.connections({ tenant: decodeURIComponentSafe(name) }) })).status).toBeLessThan(500);
    }
  });

  it('answers raw garbage on the socket without 5xx and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), async (bytes) => {
        const reply = await new Promise<string>((resolve) => {
          const u = new URL(ref.target.url);
          const s = connect(Number(u.port), u.hostname);
          let got = '';
          s.on('data', (d) => (got += d.toString('latin1')));
          s.on('error', () => resolve(got));
          s.on('close', () => resolve(got));
          s.on('connect', () => {
            s.write(Buffer.from(bytes));
            s.write('\r\n\r\n');
            setTimeout(() => s.destroy(), 150);
          });
        });
        expect(reply).not.toMatch(/^HTTP\/1\.[01] 5/);
      }),
      { numRuns: 40 },
    );
    expect((await ref.client.req({ path: ref.client.connections() })).status).toBe(200);
    // A Digest request still works after all of it.
    expect((await ref.client.create(kafka(uniqueName('after')))).status).toBe(200);
  });

  it('answers a request that is not HTTP with a JSON 400 ApiError', async () => {
    const reply = await new Promise<string>((resolve) => {
      const u = new URL(ref.target.url);
      const s = connect(Number(u.port), u.hostname, () => s.write('NOT HTTP AT ALL\r\n\r\n'));
      let got = '';
      s.on('data', (d) => (got += d.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toContain('Content-Type: application/json');
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
    expect(contract.validateApiError(body)).toEqual([]);
    expect(body.error).toBe(400);
  });

  it('answers an enveloped garbage request with a sane envelope', async () => {
    const r = await ref.client.req({ method: 'POST', path: ref.client.connections({ query: 'envelope=true' }), body: '{{{', headers: { accept: ACCEPT } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 400, content: { error: 400 } });
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
