// Operators on the body as a whole: a JSON value that is not an object, text that is not JSON at all, and a
// body over 1 MiB. All labelled at `$`.
import fc from 'fast-check';
import { isPlainObject } from '../../util/json';
import type { ConnectionType } from '../../contracts/types';
import { variantTargets, variantOf } from './common';
import { cloneBody } from './paths';
import { defineOperator, type Mutation, type Operator } from './types';

function nonObject(name: string, description: string, variants: Record<string, (base: unknown, n: number) => unknown>): Operator {
  return defineOperator({
    name,
    rule: 'reject-invalid',
    level: 'MUST',
    description,
    profile: 'schema violations (... non-object body ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
    targets: () => variantTargets('', Object.keys(variants)),
    params: () => fc.integer({ min: -1_000_000, max: 1_000_000 }),
    apply: (base, _type, target, n): Mutation => ({ path: '$', body: variants[variantOf(target.id)]!(base, n) }),
  });
}

export const bodyArray = nonObject('body-array', 'the body is a JSON array (the valid body wrapped, or empty)', {
  wrapped: (base) => [base],
  empty: () => [],
});
export const bodyString = nonObject('body-string', 'the body is a JSON string (the valid body as text, or empty)', {
  'json-text': (base) => JSON.stringify(base),
  empty: () => '',
});
export const bodyNumber = nonObject('body-number', 'the body is a JSON number', { integer: (_b, n) => n, zero: () => 0 });
export const bodyBoolean = nonObject('body-boolean', 'the body is true or false', { true: () => true, false: () => false });
export const bodyNull = nonObject('body-null', 'the body is null', { null: () => null });

/** Ways to break JSON text, each applied to the valid body's own text. */
const MALFORMATIONS: Record<string, (text: string, cut: number) => string> = {
  truncated: (t, cut) => t.slice(0, 1 + (cut % (t.length - 1))),
  'trailing-comma': (t) => `${t.slice(0, -1)},}`,
  'single-quotes': (t) => t.replace(/"/g, "'"),
  'unquoted-keys': (t) => t.replace(/"([A-Za-z_$][A-Za-z0-9_$]*)":/g, '$1:'),
  comment: (t) => `/* stream-conformance */${t}`,
  nan: (t) => `${t.slice(0, -1)},"sc":NaN}`,
  concatenated: (t) => `${t}${t}`,
  'raw-newline-in-string': (t) => t.replace(/"name":"/, '"name":"line\nbreak '),
  'bare-word': () => 'Kafka',
  empty: () => '',
};

export const malformedJson = defineOperator({
  name: 'malformed-json',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'text that is not JSON (truncated, trailing comma, single quotes, comments, NaN, empty, ...), sent raw',
  profile: 'malformed JSON) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: () => variantTargets('', Object.keys(MALFORMATIONS)),
  params: () => fc.nat(),
  apply(base, _type, target, cut): Mutation | undefined {
    const raw = MALFORMATIONS[variantOf(target.id)]!(JSON.stringify(base), cut);
    try {
      JSON.parse(raw);
      return undefined;
    } catch {
      return { path: '$', raw };
    }
  },
});

export const ONE_MIB = 1024 * 1024;
const PADDING = ONE_MIB + 1024;
// Strings are immutable: every oversized body shares these, so a case costs no megabyte of its own until it is
// serialised (the suites send dozens of them per run).
const LONG_REGION = `sc-${'x'.repeat(PADDING)}`;
const ENTRY_VALUE = 'x'.repeat(1000);

/** Map-valued fields a body can be padded in with many entries (each value a string). */
const MAP_FIELDS: Partial<Record<ConnectionType, string>> = { Kafka: 'config', Https: 'headers' };

export const payloadTooLarge = defineOperator({
  name: 'payload-too-large',
  rule: 'payload-too-large',
  level: 'SHOULD',
  description: 'an otherwise valid body over 1 MiB (a long region, or many map entries)',
  profile: 'a body over 1 MiB -> 413 (400 tolerated)',
  targets: (type) => variantTargets('', MAP_FIELDS[type] ? ['long-string', 'many-entries'] : ['long-string']),
  params: () => fc.constant(null),
  apply(base, type, target): Mutation {
    const body = cloneBody(base);
    if (variantOf(target.id) === 'many-entries') {
      const key = MAP_FIELDS[type]!;
      const map: Record<string, string> = isPlainObject(body[key]) ? { ...(body[key] as Record<string, string>) } : {};
      for (let i = 0; i * ENTRY_VALUE.length < PADDING; i++) map[key === 'headers' ? `X-Sc-Pad-${i}` : `sc.pad.${i}`] = ENTRY_VALUE;
      body[key] = map;
    } else {
      body.region = LONG_REGION;
    }
    return { path: '$', body };
  },
});
