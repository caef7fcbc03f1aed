// Every fault switch of reference/faults.ts changes the target's behaviour as its description says: one probe per
// fault, observed on a clean target and on a target with only that fault switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type FaultName } from '../../reference/faults';
import { type RunningTarget, startTarget } from '../../reference/server';
import { ACCEPT, Client, https, kafka, parseCreds, SECRET, send, uniqueName, VENDOR } from './helpers';

interface Probe {
  observe(c: Client): Promise<unknown>;
  clean: unknown;
  faulty: unknown;
}

const status = (p: Promise<{ status: number }>) => p.then((r) => r.status);
const upper = (c: Client) => c.info.groupId.toUpperCase();

const PROBES: Record<FaultName, Probe> = {
  'status-201': { observe: (c) => status(c.create(kafka(uniqueName()))), clean: 200, faulty: 201 },
  'success-json-media-type': { observe: async (c) => (await c.create(kafka(uniqueName()))).headers['content-type'], clean: VENDOR, faulty: 'application/json' },
  'response-bad-state': { observe: async (c) => (await c.create(kafka(uniqueName()))).json.state, clean: 'READY', faulty: 'ACTIVE' },
  'response-wrong-name': {
    observe: async (c) => {
      const name = uniqueName('wrong-name');
      const r = await c.create(kafka(name));
      return [r.json.name === name, (await c.req({ path: c.connections({ name }) })).json.name === name];
    },
    clean: [true, true],
    faulty: [false, true],
  },
  'leak-password': { observe: async (c) => (await c.create(kafka(uniqueName()))).text.includes(SECRET), clean: false, faulty: true },
  'leak-secret-in-error': {
    observe: async (c) => {
      const r = await c.create(kafka(uniqueName(), { bootstrapServers: 7 }));
      return [r.status, r.text.includes(SECRET)];
    },
    clean: [400, false],
    faulty: [400, true],
  },
  'accept-invalid': { observe: (c) => status(c.create({ name: uniqueName(), type: 'Nope', port: 'x' })), clean: 400, faulty: 200 },
  '500-on-unknown-property': {
    observe: async (c) => [await status(c.create({ ...https(uniqueName()), surprise: 1 })), await status(c.create(https(uniqueName())))],
    clean: [200, 200],
    faulty: [500, 200],
  },
  'error-status-mismatch': {
    observe: async (c) => {
      const r = await c.req({ path: c.connections(), auth: { kind: 'none' } });
      return [r.status, r.json.error];
    },
    clean: [401, 401],
    faulty: [401, 402],
  },
  'auth-optional': {
    observe: async (c) => [
      await status(c.create(https(uniqueName()), { auth: { kind: 'none' } })),
      await status(c.req({ path: c.connections(), auth: { kind: 'bearer', token: 'wrong' } })),
    ],
    clean: [401, 401],
    faulty: [200, 401],
  },
  'auth-accept-wrong-password': {
    observe: async (c) => [
      await status(c.create(https(uniqueName()), { auth: { kind: 'digest', user: parseCreds(c.info.auth).user, password: 'wrong' } })),
      await status(c.req({ path: c.connections(), auth: { kind: 'bearer', token: 'wrong' } })),
      await status(c.req({ path: c.connections(), auth: { kind: 'none' } })),
    ],
    clean: [401, 401, 401],
    faulty: [200, 200, 401],
  },
  'ignore-roles': { observe: (c) => status(c.create(https(uniqueName()), { auth: c.readonly() })), clean: 403, faulty: 200 },
  'group-id-case-insensitive': {
    observe: async (c) => [
      await status(c.create(https(uniqueName()), { path: c.connections({ group: upper(c) }) })),
      await status(c.create(https(uniqueName()), { path: c.connections({ group: 'not-a-group' }) })),
      await status(c.create(https(uniqueName()), { path: c.connections({ group: 'cccccccccccccccccccccccc' }) })),
    ],
    clean: [400, 400, 404],
    faulty: [200, 200, 404],
  },
  'unknown-group-400': {
    observe: async (c) => [await status(c.create(https(uniqueName()), { path: c.connections({ group: 'cccccccccccccccccccccccc' }) })), await status(c.create(https(uniqueName()), { path: c.connections({ group: 'XYZ' }) }))],
    clean: [404, 400],
    faulty: [400, 400],
  },
  'unknown-tenant-400': { observe: (c) => status(c.create(https(uniqueName()), { path: c.connections({ tenant: 'nope' }) })), clean: 404, faulty: 400 },
  'duplicate-overwrites': {
    observe: async (c) => {
      const name = uniqueName('dup');
      await c.create(kafka(name));
      const second = await c.create(kafka(name, { bootstrapServers: 'changed.example.com:9092' }));
      return [second.status, (await c.req({ path: c.connections({ name }) })).json.bootstrapServers];
    },
    clean: [409, 'broker-1.example.com:9092,broker-2.example.com:9092'],
    faulty: [409, 'changed.example.com:9092'],
  },
  'racy-create': {
    observe: async (c) => {
      const name = uniqueName('race');
      await c.challenge(parseCreds(c.info.auth).user);
      const rs = await Promise.all(Array.from({ length: 20 }, () => c.create(kafka(name))));
      const wins = rs.filter((r) => r.status === 200).length;
      const later = await status(c.create(kafka(name)));
      return [wins > 1, later];
    },
    clean: [false, 409],
    faulty: [true, 409],
  },
  'envelope-ignored': { observe: async (c) => (await c.req({ path: c.connections({ query: 'envelope=true' }) })).json.status, clean: 200, faulty: undefined },
  '429-without-retry-after': {
    observe: async (c) => {
      const rs = [];
      for (let i = 0; i < 30; i++) rs.push(await send(c.base, { method: 'GET', path: c.connections(), headers: { accept: ACCEPT } }));
      const limited = rs.filter((r) => r.status === 429);
      return {
        limited: limited.length,
        retryAfter: limited.some((r) => r.headers['retry-after'] !== undefined),
        apiError: limited.every((r) => r.json?.error === 429 && r.headers['content-type'] === 'application/json'),
        others: [...new Set(rs.filter((r) => r.status !== 429).map((r) => r.status))],
      };
    },
    clean: { limited: 0, retryAfter: false, apiError: true, others: [401] },
    faulty: { limited: 1, retryAfter: false, apiError: true, others: [401] },
  },
  'essentials-optional': {
    observe: async (c) => [await status(c.create({ name: uniqueName(), type: 'Kafka' })), await status(c.create({ name: 'unknown_source', type: 'Sample' })), await status(c.create({ ...https(''), name: '' }))],
    clean: [400, 400, 400],
    faulty: [200, 200, 200],
  },
  'kafka-enums-unchecked': {
    observe: async (c) => [
      await status(c.create(kafka(uniqueName(), { authentication: { mechanism: 'GSSAPI' }, security: { protocol: 'PLAINTEXT' } }))),
      await status(c.create(kafka(uniqueName(), { authentication: { mechanism: 'PLAIN' } }))),
    ],
    clean: [400, 400],
    faulty: [200, 200],
  },
  '422-for-invalid': { observe: (c) => status(c.create({ name: 'x' })), clean: 400, faulty: 422 },
  'ignore-content-type': { observe: (c) => status(c.create(https(uniqueName()), { headers: { 'content-type': 'text/plain' } })), clean: 415, faulty: 200 },
  'no-body-limit': { observe: (c) => status(c.create({ ...https(uniqueName()), pad: 'x'.repeat(1100 * 1024) })), clean: 413, faulty: 200 },
  'drop-config': {
    observe: async (c) => {
      const name = uniqueName();
      const r = await c.create(kafka(name));
      const h = await c.create(https(uniqueName()));
      return [r.json.config !== undefined, h.json.headers !== undefined, (await c.req({ path: c.connections({ name }) })).json.config !== undefined];
    },
    clean: [true, true, true],
    faulty: [false, false, false],
  },
  'wrong-reason': { observe: async (c) => (await c.req({ path: c.connections(), auth: { kind: 'none' } })).json.reason, clean: 'Unauthorized', faulty: 'Error' },
  'generic-error-codes': {
    observe: async (c) => {
      const name = uniqueName();
      await c.create(https(name));
      return [
        (await c.create(https(name))).json.errorCode,
        (await c.req({ path: c.connections({ tenant: 'nope' }) })).json.errorCode,
        (await c.req({ path: c.connections(), headers: { accept: 'application/json' } })).json.errorCode,
        (await c.create({ name: 'x' })).json.errorCode,
      ];
    },
    clean: ['STREAM_CONNECTION_NAME_ALREADY_EXISTS', 'STREAM_TENANT_NOT_FOUND_FOR_NAME', 'INVALID_VERSION_DATE', 'VALIDATION_ERROR'],
    faulty: ['UNEXPECTED_ERROR', 'UNEXPECTED_ERROR', 'UNEXPECTED_ERROR', 'VALIDATION_ERROR'],
  },
  'ignore-accept': {
    observe: async (c) => [await status(c.create(https(uniqueName()), { headers: { accept: undefined } })), await status(c.req({ path: c.connections(), headers: { accept: 'application/vnd.atlas.1999-01-01+json' } }))],
    clean: [406, 406],
    faulty: [200, 200],
  },
  'pretty-ignored': { observe: async (c) => (await c.req({ path: c.connections({ query: 'pretty=true' }) })).text.includes('\n'), clean: true, faulty: false },
  'read-back-wrong-type': {
    observe: async (c) => {
      const name = uniqueName();
      const created = await c.create(kafka(name));
      return [created.json.type, (await c.req({ path: c.connections({ name }) })).json.type];
    },
    clean: ['Kafka', 'Kafka'],
    faulty: ['Kafka', 'kafka'],
  },
  'name-folded-back': {
    observe: async (c) => {
      const name = ` ${uniqueName('Folded')} `;
      const created = await c.create(kafka(name));
      return [created.json.name === name, (await c.req({ path: c.connections({ name }) })).json.name === name];
    },
    clean: [true, true],
    faulty: [false, false],
  },
  '500-on-long-name': {
    observe: async (c) => [await status(c.create(kafka(uniqueName().padEnd(65, 'x')))), await status(c.create(kafka(uniqueName().padEnd(64, 'x'))))],
    clean: [200, 200],
    faulty: [500, 200],
  },
  'empty-name-accepted': {
    observe: async (c) => [await status(c.create(kafka(''))), await status(c.create(kafka('  \t ')))],
    clean: [400, 200],
    faulty: [200, 200],
  },
  'hang-on-non-ascii-name': {
    observe: async (c) => {
      // The hanging create is left behind: the target closes its connections when it stops.
      const answered = (p: Promise<unknown>) => Promise.race([p.then(() => 'answered', () => 'answered'), new Promise((r) => setTimeout(() => r('hung'), 1000))]);
      return [await answered(c.create(kafka(uniqueName('ascii')))), await answered(c.create(kafka(`${uniqueName('n')}-é`)))];
    },
    clean: ['answered', 'answered'],
    faulty: ['answered', 'hung'],
  },
  '429-every-third-create': {
    observe: async (c) => {
      const rs = [];
      for (let i = 0; i < 6; i++) rs.push(await c.create(kafka(uniqueName())));
      return rs.map((r) => (r.status === 429 ? `429${r.headers['retry-after'] === undefined ? '' : ' with Retry-After'}` : r.status));
    },
    clean: [200, 200, 200, 200, 200, 200],
    faulty: [200, 200, '429', 200, 200, '429'],
  },
  'delete-ignored': {
    observe: async (c) => {
      const name = uniqueName();
      await c.create(kafka(name));
      const del = await status(c.req({ method: 'DELETE', path: c.connections({ name }) }));
      return [del, await status(c.req({ path: c.connections({ name }) }))];
    },
    clean: [202, 404],
    faulty: [202, 200],
  },
  'path-decoded-twice': {
    // `%63onformance-tenant` encoded once more: decoded once, a name no stream instance has.
    observe: async (c) => {
      const t = c.info.tenant;
      const once = `%${t.charCodeAt(0).toString(16)}${t.slice(1)}`;
      return status(c.req({ method: 'POST', path: c.connections({ tenant: once }), body: JSON.stringify(kafka(uniqueName())) }));
    },
    clean: 404,
    faulty: 200,
  },
  '500-on-deep-nesting': {
    observe: async (c) => {
      const nest = (d: number): unknown => (d === 0 ? 'x' : { d: nest(d - 1) });
      return [await status(c.create(kafka(uniqueName(), { extra: nest(150) }))), await status(c.create(kafka(uniqueName(), { extra: nest(50) })))];
    },
    clean: [200, 200],
    faulty: [500, 200],
  },
  '500-on-lone-surrogate': {
    observe: async (c) => {
      const text = JSON.stringify(kafka(uniqueName())).replace('{', '{"region":"a\\ud800",');
      return status(c.req({ method: 'POST', path: c.connections(), body: text }));
    },
    clean: 200,
    faulty: 500,
  },
  '500-on-unknown-query-flag': {
    observe: async (c) => [await status(c.create(kafka(uniqueName()), { query: 'sc-unknown=1' })), await status(c.create(kafka(uniqueName()), { query: 'pretty=false' }))],
    clean: [200, 200],
    faulty: [500, 200],
  },
  'pretty-ignored-on-errors': {
    observe: async (c) => [(await c.create({ type: 'Kafka' }, { query: 'pretty=true' })).text.includes('\n'), (await c.create(kafka(uniqueName()), { query: 'pretty=true' })).text.includes('\n')],
    clean: [true, true],
    faulty: [false, true],
  },
  'name-unique-per-type': {
    observe: async (c) => {
      const name = uniqueName();
      return [await status(c.create(kafka(name))), await status(c.create(https(name))), (await c.req({ path: c.connections({ name }) })).json.type];
    },
    clean: [200, 409, 'Kafka'],
    faulty: [200, 200, 'Https'],
  },
};

let clean: RunningTarget;
beforeAll(async () => {
  clean = await startTarget();
});
afterAll(() => clean.close());

describe('fault switches', () => {
  it('has a probe for every fault of the catalogue', () => {
    expect(Object.keys(PROBES).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  for (const fault of FAULTS) {
    it(`${fault.name}: ${fault.description}`, async () => {
      const probe = PROBES[fault.name];
      expect(await probe.observe(new Client(clean.info))).toEqual(probe.clean);
      const faulty = await startTarget({ faults: [fault.name] });
      try {
        expect(await probe.observe(new Client(faulty.info))).toEqual(probe.faulty);
      } finally {
        await faulty.close();
      }
    });
  }
});
