// Profile v1.1, "the vendor's service as observed": answers without `links`, with server defaults the request did
// not send (id, state PENDING or READY, region, networking.access.type PUBLIC), read-only fields sent and ignored,
// and `charset` in the media type all conform. Every oracle that looks at a connection object is run over every
// type's deterministic valid bodies answered that way: none may fail.
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { CONNECTION_TYPES } from '../../contracts/types';
import { createGenContext, enumerateValid } from '../../generators';
import { duplicate409, echoFields, envelope, pretty, readBack, responseNameType, responseSchema, successMediaType } from '../../oracles';
import { isPlainObject } from '../../util/json';
import { apiError, res } from './exchanges';

const contract = loadContract();
const CHARSET = 'application/vnd.atlas.2023-02-01+json;charset=utf-8';

/** What the vendor answers for `body`: write-only fields dropped, no links anywhere, its own defaults added. */
function vendorAnswer(body: Record<string, unknown>, writeOnly: readonly string[], state: 'PENDING' | 'READY'): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  for (const p of writeOnly) {
    const segs = p.split('.');
    let cur: unknown = copy;
    for (const s of segs.slice(0, -1)) cur = isPlainObject(cur) ? cur[s] : undefined;
    if (isPlainObject(cur)) delete cur[segs[segs.length - 1]!];
  }
  const stripLinks = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(stripLinks);
    if (!isPlainObject(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'links').map(([k, x]) => [k, stripLinks(x)]));
  };
  const out = stripLinks(copy) as Record<string, unknown>;
  return { id: '6720f1a2b3c4d5e6f7a8b9c0', state, region: 'VIRGINIA_USA', networking: { access: { type: 'PUBLIC' } }, ...out };
}

describe.each(CONNECTION_TYPES)('%s answered as the vendor answers', (type) => {
  const bodies = enumerateValid(type, createGenContext({ runPrefix: 'vo' }), 7) as unknown as Record<string, unknown>[];
  // A body that sent networking keeps it as sent; the default is added only where the request had none.
  const writeOnly = contract.writeOnlyPaths(type);

  it('passes every oracle on a created connection', () => {
    for (const body of bodies) {
      const back = vendorAnswer(body, writeOnly, 'PENDING');
      const ex = res(200, { json: back, headers: { 'content-type': CHARSET } });
      const ok = (v: { ok: boolean; message?: string }) => expect(v, JSON.stringify({ body, back })).toMatchObject({ ok: true });
      ok(successMediaType(ex));
      ok(responseSchema(ex, contract));
      ok(responseNameType(body, ex));
      ok(echoFields(body, back, writeOnly));
      ok(readBack(body, res(200, { json: vendorAnswer(body, writeOnly, 'READY'), headers: { 'content-type': CHARSET } })));
      const before = res(200, { json: back });
      const after = res(200, { json: vendorAnswer(body, writeOnly, 'READY') });
      ok(duplicate409(apiError(409, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), before, after));
      const env = res(200, { json: { status: 200, content: { ...back, name: 'other' } }, headers: { 'content-type': CHARSET } });
      ok(envelope(env, { status: 200, content: back, ignore: ['name', 'id', 'state', 'links'] }));
      ok(pretty(res(200, { body: JSON.stringify({ ...back, name: 'other' }, null, 2), headers: { 'content-type': CHARSET } }), back, ['name', 'id', 'state', 'links']));
    }
  });

  it('passes read-only fields sent and ignored (dbRoleToExecute.links: [])', () => {
    if (type !== 'Cluster') return;
    const body = { ...bodies[0]!, dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN', links: [] } };
    const back = vendorAnswer({ ...body, dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN' } }, writeOnly, 'READY');
    expect(echoFields(body, back, writeOnly)).toMatchObject({ ok: true });
    expect(responseSchema(res(200, { json: back, headers: { 'content-type': CHARSET } }), contract)).toMatchObject({ ok: true });
  });
});

describe('PLAINTEXT', () => {
  it('is echoed like any protocol and no Kafka response with it fails the schema', () => {
    const body = { name: 'k', type: 'Kafka', bootstrapServers: 'a:9092', authentication: { mechanism: 'PLAIN', username: 'u', password: 'p-secret-1' }, security: { protocol: 'PLAINTEXT' } };
    const back = vendorAnswer(body, contract.writeOnlyPaths('Kafka'), 'READY');
    expect(responseSchema(res(200, { json: back }), contract)).toMatchObject({ ok: true });
    expect(echoFields(body, back, contract.writeOnlyPaths('Kafka'))).toMatchObject({ ok: true });
  });
});
