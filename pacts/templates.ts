// Turns an example body into a Pact body template: the example values stay as examples, and each value gets the
// matcher the contract justifies (regex for enums and patterns, type for free strings), so a provider is not
// bound to the one example. `name` and `type` stay literal: the response must echo the request's (MUST).
//
// Write-only fields. Pact cannot assert that a key is absent, but it can constrain the keys an object may have:
// every response object whose contract declares write-only children gets an `eachKey` rule whose regex lists the
// object's declared non-write-only keys, so a provider that echoes `authentication.password` fails verification
// with "Expected 'password' to match ...". In request bodies write-only values are replaced by obvious
// placeholders (FAKE_SECRET_PREFIX) so no secret-looking string reaches a pact file or a broker.
import { MatchersV3 as M } from './pact-lib';
import type { Contract, FieldSpec } from '../contracts/loader';
import type { ConnectionType } from '../contracts/types';
import { FAKE_SECRET_PREFIX } from './names';

export type Direction = 'request' | 'response';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const LITERAL_PATHS = new Set(['name', 'type']);

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `^(A|B|C)$` for a closed set of strings. */
export function alternation(values: readonly unknown[]): string {
  return `^(${values.map((v) => escapeRegex(String(v))).join('|')})$`;
}

export function fakeSecret(path: string): string {
  return `${FAKE_SECRET_PREFIX}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** The placeholder-secret version of a request body (write-only values replaced), as plain JSON. */
export function withFakeSecrets(body: Record<string, unknown>, contract: Contract, type: ConnectionType): Record<string, unknown> {
  const writeOnly = new Set(contract.writeOnlyPaths(type));
  const walk = (v: unknown, path: string): unknown => {
    if (writeOnly.has(path) && typeof v === 'string') return fakeSecret(path);
    if (Array.isArray(v)) return v.map((x) => walk(x, join(path, '[]')));
    if (isObject(v)) {
      const mapLike = isMap(contract.fields(type), path);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, join(path, mapLike ? '{}' : k))]));
    }
    return v;
  };
  return walk(body, '') as Record<string, unknown>;
}

/** The response a conformant provider gives for `body`: write-only fields dropped (read-only ones are optional). */
export function expectedResponseExample(body: Record<string, unknown>, contract: Contract, type: ConnectionType): Record<string, unknown> {
  const writeOnly = new Set(contract.writeOnlyPaths(type));
  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, join(path, '[]')));
    if (isObject(v)) {
      const mapLike = isMap(contract.fields(type), path);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const p = join(path, mapLike ? '{}' : k);
        if (!mapLike && writeOnly.has(p)) continue;
        out[k] = walk(x, p);
      }
      return out;
    }
    return v;
  };
  return walk(body, '') as Record<string, unknown>;
}

/**
 * The Pact template of a connection body. For `request` the body must already carry fake secrets (withFakeSecrets);
 * for `response` pass the request body: write-only keys are dropped and forbidden by `eachKey` rules.
 */
export function connectionTemplate(body: Record<string, unknown>, contract: Contract, type: ConnectionType, direction: Direction): unknown {
  const fields = contract.fields(type);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const source = direction === 'response' ? expectedResponseExample(body, contract, type) : body;

  const walk = (v: unknown, path: string): unknown => {
    const spec = byPath.get(path);
    if (path !== '' && LITERAL_PATHS.has(path)) return v;
    if (v === null) return null;
    if (typeof v === 'string') return stringMatcher(v, spec);
    if (typeof v === 'boolean') return M.boolean(v);
    if (typeof v === 'number') return Number.isInteger(v) ? M.integer(v) : M.decimal(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return [];
      return M.eachLike(walk(v[0], join(path, '[]')), Math.max(1, spec?.minItems ?? 1));
    }
    if (isObject(v)) {
      const mapLike = isMap(fields, path);
      const template = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, join(path, mapLike ? '{}' : k))]));
      if (direction === 'response' && !mapLike) {
        const allowed = allowedKeys(fields, path);
        if (allowed) return M.eachKeyMatches(template, [M.regex(alternation(allowed), allowed[0]!)]);
      }
      return template;
    }
    return v;
  };
  return walk(source as Json, '');
}

function stringMatcher(v: string, spec: FieldSpec | undefined): unknown {
  if (spec?.enum) return M.regex(alternation(spec.enum), v);
  if (spec?.conformanceEnum) return M.regex(alternation(spec.conformanceEnum), v);
  if (spec?.pattern) return M.regex(spec.pattern, v);
  return M.string(v);
}

/**
 * Declared non-write-only keys of the object at `path`, when the contract declares a write-only child there
 * (otherwise undefined: the object is left open, as the spec allows extra properties).
 */
export function allowedKeys(fields: readonly FieldSpec[], path: string): string[] | undefined {
  const prefix = path === '' ? '' : `${path}.`;
  const children = fields.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.') && f.path !== path);
  if (!children.some((f) => f.writeOnly)) return undefined;
  return [...new Set(children.filter((f) => !f.writeOnly).map((f) => f.path.slice(prefix.length)))];
}

function isMap(fields: readonly FieldSpec[], path: string): boolean {
  const mapChild = path === '' ? '{}' : `${path}.{}`;
  return fields.some((f) => f.path === mapChild);
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
