// The client's run-wide policies: single transport errors retried once (a create only after checking by name), the
// per-class breaker with its short timeout for classes that hang, the 429 back-off budget and the request budget.
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../client/backoff';
import { Breaker, classesOf } from '../../client/breaker';
import { BudgetExhausted, CircuitOpen, createRunPolicies, policiesReport, TargetClient } from '../../client';
import type { Exchange } from '../../client/exchange';
import { httpServer } from './servers';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const status = (ex: Exchange) => (ex.outcome === 'response' ? ex.response.status : ex.error.kind);

/** A connections API that keeps names, and resets the socket on the creates `resetCreate` picks. */
async function store(resetCreate: (n: number, name: string) => 'reset-after-store' | 'reset-before-store' | 'answer') {
  const names = new Set<string>();
  let creates = 0;
  const srv = await httpServer((req, res, body) => {
    const m = /\/connections\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      const found = names.has(decodeURIComponent(m[1]!));
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const name = (JSON.parse(body) as { name: string }).name;
    const what = resetCreate(++creates, name);
    if (what !== 'reset-before-store') names.add(name);
    if (what === 'answer') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else req.socket.destroy();
  });
  closers.push(srv.close);
  const policies = createRunPolicies({ timeoutMs: 2000 });
  const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, policies });
  closers.push(() => client.close());
  return { srv, client, policies, creates: () => creates };
}

describe('a single transport error', () => {
  it('is retried once when the create did not take effect, and the retry is marked', async () => {
    const t = await store((n) => (n === 1 ? 'reset-before-store' : 'answer'));
    const ex = await t.client.create('g', 't', { name: 'a', type: 'Sample' });
    expect(status(ex)).toBe(200);
    expect(ex.transportRetry?.firstError.kind).toBe('reset');
    expect(t.srv.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'POST']);
    expect(policiesReport(t.policies).flaky.counts).toEqual({ 'retried-ok': 1, 'failed-again': 0, 'took-effect': 0 });
  });

  it('is not retried when a GET by name shows the create took effect: the error stands, marked as single', async () => {
    const t = await store((n) => (n === 1 ? 'reset-after-store' : 'answer'));
    const ex = await t.client.create('g', 't', { name: 'b', type: 'Sample' });
    expect(status(ex)).toBe('reset');
    expect(ex.transportRetry).toEqual({ firstError: expect.objectContaining({ kind: 'reset' }), tookEffect: true });
    expect(t.creates()).toBe(1);
    expect(policiesReport(t.policies).flaky.counts['took-effect']).toBe(1);
  });

  it('happening again is the failure (not marked as taken effect)', async () => {
    const t = await store(() => 'reset-before-store');
    const ex = await t.client.create('g', 't', { name: 'c', type: 'Sample' });
    expect(status(ex)).toBe('reset');
    expect(ex.transportRetry?.tookEffect).toBeUndefined();
    // (The transport itself resends once on a fresh socket when a reused keep-alive socket was reset.)
    expect(t.creates()).toBeGreaterThanOrEqual(2);
    expect(policiesReport(t.policies).flaky.counts['failed-again']).toBe(1);
  });
});

describe('the per-class breaker', () => {
  it('gives a class that hangs a short timeout, then stops sending it, while other classes keep the full one', async () => {
    let hung = 0;
    const srv = await httpServer((req, res, body) => {
      if (req.method === 'GET') res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      else if (/[^\x00-\x7f]/.test(body)) hung++;
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    closers.push(srv.close);
    const policies = createRunPolicies({ timeoutMs: 1500, breaker: { floorMs: 50, probeEveryMs: 60_000 } });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, policies });
    closers.push(() => client.close());
    for (let i = 0; i < 25; i++) expect(status(await client.create('g', 't', { name: `ascii${i}` }))).toBe(200);
    const hangs: (Exchange | CircuitOpen)[] = [];
    for (let i = 0; i < 12; i++) hangs.push(await client.create('g', 't', { name: `nämé${i}` }).catch((e: CircuitOpen) => e));
    const sent = hangs.filter((h): h is Exchange => !(h instanceof CircuitOpen));
    expect(hangs.map((h) => (h instanceof CircuitOpen ? 'not sent' : status(h)))).toEqual(['timeout', 'timeout', 'timeout', ...Array(9).fill('not sent')]);
    // The first waits the full timeout; its retry and the next ones the short one; then the class is open.
    expect(sent[0]!.durationMs).toBeGreaterThanOrEqual(1400);
    expect(sent.slice(1, 3).map((h) => h.durationMs < 1400)).toEqual([true, true]);
    expect((hangs.at(-1) as CircuitOpen).message).toMatch(/^not sent: .*non-ASCII/);
    expect(hung).toBeLessThanOrEqual(5);
    expect(status(await client.create('g', 't', { name: 'ascii-after' }))).toBe(200);
    const cls = policiesReport(policies).breaker.classes.find((c) => c.class === 'POST connections non-ASCII')!;
    expect(cls.timeouts).toBeGreaterThanOrEqual(4);
    expect(cls.notSent).toBeGreaterThan(0);
    expect(cls.openedAt).toBeDefined();
    expect(cls.suspectTimeoutMs).toBeLessThan(1500);
  });

  it('never shortens the timeout of a class that has not timed out, and heals a class that answers', () => {
    const b = new Breaker({ timeoutMs: 10_000, floorMs: 100 });
    const ascii = { method: 'POST' as const, path: '/g/connections', body: Buffer.from('{"name":"a","type":"Kafka"}') };
    const other = { method: 'POST' as const, path: '/g/connections', body: Buffer.from('{"name":"é","type":"Https"}') };
    for (let i = 0; i < 30; i++) b.record(ascii, 'response', 5);
    b.record(other, 'timeout', 10_000);
    // One timeout may be chance: the class keeps the full timeout and a failure of it is retried.
    expect(b.admit(other)).toEqual({ send: true, suspect: false, timeoutMs: 10_000 });
    b.record(other, 'timeout', 10_000);
    expect(b.admit(other)).toEqual({ send: true, suspect: true, timeoutMs: 100 });
    expect(b.admit(ascii)).toEqual({ send: true, suspect: false, timeoutMs: 10_000 });
    // Sporadic timeouts keep it suspect while one is among its last fifty outcomes; then it is healthy again.
    for (let i = 0; i < 49; i++) b.record(other, "response", 5);
    expect(b.admit(other).send && b.admit(other)).toMatchObject({ suspect: true });
    b.record(other, 'response', 5);
    expect(b.admit(other)).toEqual({ send: true, suspect: false, timeoutMs: 10_000 });
  });

  it('classes requests by route, non-ASCII content, claimed type and size', () => {
    expect(classesOf({ method: 'POST', path: '/a/connections?pretty=true', body: Buffer.from('{"type":"Kafka","name":"x"}') })).toEqual(['POST connections', 'POST connections type=Kafka']);
    expect(classesOf({ method: 'GET', path: '/a/connections/n%C3%A9' })).toEqual(['GET connection', 'GET connection non-ASCII']);
  });
});

describe('429 without Retry-After', () => {
  it('backs off exponentially with jitter within one total budget for the run', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1000, totalBudgetMs: 250, random: () => 1 });
    expect([b.delayMs(undefined, 0), b.delayMs(undefined, 1), b.delayMs(undefined, 2)]).toEqual([100, 150, 10]); // spent: a few ms, to keep concurrent retries apart
    expect(b.delayMs('2', 0)).toBe(2000);
    expect(b.report()).toMatchObject({ retriedWithoutRetryAfter: 3, waitedMs: 250, exhausted: true });
    const jittered = new Backoff({ baseMs: 100, random: () => 0.5 });
    expect(jittered.delayMs(undefined, 3)).toBe(400);
  });
});

describe('the request budget', () => {
  it('refuses sends once spent, but never cleanup', async () => {
    const srv = await httpServer((_req, res) => res.end('{}'));
    closers.push(srv.close);
    const policies = createRunPolicies({ timeoutMs: 1000, budget: { maxRequests: 2 } });
    const client = new TargetClient({ baseUrl: srv.url, credential: { kind: 'none' }, policies });
    closers.push(() => client.close());
    await client.get('g', 't', 'a');
    await client.get('g', 't', 'b');
    await expect(client.get('g', 't', 'c')).rejects.toBeInstanceOf(BudgetExhausted);
    expect(status(await client.delete('g', 't', 'a', { cleanup: true }))).toBe(200);
    expect(policiesReport(policies).budget).toMatchObject({ exhaustedBy: 'max-requests', refused: 1 });
  });
});
