// --chaos: transport faults at the HTTP server, each kind shown over real sockets (a reset after the request took
// effect leaves the connection created, a reset before does not, a truncated body, latency), on every operation,
// seeded; and the syntax with its errors.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ChaosSyntaxError, checkChaos, formatChaos, parseChaos } from '../../reference/chaos';
import { drawStream } from '../../reference/draws';
import { type RunningTarget, startTarget } from '../../reference/server';
import { ACCEPT, type Auth, Client, https, uniqueName, VENDOR } from './helpers';

describe('chaos syntax', () => {
  it('reads rates as decimals, fractions or percentages, and latency with a duration', () => {
    expect(parseChaos('reset-after=0.005,reset-before=0.002,truncate=0.002,latency=0.01:200ms')).toEqual({
      'reset-after': 0.005,
      'reset-before': 0.002,
      truncate: 0.002,
      latency: { rate: 0.01, ms: 200 },
    });
    expect(parseChaos('reset-after=1/200, latency=5%:2s')).toEqual({ 'reset-after': 0.005, latency: { rate: 0.05, ms: 2000 } });
    const spec = parseChaos('truncate=1/500,latency=0.1:50ms');
    expect(parseChaos(formatChaos(spec))).toEqual(spec);
  });

  it('refuses what it cannot read, saying what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /--chaos needs KIND=RATE/],
      ['reset-after=0.1,', /--chaos needs KIND=RATE/],
      ['resets=0.1', /unknown chaos kind "resets" \(known: reset-before, reset-after, truncate, latency\)/],
      ['reset-after', /reset-after: give a rate, e\.g\. reset-after=0\.005/],
      ['reset-after=2', /reset-after: the rate must be a share of requests from 0 to 1 .*got "2"/],
      ['truncate=1/0', /truncate: the rate must be/],
      ['truncate=abc', /truncate: the rate must be/],
      ['latency=0.1', /latency: give a rate and a duration, e\.g\. latency=0\.01:200ms/],
      ['latency=0.1:fast', /latency: the duration must be 1ms to 60s, written like 200ms or 2s, got "fast"/],
      ['latency=0.1:90s', /latency: the duration must be 1ms to 60s/],
      ['reset-after=0.1,reset-after=0.2', /reset-after is given twice/],
      ['reset-after=0.6,reset-before=0.6', /exclude each other: their rates add up to 1\.2, over 1/],
    ];
    for (const [text, msg] of cases) expect(() => parseChaos(text), text).toThrow(msg);
    expect(() => parseChaos('x=1')).toThrow(ChaosSyntaxError);
    expect(() => checkChaos({ 'reset-after': -1 })).toThrow(/reset-after: the rate must be from 0 to 1/);
  });

  it('startTarget refuses a bad spec', async () => {
    await expect(startTarget({ chaos: 'reset=1' })).rejects.toThrow(/unknown chaos kind/);
  });
});

/** A seed whose first draws of the chaos stream hit (true) or miss (false) a kind of rate `rate` (the first of the
 *  three breaking kinds, whose band starts at 0). */
function seedWhere(pattern: boolean[], rate: number): number {
  for (let seed = 1; seed < 100_000; seed++) {
    const draw = drawStream(seed, 'chaos');
    if (pattern.every((hit) => (draw() < rate) === hit)) return seed;
  }
  throw new Error('no such seed');
}

interface Raw {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  bytes: number;
  error?: string;
}

/** One exchange over a fresh socket, whatever happens to it: the status and headers if any came, the body bytes
 *  that came, and the error that ended it, if one did. */
function raw(url: string, method: string, path: string, auth: string, body?: string): Promise<Raw> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const out: Raw = { bytes: 0 };
    const headers: Record<string, string> = { accept: ACCEPT, authorization: auth, ...(body ? { 'content-type': VENDOR } : {}) };
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      out.status = res.statusCode;
      out.headers = res.headers;
      res.on('data', (c: Buffer) => (out.bytes += c.length));
      res.on('end', () => resolve(out));
      res.on('error', (e) => resolve({ ...out, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      res.on('aborted', () => resolve({ ...out, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ ...out, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}

describe('chaos at the HTTP server', () => {
  let target: RunningTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  const start = async (chaos: string, seed: number, realistic = false) => {
    target = await startTarget({ chaos, seed, realistic, ...(realistic ? { config: { realistic: { settleMs: { min: 0, max: 0 }, kafkaDeployingMs: { min: 0, max: 0 } } } } : {}) });
    const c = new Client(target.info);
    return { c, auth: `Bearer ${c.info.bearer}`, bearer: { kind: 'bearer', token: c.info.bearer } as Auth };
  };

  it('reset-after: the create took effect though the client saw its connection reset', async () => {
    const { c, auth, bearer } = await start('reset-after=0.5', seedWhere([true, false], 0.5));
    const name = uniqueName('ra');
    const lost = await raw(c.base, 'POST', c.connections(), auth, JSON.stringify(https(name)));
    expect(lost.status).toBeUndefined();
    expect(lost.error).toMatch(/ECONNRESET|socket hang up/);
    const read = await c.req({ path: c.connections({ name }), auth: bearer });
    expect(read.status).toBe(200);
    expect(target!.chaosCounts!()).toMatchObject({ 'reset-after': 1, 'reset-before': 0 });
  });

  it('reset-before: the create never took effect', async () => {
    const { c, auth, bearer } = await start('reset-before=0.5', seedWhere([true, false], 0.5));
    const name = uniqueName('rb');
    const lost = await raw(c.base, 'POST', c.connections(), auth, JSON.stringify(https(name)));
    expect(lost.status).toBeUndefined();
    expect(lost.error).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect((await c.req({ path: c.connections({ name }), auth: bearer })).status).toBe(404);
    expect(target!.chaosCounts!()).toMatchObject({ 'reset-before': 1, 'reset-after': 0 });
  });

  it('truncate: the head promises Content-Length bytes, fewer come, the connection closes; the create took effect', async () => {
    const { c, auth, bearer } = await start('truncate=0.5', seedWhere([true, false], 0.5));
    const name = uniqueName('tr');
    const cut = await raw(c.base, 'POST', c.connections(), auth, JSON.stringify(https(name)));
    expect(cut.status).toBe(200);
    const promised = Number(cut.headers!['content-length']);
    expect(promised).toBeGreaterThan(2);
    expect(cut.bytes).toBeLessThan(promised);
    expect(cut.error).toBeDefined();
    expect((await c.req({ path: c.connections({ name }), auth: bearer })).status).toBe(200);
    expect(target!.chaosCounts!().truncate).toBe(1);
  });

  it('latency: the answer is held back by the given time', async () => {
    const { c, auth } = await start('latency=1:150ms', 1);
    const t0 = performance.now();
    const r = await raw(c.base, 'GET', c.connections(), auth);
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(target!.chaosCounts!().latency).toBe(1);
  });

  it('hits every operation: create, get one, list and delete', async () => {
    const { c, auth } = await start('reset-after=1', 1);
    const name = uniqueName('all');
    const results = [
      await raw(c.base, 'POST', c.connections(), auth, JSON.stringify(https(name))),
      await raw(c.base, 'GET', c.connections({ name }), auth),
      await raw(c.base, 'GET', c.connections(), auth),
      await raw(c.base, 'DELETE', c.connections({ name }), auth),
    ];
    for (const r of results) expect(r.status, JSON.stringify(r)).toBeUndefined();
    expect(target!.chaosCounts!()['reset-after']).toBe(4);
  });

  it('is reproducible: the same seed and requests meet the same faults', async () => {
    const runOnce = async () => {
      const { c, auth } = await start('reset-before=0.3,truncate=0.3', 42);
      const seen: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await raw(c.base, 'GET', c.connections(), auth);
        seen.push(r.status === undefined ? 'reset' : r.error ? 'cut' : 'ok');
      }
      await target!.close();
      target = undefined;
      return seen;
    };
    const a = await runOnce();
    expect(await runOnce()).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });

  it('composes with the realistic target: a lost Kafka create is found once reads settle', async () => {
    const { c, auth, bearer } = await start('reset-after=0.5', seedWhere([true, false, false], 0.5), true);
    const name = uniqueName('rr');
    const body = { name, type: 'Kafka', bootstrapServers: 'b:9092', authentication: { mechanism: 'PLAIN', username: 'u', password: 'p' }, security: { protocol: 'PLAINTEXT' } };
    expect((await raw(c.base, 'POST', c.connections(), auth, JSON.stringify(body))).status).toBeUndefined();
    const read = await c.req({ path: c.connections({ name }), auth: bearer });
    expect(read.status).toBe(200);
    expect(read.json.region).toBe('VIRGINIA_USA');
  });
});
