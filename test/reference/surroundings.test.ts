// What real clients touch around the create call: list paging as the vendor's list operations page (itemsPerPage,
// pageNum, includeCount, totalCount, self/previous/next links), version negotiation as the vendor's own clients
// send it, and headers the target has no use for (User-Agent, unknown ones, Accept-Encoding), never an error.
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { https, kafka, uniqueName, VENDOR, referenceTargetForFile } from './helpers';

// A project of its own, so the list holds exactly what this file creates.
const ref = referenceTargetForFile();

describe('list paging', () => {
  it('pages five connections by two: results, totalCount and self/previous/next links', async () => {
    const names = Array.from({ length: 5 }, () => uniqueName('page'));
    for (const n of names) expect((await ref.client.create(https(n))).status).toBe(200);
    const rels = (r: { json: { links: { rel: string; href: string }[] } }) => Object.fromEntries(r.json.links.map((l) => [l.rel, new URL(l.href).search]));
    const p1 = await ref.client.req({ path: ref.client.connections({ query: 'itemsPerPage=2&pageNum=1' }) });
    expect(p1.json.totalCount).toBe(5);
    expect(p1.json.results).toHaveLength(2);
    expect(rels(p1)).toEqual({ self: '?itemsPerPage=2&pageNum=1', next: '?itemsPerPage=2&pageNum=2' });
    const p2 = await ref.client.req({ path: ref.client.connections({ query: 'itemsPerPage=2&pageNum=2' }) });
    expect(rels(p2)).toEqual({ self: '?itemsPerPage=2&pageNum=2', previous: '?itemsPerPage=2&pageNum=1', next: '?itemsPerPage=2&pageNum=3' });
    const p3 = await ref.client.req({ path: ref.client.connections({ query: 'itemsPerPage=2&pageNum=3' }) });
    expect(p3.json.results).toHaveLength(1);
    expect(rels(p3)).toEqual({ self: '?itemsPerPage=2&pageNum=3', previous: '?itemsPerPage=2&pageNum=2' });
    const seen = [...p1.json.results, ...p2.json.results, ...p3.json.results].map((c: { name: string }) => c.name);
    expect(seen.sort()).toEqual([...names].sort());
    // Past the end: an empty page, not an error.
    const p9 = await ref.client.req({ path: ref.client.connections({ query: 'itemsPerPage=2&pageNum=9' }) });
    expect(p9.status).toBe(200);
    expect(p9.json.results).toEqual([]);
  });

  it('leaves totalCount out for includeCount=false only', async () => {
    expect((await ref.client.req({ path: ref.client.connections({ query: 'includeCount=false' }) })).json).not.toHaveProperty('totalCount');
    for (const q of ['includeCount=true', 'includeCount=whatever', '']) {
      expect((await ref.client.req({ path: ref.client.connections({ query: q }) })).json.totalCount).toEqual(expect.any(Number));
    }
  });

  it('answers GET of an unknown name 404 STREAM_CONNECTION_NOT_FOUND_FOR_NAME', async () => {
    const r = await ref.client.req({ path: ref.client.connections({ name: uniqueName('missing') }) });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: 404, errorCode: 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME', reason: 'Not Found' });
  });
});

describe('version negotiation as the vendor clients send it', () => {
  it('serves Accept 2025-03-12 with Content-Type application/json (the vendor docs, the CLI)', async () => {
    const r = await ref.client.create(kafka(uniqueName('v25')), { headers: { accept: 'application/vnd.atlas.2025-03-12+json', 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(VENDOR);
  });

  it('serves the Go SDK: 2023-02-01 for Accept and Content-Type both, its User-Agent and headers unknown here', async () => {
    const r = await ref.client.create(kafka(uniqueName('go')), {
      headers: { accept: VENDOR, 'content-type': VENDOR, 'user-agent': 'go-atlas-sdk/v20250312001.0.0 (linux; amd64)', 'x-request-id': 'abc', 'x-unknown-header': '1' },
    });
    expect(r.status).toBe(200);
    const list = await ref.client.req({ path: ref.client.connections(), headers: { 'user-agent': 'atlascli/1.40 terraform-provider-mongodbatlas/1.30', 'x-whatever': 'x' } });
    expect(list.status).toBe(200);
  });
});

describe('Accept-Encoding', () => {
  it.each(['gzip', 'gzip, deflate, br', 'identity', '*'])('answers %s with a body the client can read', async (encoding) => {
    const path = ref.client.connections();
    const authorization = `Bearer ${ref.target.info.bearer}`;
    const u = new URL(ref.target.url);
    const got = await new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path, headers: { accept: VENDOR, authorization, 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(got.status).toBe(200);
    const text = got.encoding === 'gzip' ? gunzipSync(got.body).toString('utf8') : got.body.toString('utf8');
    expect(got.encoding === undefined || got.encoding === 'gzip').toBe(true);
    expect(JSON.parse(text).results).toEqual(expect.any(Array));
  });
});
