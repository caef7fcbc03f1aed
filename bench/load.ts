// Load driven by autocannon (keep-alive connections) from this process against targets running as child
// processes on 127.0.0.1: the raw rate of the certification's request mix, a valid create, and a bare node:http
// server answering a canned 200 of the same size.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { CONNECTION_TYPES, VENDOR_MEDIA_TYPE } from '../contracts/types';
import { createGenContext, invalidCase, validBody } from '../generators';
import type { Step } from './mix';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p99Ms: number;
  /** Answers the step does not expect: not 2xx for valid creates and deletes; 5xx for invalid creates (4xx expected,
   *  2xx possible where the profile only says SHOULD reject). */
  unexpected: number;
  errors: number;
}

export interface LoadTarget {
  url: string;
  groupId: string;
  tenant: string;
  bearer: string;
}

const NAME_TOKEN = '"@@bench-name@@"';

function collectionPath(t: LoadTarget): string {
  return `/api/atlas/v2/groups/${t.groupId}/streams/${encodeURIComponent(t.tenant)}/connections`;
}

function headers(t: LoadTarget): Record<string, string> {
  return { authorization: `Bearer ${t.bearer}`, accept: VENDOR_MEDIA_TYPE, 'content-type': VENDOR_MEDIA_TYPE };
}

/** Above this a body is one of the oversized cases (the suites send bodies just over 1 MiB). */
const LARGE_BYTES = 64 * 1024;

/**
 * Bodies from the generators, drawn once (fixed seed) so the load generator only substitutes names. Valid Sample
 * bodies are left out: a Sample connection's name must be a fixture sample source, so it cannot take a fresh name
 * per request. Oversized invalid bodies are kept apart, to be mixed in at the run's own share.
 */
export function bodyPool(perType: number, seed: number): { valid: string[]; small: string[]; large: string[] } {
  const ctx = createGenContext({ runPrefix: 'bench' });
  const valid: string[] = [];
  const small: string[] = [];
  const large: string[] = [];
  for (const type of CONNECTION_TYPES) {
    if (type !== 'Sample') {
      for (const body of fc.sample(validBody(type, ctx), { seed, numRuns: perType })) {
        valid.push(JSON.stringify({ ...(body as object), name: '@@bench-name@@' }));
      }
    }
    for (const c of fc.sample(invalidCase(type, ctx), { seed, numRuns: perType })) {
      const text = 'raw' in c ? c.raw : (JSON.stringify(c.body) ?? 'null');
      (Buffer.byteLength(text) > LARGE_BYTES ? large : small).push(text);
    }
  }
  return { valid, small, large };
}

async function measure(opts: Record<string, unknown>, seconds: number): Promise<AutocannonResult> {
  await autocannon({ ...opts, duration: 1 }); // warm-up: JIT, sockets
  return autocannon({ ...opts, duration: seconds });
}

function summarise(r: AutocannonResult, unexpected: number): LoadResult {
  return { requestsPerSecond: Math.round(r.requests.average), requests: r.requests.total, p99Ms: r.latency.p99, unexpected, errors: r.errors + r.timeouts };
}

/** The raw rate of `pattern` (valid creates with their deletes, invalid creates) on `connections` connections. */
export async function rawMixRate(t: LoadTarget, pattern: readonly Step[], pool: { valid: string[]; invalid: string[] }, connections: number, seconds: number): Promise<LoadResult> {
  const base = collectionPath(t);
  let serial = 0;
  let pick = 0;
  let unexpected = 0;
  const expect2xx = (status: number) => {
    if (status < 200 || status > 299) unexpected++;
  };
  const expectNo5xx = (status: number) => {
    if (status >= 500) unexpected++;
  };
  const requests = pattern.map((step) => {
    if (step === 'create-valid') {
      return {
        method: 'POST',
        path: base,
        setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => {
          const name = `bench-${process.pid}-${(serial += 1)}`;
          ctx.name = name;
          return { ...req, body: pool.valid[(pick += 1) % pool.valid.length]!.replace(NAME_TOKEN, JSON.stringify(name)) };
        },
        onResponse: expect2xx,
      };
    }
    if (step === 'delete') {
      return {
        method: 'DELETE',
        setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => ({ ...req, path: `${base}/${String(ctx.name ?? 'never-created')}`, body: undefined }),
        onResponse: expect2xx,
      };
    }
    return { method: 'POST', path: base, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: pool.invalid[(pick += 1) % pool.invalid.length]! }), onResponse: expectNo5xx };
  });
  const r = await measure({ url: t.url, headers: headers(t), connections, requests }, seconds);
  return summarise(r, unexpected);
}

/** A Kafka create with a unique name per request. */
function kafkaCreate(name: string): string {
  return JSON.stringify({
    name,
    type: 'Kafka',
    bootstrapServers: 'b1.example.com:9092',
    authentication: { mechanism: 'PLAIN', username: 'u', password: 'p' },
    security: { protocol: 'SASL_SSL' },
    config: { 'auto.offset.reset': 'earliest' },
  });
}

/** Status and size of one valid create's answer (the canned answer of the bare server has the same size). */
export async function probeCreate(t: LoadTarget): Promise<{ status: number; bytes: number }> {
  const res = await fetch(`${t.url}${collectionPath(t)}`, { method: 'POST', headers: headers(t), body: kafkaCreate(`bench-probe-${process.pid}`) });
  return { status: res.status, bytes: Buffer.byteLength(await res.text()) };
}

export async function createRate(t: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  let serial = 0;
  let unexpected = 0;
  const requests = [
    {
      method: 'POST',
      path: collectionPath(t),
      setupRequest: (req: Record<string, unknown>) => ({ ...req, body: kafkaCreate(`bench-c-${process.pid}-${(serial += 1)}`) }),
      onResponse: (status: number) => {
        if (status !== 201 && status !== 200) unexpected++;
      },
    },
  ];
  return summarise(await measure({ url: t.url, headers: headers(t), connections, requests }, seconds), unexpected);
}

/** The same request (a Kafka create) against a bare node:http server that reads it and answers `bytes` bytes. */
export async function bareRate(bytes: number, connections: number, seconds: number): Promise<LoadResult> {
  const bare = await startBare(bytes);
  try {
    let serial = 0;
    const requests = [{ method: 'POST', setupRequest: (req: Record<string, unknown>) => ({ ...req, body: kafkaCreate(`bench-b-${(serial += 1)}`) }) }];
    const r = await measure({ url: bare.url, headers: headers({ url: bare.url, groupId: '', tenant: '', bearer: 'x' }), connections, requests }, seconds);
    return summarise(r, r.non2xx);
  } finally {
    bare.close();
  }
}

const BARE = `
const http = require('node:http');
const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, Number(process.argv[1]) - 10)) });
const s = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + s.address().port })));
process.on('SIGTERM', () => s.close(() => process.exit(0)));
`;

async function startBare(bytes: number): Promise<{ url: string; close(): void }> {
  const child = spawn(process.execPath, ['-e', BARE, String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bare node:http server did not start within 10 s')), 10_000);
    child.stdout!.once('data', (d) => {
      clearTimeout(timer);
      resolve((JSON.parse(String(d)) as { url: string }).url);
    });
  });
  return { url, close: () => child.kill('SIGTERM') };
}
