// Transport faults on demand (`--chaos`), at the HTTP server, for anyone testing a client's resilience: what the
// proxies and load balancers between a client and the vendor's service do (profile v1.1, last section).
//
//   reset-before=R   the connection is reset as the request arrives: the request never takes effect
//   reset-after=R    the request is served (it takes effect: a create stores, a delete deletes), then the connection
//                    is reset instead of answering
//   truncate=R       the request is served, the answer's head promises Content-Length bytes, half of them are sent,
//                    and the connection is closed (an answer without a body is reset instead)
//   latency=R:D      the answer is held back D (e.g. 200ms, 2s) after the request took effect
//
// R is the share of requests it hits: 0.005, 1/200 or 0.5%. The three breaking kinds exclude each other (their
// rates add up to at most 1); latency is drawn on its own and delays whatever answer is sent. Every request is
// exposed (create, get one, list, delete, the OAuth endpoints). Draws are seeded (draws.ts): the same seed and the
// same order of requests give the same faults.
//
// Why not a library: Toxiproxy (and its testcontainers module and node client) cuts TCP streams in a separate
// proxy process or container; it cannot tell when a request has taken effect, so it cannot reset after the effect
// and before the answer, which is the case a client most needs to survive, and it needs Docker or a binary we
// cannot install. node:http lets us act at exactly those points in a few lines.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drawStream } from './draws';

export const CHAOS_KINDS = ['reset-before', 'reset-after', 'truncate', 'latency'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export interface ChaosSpec {
  'reset-before'?: number;
  'reset-after'?: number;
  truncate?: number;
  latency?: { rate: number; ms: number };
}

export class ChaosSyntaxError extends Error {
  override name = 'ChaosSyntaxError';
}

export const CHAOS_SYNTAX = 'KIND=RATE[,KIND=RATE]... with KIND reset-before, reset-after, truncate or latency (latency=RATE:DURATION), RATE 0.005, 1/200 or 0.5%, DURATION 200ms or 2s';

const MAX_LATENCY_MS = 60_000;

function parseRate(kind: string, text: string): number {
  const t = text.trim();
  let v = Number.NaN;
  if (/^\d+(\.\d+)?$|^\.\d+$/.test(t)) v = Number(t);
  else if (/^\d+(\.\d+)?%$/.test(t)) v = Number(t.slice(0, -1)) / 100;
  else if (/^\d+\/\d+$/.test(t)) {
    const [n, d] = t.split('/').map(Number) as [number, number];
    v = d === 0 ? Number.NaN : n / d;
  }
  if (!(v >= 0 && v <= 1)) throw new ChaosSyntaxError(`${kind}: the rate must be a share of requests from 0 to 1 (e.g. 0.005, 1/200 or 0.5%), got "${text}"`);
  return v;
}

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text.trim());
  const ms = m ? Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1)) : Number.NaN;
  if (!(ms >= 1 && ms <= MAX_LATENCY_MS)) throw new ChaosSyntaxError(`latency: the duration must be 1ms to 60s, written like 200ms or 2s, got "${text}"`);
  return ms;
}

/** Parses `reset-after=0.005,reset-before=0.002,truncate=0.002,latency=0.01:200ms`; throws ChaosSyntaxError. */
export function parseChaos(text: string): ChaosSpec {
  const spec: ChaosSpec = {};
  const parts = text.split(',').map((p) => p.trim());
  if (text.trim() === '' || parts.some((p) => p === '')) throw new ChaosSyntaxError(`--chaos needs ${CHAOS_SYNTAX}; got "${text}"`);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const kind = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!(CHAOS_KINDS as readonly string[]).includes(kind)) throw new ChaosSyntaxError(`unknown chaos kind "${kind}" (known: ${CHAOS_KINDS.join(', ')})`);
    if (eq < 0) throw new ChaosSyntaxError(`${kind}: give a rate, e.g. ${kind === 'latency' ? 'latency=0.01:200ms' : `${kind}=0.005`}`);
    if (Object.hasOwn(spec, kind)) throw new ChaosSyntaxError(`${kind} is given twice`);
    const value = part.slice(eq + 1);
    if (kind === 'latency') {
      const colon = value.indexOf(':');
      if (colon < 0) throw new ChaosSyntaxError(`latency: give a rate and a duration, e.g. latency=0.01:200ms, got "${value}"`);
      spec.latency = { rate: parseRate(kind, value.slice(0, colon)), ms: parseDuration(value.slice(colon + 1)) };
    } else {
      spec[kind as Exclude<ChaosKind, 'latency'>] = parseRate(kind, value);
    }
  }
  return checkChaos(spec);
}

/** Checks a spec given as an object (the same rules as the syntax); returns it. */
export function checkChaos(spec: ChaosSpec): ChaosSpec {
  for (const k of Object.keys(spec)) if (!(CHAOS_KINDS as readonly string[]).includes(k)) throw new ChaosSyntaxError(`unknown chaos kind "${k}" (known: ${CHAOS_KINDS.join(', ')})`);
  for (const k of ['reset-before', 'reset-after', 'truncate'] as const) {
    const r = spec[k];
    if (r !== undefined && !(r >= 0 && r <= 1)) throw new ChaosSyntaxError(`${k}: the rate must be from 0 to 1, got ${r}`);
  }
  if (spec.latency) {
    if (!(spec.latency.rate >= 0 && spec.latency.rate <= 1)) throw new ChaosSyntaxError(`latency: the rate must be from 0 to 1, got ${spec.latency.rate}`);
    if (!(Number.isInteger(spec.latency.ms) && spec.latency.ms >= 1 && spec.latency.ms <= MAX_LATENCY_MS)) throw new ChaosSyntaxError(`latency: the duration must be 1 to 60000 ms, got ${spec.latency.ms}`);
  }
  const breaking = (spec['reset-before'] ?? 0) + (spec['reset-after'] ?? 0) + (spec.truncate ?? 0);
  if (breaking > 1 + 1e-9) throw new ChaosSyntaxError(`reset-before, reset-after and truncate exclude each other: their rates add up to ${breaking}, over 1`);
  return spec;
}

/** The `--chaos` text of a spec (for a child process or a container). */
export function formatChaos(spec: ChaosSpec): string {
  return CHAOS_KINDS.filter((k) => spec[k] !== undefined)
    .map((k) => (k === 'latency' ? `latency=${spec.latency!.rate}:${spec.latency!.ms}ms` : `${k}=${spec[k]}`))
    .join(',');
}

export type ChaosCounts = Record<ChaosKind, number>;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Wraps a request handler with the spec's faults. `onFault` hears each one (kind, method, path without query).
 * Two draws per request, from two streams of the seed, whatever they pick: the faults of a request depend only on
 * the seed and its place in the order of arrival.
 */
export function withChaos(inner: Handler, spec: ChaosSpec, seed: number, onFault: (kind: ChaosKind, req: IncomingMessage) => void): Handler {
  const pick = drawStream(seed, 'chaos');
  const slow = drawStream(seed, 'chaos-latency');
  const rb = spec['reset-before'] ?? 0;
  const ra = spec['reset-after'] ?? 0;
  const tr = spec.truncate ?? 0;
  return (req, res) => {
    const u = pick();
    const delayMs = spec.latency && slow() < spec.latency.rate ? spec.latency.ms : 0;
    const breaking: ChaosKind | undefined = u < rb ? 'reset-before' : u < rb + ra ? 'reset-after' : u < rb + ra + tr ? 'truncate' : undefined;
    if (breaking === 'reset-before') {
      onFault('reset-before', req);
      req.socket.destroy();
      return;
    }
    if (breaking || delayMs > 0) holdAnswer(req, res, breaking, delayMs, onFault);
    inner(req, res);
  };
}

/** Takes over the answer's writeHead and end: the handler runs as ever (its request takes effect), and its answer
 *  is then delayed, dropped with a reset, or cut short. */
function holdAnswer(req: IncomingMessage, res: ServerResponse, kind: 'reset-after' | 'truncate' | undefined, delayMs: number, onFault: (kind: ChaosKind, req: IncomingMessage) => void): void {
  const writeHead = res.writeHead;
  const end = res.end;
  let head: unknown[] | undefined;
  res.writeHead = ((...args: unknown[]) => {
    head = args;
    return res;
  }) as unknown as ServerResponse['writeHead'];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    const answer = () => {
      res.writeHead = writeHead;
      res.end = end;
      if (delayMs > 0) onFault('latency', req);
      const body = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.isBuffer(chunk) ? chunk : undefined;
      if (kind === 'reset-after' || (kind === 'truncate' && (body === undefined || body.length < 2))) {
        onFault('reset-after', req);
        req.socket.destroy();
        return;
      }
      if (kind === 'truncate') {
        onFault('truncate', req);
        if (head === undefined && !res.hasHeader('content-length')) res.setHeader('Content-Length', body!.length);
        if (head !== undefined) (writeHead as (...a: unknown[]) => ServerResponse).apply(res, head);
        res.write(body!.subarray(0, Math.floor(body!.length / 2)), () => req.socket.destroy());
        return;
      }
      if (head !== undefined) (writeHead as (...a: unknown[]) => ServerResponse).apply(res, head);
      (end as (...a: unknown[]) => ServerResponse).call(res, chunk, encoding, cb);
    };
    if (delayMs > 0) setTimeout(answer, delayMs).unref();
    else answer();
    return res;
  }) as unknown as ServerResponse['end'];
}
