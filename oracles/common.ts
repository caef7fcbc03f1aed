// What every oracle needs: how to name what came back (status and phrase, or the transport error), media types,
// and a structural diff that names the first path where two JSON values part.
import { STATUS_CODES } from 'node:http';
import { toJsonPath } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import type { Exchange, HttpResponse } from '../client/exchange';

export type ResponseExchange = Extract<Exchange, { outcome: 'response' }>;

/** `201 Created`, or `no response (timeout: no response within 10000 ms)`. */
export function got(ex: Exchange): string {
  if (ex.outcome === 'transport-error') return `no response (${ex.error.kind}: ${ex.error.message})`;
  return statusLine(ex.response);
}

export function statusLine(r: Pick<HttpResponse, 'status' | 'statusText'>): string {
  const phrase = r.statusText || STATUS_CODES[r.status] || '';
  return `${r.status}${phrase ? ` ${phrase}` : ''}`;
}

export function statusOf(ex: Exchange): number | undefined {
  return ex.outcome === 'response' ? ex.response.status : undefined;
}

export function hasStatus(ex: Exchange, ...allowed: number[]): boolean {
  return ex.outcome === 'response' && allowed.includes(ex.response.status);
}

export function is4xx(ex: Exchange): boolean {
  return ex.outcome === 'response' && ex.response.status >= 400 && ex.response.status < 500;
}

export function header(ex: Exchange | HttpResponse, name: string): string | undefined {
  const headers = 'outcome' in ex ? (ex.outcome === 'response' ? ex.response.headers : {}) : ex.headers;
  return headers[name.toLowerCase()];
}

export interface MediaType {
  /** `type/subtype`, lower-case. */
  essence: string;
  params: Record<string, string>;
}

/** Parses a Content-Type value; undefined when it is not `type/subtype[; params]`. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [head, ...rest] = value.split(';');
  const essence = head!.trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(essence)) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { essence, params };
}

export function contentTypeIs(ex: ResponseExchange, essence: string): boolean {
  return parseMediaType(ex.response.headers['content-type'])?.essence === essence.toLowerCase();
}

export function describeContentType(ex: ResponseExchange): string {
  const ct = ex.response.headers['content-type'];
  return ct === undefined ? 'missing' : ct;
}

/** A value for a message: JSON, cut short. Never use on anything that may be a secret. */
export function show(v: unknown, max = 60): string {
  let s: string;
  try {
    s = v === undefined ? 'undefined' : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** A JSON object when the body is one (parsed by the client), else undefined. */
export function jsonObject(ex: Exchange): Record<string, unknown> | undefined {
  return ex.outcome === 'response' && isPlainObject(ex.response.json) ? ex.response.json : undefined;
}

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Differences between two JSON values, deepest first found, at most `limit`. Keys in `ignoreKeys` are skipped at
 * the top level; keys in `ignoreEverywhere` at any depth.
 */
export function jsonDiff(
  expected: unknown,
  actual: unknown,
  opts: { ignoreKeys?: readonly string[]; ignoreEverywhere?: readonly string[]; limit?: number } = {},
): Difference[] {
  const out: Difference[] = [];
  const limit = opts.limit ?? 5;
  const walk = (a: unknown, b: unknown, segs: (string | number)[]) => {
    if (out.length >= limit) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      const skip = new Set([...(opts.ignoreEverywhere ?? []), ...(segs.length === 0 ? (opts.ignoreKeys ?? []) : [])]);
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) if (!skip.has(k)) walk(a[k], b[k], [...segs, k]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        out.push({ path: toJsonPath(segs), expected: a, actual: b });
        return;
      }
      a.forEach((x, i) => walk(x, b[i], [...segs, i]));
      return;
    }
    if (!Object.is(a, b) && !(typeof a === 'number' && a === b)) out.push({ path: toJsonPath(segs), expected: a, actual: b });
  };
  walk(expected, actual, []);
  return out;
}

export function describeDiffs(diffs: readonly Difference[]): string {
  return diffs
    .map((d) =>
      d.actual === undefined
        ? `${d.path} ${show(d.expected)} is gone`
        : d.expected === undefined
          ? `${d.path} ${show(d.actual)} was added`
          : `${d.path} was ${show(d.expected)}, now ${show(d.actual)}`,
    )
    .join('; ');
}
