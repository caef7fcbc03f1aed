// The pure pieces of compare: the field-by-field diff and what it leaves aside, the mapping of names, project and
// stream instance (and its undoing), the classification by sided rule failures, the replay plan and its groups,
// and that a lost answer is never a divergence.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../client/exchange';
import type { Judgement } from '../../oracles';
import { classify, sidedFailures } from '../../traffic/compare/classify';
import { diffAnswers, diffJson } from '../../traffic/compare/diff';
import { compareAnswers } from '../../traffic/compare';
import { buildMapping, freshPrefix, mapBody, mapName, mapPath, recordedPrefix, unmapper } from '../../traffic/compare/mapping';
import { planReplay, sendGroups } from '../../traffic/compare/plan';
import type { Recorded } from '../../traffic/har-read';
import { selectOperations } from '../../traffic/select';

const G = '64a1b2c3d4e5f60718293a4b';
const BASE = `http://rec.example/api/atlas/v2/groups/${G}/streams/tenant-a/connections`;
const VENDOR = 'application/vnd.atlas.2023-02-01+json';

type Res = Extract<Exchange, { outcome: 'response' }>['response'];
function res(status: number, json: unknown, type = status < 300 ? VENDOR : 'application/json', text?: string): Res {
  return { status, statusText: '', headers: { 'content-type': type }, body: text ?? JSON.stringify(json), json };
}

let seq = 0;
function recorded(method: Exchange['request']['method'], url: string, opts: { body?: unknown; status?: number; json?: unknown; at?: number; ms?: number; auth?: boolean; lost?: boolean } = {}): Recorded {
  const request = { method, url, headers: { accept: VENDOR, ...(opts.auth === false ? {} : { authorization: 'Digest x' }), ...(opts.body !== undefined ? { 'content-type': VENDOR } : {}) }, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) };
  const base = { id: `r${++seq}`, request, startedAt: new Date(opts.at ?? seq * 1000).toISOString(), durationMs: opts.ms ?? 10 };
  const exchange: Exchange = opts.lost ? { ...base, outcome: 'transport-error', error: { kind: 'reset', message: 'socket hang up' } } : { ...base, outcome: 'response', response: res(opts.status ?? 200, opts.json ?? {}) };
  return { exchange, source: `rec.har entry ${seq}`, responseBodyMissing: false, requestBodyMissing: false, noTiming: false, unanswered: false };
}

const kafka = (name: string) => ({ name, type: 'Kafka', bootstrapServers: 'b:9092', authentication: { mechanism: 'PLAIN', username: 'u', password: 'p' }, security: { protocol: 'SSL' } });

describe('diffJson: field by field, with what is legitimately different left aside', () => {
  it('names each differing or one-sided field by its JSON path', () => {
    const d = diffJson({ name: 'a', config: { x: '1', y: '2' }, list: [1, 2] }, { name: 'a', config: { x: '9' }, list: [1, 2, 3], region: 'R' });
    expect(d.map((x) => [x.path, x.recorded, x.replayed])).toEqual([
      ['$.config.x', '"1"', '"9"'],
      ['$.config.y', '"2"', '(absent)'],
      ['$.list[2]', '(absent)', '3'],
      ['$.region', '(absent)', '"R"'],
    ]);
  });

  it('ids, links and date-times: values left aside, presence compared; state moving on left aside', () => {
    expect(diffJson({ id: 'a', links: [{ href: 'x' }], at: '2026-01-01T00:00:00Z', state: 'PENDING' }, { id: 'b', links: [], at: '2026-12-05T10:11:12.345Z', state: 'READY' })).toEqual([]);
    expect(diffJson({ links: [] }, {}).map((x) => x.path)).toEqual(['$.links']);
    expect(diffJson({ state: 'READY' }, { state: 'FAILED' }).map((x) => x.path)).toEqual(['$.state']);
  });
});

describe('diffAnswers', () => {
  const same = (s: string) => s;
  it('status, errorCode and media type are divergences of their own; the errorCode is not listed again as a field', () => {
    const d = diffAnswers('create', BASE, res(409, { error: 409, errorCode: 'DUP', detail: 'a' }), res(409, { error: 409, errorCode: 'TAKEN', detail: 'b' }), same);
    expect(d.map((x) => [x.aspect, x.path])).toEqual([['errorCode', undefined], ['body', '$.detail']]);
    // Two statuses: the bodies are not compared field by field (the status stands for them); the errorCode is.
    const two = diffAnswers('create', BASE, res(409, { error: 409, errorCode: 'DUP' }), res(200, { name: 'x' }), same);
    expect(two.map((x) => x.aspect)).toEqual(['status', 'errorCode', 'media-type']);
  });

  it('media type parameters alone are marked (left out when allowed); another essence is not', () => {
    const a = diffAnswers('create', BASE, res(200, {}), res(200, {}, `${VENDOR};charset=utf-8`), same);
    expect(a).toEqual([{ aspect: 'media-type', recorded: JSON.stringify(VENDOR), replayed: JSON.stringify(`${VENDOR};charset=utf-8`), paramsOnly: true }]);
    expect(diffAnswers('create', BASE, res(200, {}), res(200, {}, 'application/json'), same)[0]!.paramsOnly).toBeUndefined();
  });

  it('the mapping is undone in the replayed answer; a listing body is not compared; layout is', () => {
    const unmap = (s: string) => s.replace('fresh', 'rec');
    expect(diffAnswers('get', BASE, res(200, { name: 'rec-1' }), res(200, { name: 'fresh-1' }), unmap)).toEqual([]);
    expect(diffAnswers('list', BASE, res(200, { results: [1] }), res(200, { results: [] }), same)).toEqual([]);
    const pretty = diffAnswers('create', `${BASE}?pretty=true`, res(200, { a: 1 }, VENDOR, '{\n  "a": 1\n}'), res(200, { a: 1 }), same);
    expect(pretty).toEqual([{ aspect: 'layout', recorded: 'multi-line', replayed: 'one line' }]);
  });
});

describe('mapping', () => {
  const ops = selectOperations([
    recorded('POST', BASE, { body: kafka('t1a2b3c-posi-0') }),
    recorded('GET', `${BASE}/t1a2b3c-posi-0`),
    recorded('POST', BASE, { body: kafka('  T1A2B3C-POSI-1-é  ') }),
    recorded('POST', BASE, { body: { name: 'sample_stream_solar', type: 'Sample' } }),
    recorded('POST', BASE, { body: kafka('app-conn') }),
    recorded('POST', `http://rec.example/api/atlas/v2/groups/${G}/streams/other/connections`, { body: kafka('t1a2b3c-x'), status: 404 }),
  ]).operations;
  const m = buildMapping(ops, { groupId: 'fedcba9876543210fedcba98', tenant: 'tenant-b' }, (n) => 'q'.repeat(n))!;

  it('finds the recorded instance and run prefix; fresh names keep length, case and characters', () => {
    expect(m.recorded).toEqual({ groupId: G, tenant: 'tenant-a' });
    expect(recordedPrefix(['t1a2b3c-a', 'x', 't1a2b3c-b'])).toBe('t1a2b3c');
    expect(recordedPrefix(['pw-kafka', 'pw-bad'])).toBeUndefined();
    expect(mapName(m, 't1a2b3c-posi-0')).toBe('qqqqqqq-posi-0');
    expect(mapName(m, '  T1A2B3C-POSI-1-é  ')).toBe('  QQQQQQQ-POSI-1-é  ');
    expect(mapName(m, 'sample_stream_solar')).toBe('sample_stream_solar');
    expect(mapName(m, '   ')).toBe('   ');
    expect(mapName(m, 'app-conn')).toBe('qqqqqqq-app-conn');
    expect(freshPrefix(6, Buffer.from([0, 1, 2, 3, 4, 5]))).toMatch(/^[a-z][a-z0-9]{5}$/);
  });

  it('paths: the recorded group and tenant become the given ones, names their fresh ones, encoding and query kept', () => {
    expect(mapPath(m, `${BASE}/t1a2b3c-posi-1-%C3%A9?pretty=true`)).toBe('/api/atlas/v2/groups/fedcba9876543210fedcba98/streams/tenant-b/connections/qqqqqqq-posi-1-%C3%A9?pretty=true');
    expect(mapPath(m, `http://rec.example/base/api/atlas/v2/groups/000000000000000000000000/streams/tenant-a/connections`)).toBe('/api/atlas/v2/groups/000000000000000000000000/streams/tenant-b/connections');
    expect(mapPath(m, `${BASE}/app-conn`)).toBe('/api/atlas/v2/groups/fedcba9876543210fedcba98/streams/tenant-b/connections/qqqqqqq-app-conn');
  });

  it('bodies: the name mapped, the rest of the text as recorded; undone in answers', () => {
    const text = '{"name":"app-conn",  "type":"Kafka"}';
    expect(mapBody(m, text)).toBe('{"name":"qqqqqqq-app-conn",  "type":"Kafka"}');
    expect(mapBody(m, '{"name":"t1a2b3c-posi-0"')).toBe('{"name":"qqqqqqq-posi-0"');
    const unmap = unmapper(m, [['app-conn', 'qqqqqqq-app-conn']]);
    expect(unmap('qqqqqqq-app-conn in tenant-b of fedcba9876543210fedcba98; QQQQQQQ-POSI-1')).toBe(`app-conn in tenant-a of ${G}; T1A2B3C-POSI-1`);
  });
});

describe('the replay plan', () => {
  it('skips what cannot be sent again, says why, and sends without credentials what was recorded without', () => {
    const ops = selectOperations([
      recorded('POST', BASE, { body: kafka('t1a2b3c-0'), auth: false, status: 401 }),
      recorded('POST', BASE, { body: kafka('t1a2b3c-1'), status: 401 }),
      recorded('POST', BASE, { body: kafka('t1a2b3c-2'), status: 429 }),
      recorded('GET', `${BASE}/t1a2b3c-2`),
    ]).operations;
    const m = buildMapping(ops, { groupId: G, tenant: 'tenant-a' }, (n) => 'z'.repeat(n))!;
    const steps = planReplay(ops, m);
    expect(steps[0]!.send?.credential).toEqual({ kind: 'none' });
    expect(steps[0]!.send?.headers?.authorization).toBeUndefined();
    expect(steps[1]!.skip).toMatch(/credential it does not show/);
    expect(steps[2]!.skip).toMatch(/429/);
    expect(steps[3]!.send).toMatchObject({ method: 'GET', path: `/api/atlas/v2/groups/${G}/streams/tenant-a/connections/zzzzzzz-2` });
    expect(steps[3]!.send?.credential).toBeUndefined();
  });

  it('creates that overlapped in time are sent together', () => {
    const ops = selectOperations([
      recorded('POST', BASE, { body: kafka('t1a2b3c-c'), at: 1000, ms: 50 }),
      recorded('POST', BASE, { body: kafka('t1a2b3c-c'), at: 1010, ms: 50, status: 409 }),
      recorded('POST', BASE, { body: kafka('t1a2b3c-c'), at: 1020, ms: 50, status: 409 }),
      recorded('GET', `${BASE}/t1a2b3c-c`, { at: 2000 }),
    ]).operations;
    const m = buildMapping(ops, { groupId: G, tenant: 'tenant-a' }, (n) => 'z'.repeat(n))!;
    expect(sendGroups(planReplay(ops, m)).map((g) => g.length)).toEqual([3, 1]);
  });
});

describe('classification', () => {
  const j = (rule: Judgement['rule'], ok: boolean): Judgement => (ok ? { ok: true, rule } : { ok: false, message: `${rule} broken`, rule }) as Judgement;
  it('allowed when both sides pass (or fail the same rules); charset-only media types then left out', () => {
    expect(sidedFailures([j('no-5xx', true), j('echo-fields', false)], [j('echo-fields', false)])).toEqual([]);
    const raw = [{ aspect: 'body' as const, path: '$.region', recorded: '(absent)', replayed: '"R"' }, { aspect: 'media-type' as const, recorded: 'a', replayed: 'a;charset=utf-8', paramsOnly: true }];
    expect(classify(raw, [])).toEqual([{ aspect: 'body', path: '$.region', recorded: '(absent)', replayed: '"R"', class: 'allowed' }]);
  });

  it('a failure names the rule and the side that fails it; a one-sided failure with nothing else different shows as a verdict', () => {
    const failing = sidedFailures([j('status-200', true)], [j('status-200', false)]);
    expect(failing).toEqual([{ rule: 'status-200', side: 'replayed', message: 'status-200 broken' }]);
    expect(classify([{ aspect: 'status', recorded: '200', replayed: '201' }], failing)[0]!.class).toBe('failure');
    expect(classify([], failing)).toEqual([{ aspect: 'verdict', recorded: 'passes', replayed: 'fails status-200', class: 'failure', rules: ['status-200'] }]);
  });

  it('where every failing rule names its fields, only the differences in those fields are failures', () => {
    const failing = sidedFailures([], [{ ok: false, message: '$.config["linger.ms"] sent "1" is missing from the response', rule: 'echo-fields' } as Judgement]);
    const raw = [
      { aspect: 'body' as const, path: '$.config', recorded: '{"linger.ms":"1"}', replayed: '(absent)' },
      { aspect: 'body' as const, path: '$.links', recorded: '[]', replayed: '(absent)' },
    ];
    expect(classify(raw, failing).map((d) => [d.path, d.class, d.rules])).toEqual([
      ['$.config', 'failure', ['echo-fields']],
      ['$.links', 'allowed', undefined],
    ]);
    // A failing rule that names no field of the answer (a status, a shape) makes every difference a failure.
    const both = [...failing, { rule: 'status-200' as const, side: 'replayed' as const, message: 'expected 200, got 201 Created' }];
    expect(classify(raw, both).map((d) => d.class)).toEqual(['failure', 'failure']);
  });

  it('a lost answer, on either side, is a transport incident and never a divergence', () => {
    const ops = selectOperations([recorded('POST', BASE, { body: kafka('t1a2b3c-0'), lost: true }), recorded('GET', `${BASE}/t1a2b3c-0`)]).operations;
    const m = buildMapping(ops, { groupId: G, tenant: 'tenant-a' }, (n) => 'z'.repeat(n))!;
    const [create, get] = planReplay(ops, m);
    const lostReplay: Exchange = { id: 'x', request: get!.op.rec.exchange.request, startedAt: '', durationMs: 1, outcome: 'transport-error', error: { kind: 'timeout', message: 'no response within 1000 ms' } };
    const c = compareAnswers([{ step: create!, exchange: get!.op.rec.exchange }, { step: get!, exchange: lostReplay }], () => [], () => [j('no-5xx', false)], (s) => s, false);
    expect(c.lost.map((l) => l.side)).toEqual(['recorded', 'replayed']);
    expect(c.exchanges).toEqual([]);
    expect(c.failures + c.allowed + c.compared).toBe(0);
  });

  it('which create of a race wins is the target\'s: the race compared as a whole, by its statuses', () => {
    const race = (first: number, second: number) => [
      recorded('POST', BASE, { body: kafka('t1a2b3c-r'), status: first, at: 5000, ms: 50 }),
      recorded('POST', BASE, { body: kafka('t1a2b3c-r'), status: second, at: 5001, ms: 50 }),
    ];
    const ops = selectOperations(race(200, 409)).operations;
    const m = buildMapping(ops, { groupId: G, tenant: 'tenant-a' }, (n) => 'z'.repeat(n))!;
    const steps = planReplay(ops, m);
    const [won, lost] = race(409, 200).map((r) => r.exchange);
    const c = compareAnswers([{ step: steps[0]!, exchange: won! }, { step: steps[1]!, exchange: lost! }], () => [], () => [], (s) => s, false);
    expect(c.exchanges).toEqual([]);
    expect(c.identical).toBe(2);
    // Two winners where the recording had one: a difference, answer by answer.
    const [a, b] = race(200, 200).map((r) => r.exchange);
    const twice = compareAnswers([{ step: steps[0]!, exchange: a! }, { step: steps[1]!, exchange: b! }], () => [], () => [], (s) => s, false);
    expect(twice.exchanges.map((e) => e.index)).toEqual([2]);
  });
});
