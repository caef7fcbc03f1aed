// no-secret-leak (MUST, errata 7): no write-only value sent may come back, in any body (200 or error) or header.
// Messages name where a secret was sent and where it came back, never the secret itself.
import { type Contract, toJsonPath } from '../contracts/loader';
import { type WriteOnlyValue, writeOnlyValues } from '../contracts/write-only';
import { isPlainObject } from '../util/json';
import type { ConnectionType } from '../contracts/types';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';

/** A write-only value a request carried, and where (a JSONPath). */
export type SentSecret = WriteOnlyValue;

/**
 * Substring search only for values at least this long: a short password ("pw") would otherwise be "found" inside
 * any error text. Shorter values count only where a whole JSON string or header value equals them.
 */
export const MIN_SUBSTRING_SECRET = 8;

/** The write-only values a request body carries, by the variant's write-only paths (non-empty strings only). */
export function secretsIn(type: ConnectionType, body: unknown, contract: Contract): SentSecret[] {
  return writeOnlyValues(contract, type, body);
}

/** Fails when any sent secret appears in the response; PASS when nothing came back or nothing secret was sent. */
export const noSecretLeak = defineOracle(
  { oracleName: 'noSecretLeak', rule: 'no-secret-leak', profile: 'no write-only value appears anywhere in any response body (200 or error), nor in headers.' },
  (secrets: readonly SentSecret[], ex: Exchange): Verdict => {
    if (ex.outcome !== 'response') return PASS;
    const res = ex.response;
    const sentElsewhere = nonSecretRequestStrings(ex, secrets);
    const found: string[] = [];
    for (const s of secrets) {
      if (s.value === '') continue;
      // The same value sent in a field that is not write-only may rightly come back: it cannot be told apart.
      if (sentElsewhere.some((v) => matches(v, s.value))) continue;
      const where: string[] = [];
      const inJson = jsonLocations(res.json, s.value);
      for (const p of inJson.slice(0, 3)) where.push(`the response body at ${p}`);
      if (inJson.length > 3) where.push(`${inJson.length - 3} more places in the body`);
      if (inJson.length === 0 && textContains(res.body, s.value)) where.push('the response body text');
      for (const [name, value] of Object.entries(res.headers)) {
        if (matches(value, s.value) || (s.value.length >= MIN_SUBSTRING_SECRET && value.includes(encodeURIComponent(s.value)))) {
          where.push(`response header ${name}`);
        }
      }
      if (where.length > 0) found.push(`write-only value of ${s.path} appears in ${where.join(', ')}`);
    }
    return found.length === 0 ? PASS : fail(found.join('; '));
  },
);

function matches(haystack: string, secret: string): boolean {
  return secret.length >= MIN_SUBSTRING_SECRET ? haystack.includes(secret) : haystack === secret;
}

function textContains(text: string, secret: string): boolean {
  if (secret.length >= MIN_SUBSTRING_SECRET) return text.includes(secret) || text.includes(encodeURIComponent(secret));
  return text === secret || text.includes(JSON.stringify(secret));
}

/** JSONPaths of string values (and keys) holding the secret, decoded from any JSON escapes. */
function jsonLocations(json: unknown, secret: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (typeof v === 'string') {
      if (matches(v, secret)) out.push(toJsonPath(at));
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...at, i]));
    } else if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (matches(k, secret)) out.push(`${toJsonPath(at)} (a key)`);
        walk(x, [...at, k]);
      }
    }
  };
  walk(json, []);
  return out;
}

/** String leaves of the request body outside the write-only paths (empty when the body is not JSON). */
function nonSecretRequestStrings(ex: Exchange, secrets: readonly SentSecret[]): string[] {
  const text = ex.request.body;
  if (text === undefined || ex.request.bodyTruncated) return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const secretPaths = new Set(secrets.map((s) => s.path));
  const out: string[] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (typeof v === 'string') {
      if (!secretPaths.has(toJsonPath(at))) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(body, []);
  return out;
}
