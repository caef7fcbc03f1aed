// MUST operators derived from the contract's field specs: wrong JSON type at every path, enum and pattern
// violations, missing required fields, array bounds, uniqueness and formats. Targets come from
// contract.fields(type), so a field added to the contract is mutated without touching this file.
import fc from 'fast-check';
import type { FieldSpec } from '../../contracts/loader';
import type { ConnectionType } from '../../contracts/types';
import { hexId } from '../values/hexId';
import { JSON_KINDS, type JsonKind, jsonOfKind } from '../values/jsonScalar';
import { label } from '../values/label';
import { schemaRegistryUrl } from '../values/schemaRegistryUrl';
import { type Fill, fillParams, filler, variantTargets, variantOf } from './common';
import { cloneBody, deleteAt, enterBranch, getAt, jsonPath, resolveSite, setAt, writableFields } from './paths';
import { defineOperator, type OperatorEnv, type Target } from './types';

function field(type: ConnectionType, site: string, env: OperatorEnv): FieldSpec {
  const f = env.contract.fields(type).find((x) => x.path === site);
  if (!f) throw new Error(`no field ${site} in ${type}`);
  return f;
}

/** Clone the base, enter the field's branch, resolve its site: the common first steps of a field mutation. */
function prepare(base: unknown, type: ConnectionType, site: string, fill: Fill, env: OperatorEnv) {
  const body = cloneBody(base);
  const f = field(type, site, env);
  enterBranch(body, f, env.contract.fields(type), filler(fill));
  const segs = resolveSite(body, site, fill.pick);
  return { body, f, segs };
}

function kindOfField(f: FieldSpec): JsonKind | undefined {
  return f.jsonType === 'integer' ? 'number' : f.jsonType;
}

export const wrongJsonType = defineOperator({
  name: 'wrong-json-type',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'a value of another JSON type at a property path (null only where not nullable)',
  profile: 'schema violations (wrong JSON type of any field ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) =>
    writableFields(type, env).flatMap((f) => {
      const own = kindOfField(f);
      if (own === undefined) return [];
      return JSON_KINDS.filter((k) => k !== own && !(k === 'null' && f.nullable)).map((k) => ({ id: `${f.path}/${k}`, site: f.path }));
    }),
  params: (_type, target) => fc.record({ fill: fillParams(), value: jsonOfKind[variantOf(target.id) as JsonKind]() as fc.Arbitrary<unknown> }),
  apply(base, type, target, p, env) {
    const { body, segs } = prepare(base, type, target.site, p.fill, env);
    setAt(body, segs, p.value);
    return { path: jsonPath(segs), body };
  },
});

const ENUM_VARIANTS = ['lowercase', 'unknown', 'empty', 'padded'] as const;

function enumViolation(value: string, variant: string, word: string): string {
  switch (variant) {
    case 'lowercase':
      return value.toLowerCase();
    case 'empty':
      return '';
    case 'padded':
      return ` ${value}`;
    default:
      return `UNKNOWN_${word.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  }
}

export const enumViolationOp = defineOperator({
  name: 'enum-violation',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'a string outside an enum (lower-cased, unknown, empty, padded); `type` has its own operators',
  profile: 'schema violations (... enum/pattern violations ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.enum && f.path !== 'type')
      .flatMap((f) => variantTargets(f.path, ENUM_VARIANTS.filter((v) => v !== 'lowercase' || f.enum!.some((e) => typeof e === 'string' && !f.enum!.includes(e.toLowerCase()))))),
  params: (type, target, env) => fc.record({ fill: fillParams(), pick: fc.constantFrom(...(field(type, target.site, env).enum as string[])) }),
  apply(base, type, target, p, env) {
    const { body, f, segs } = prepare(base, type, target.site, p.fill, env);
    const value = enumViolation(p.pick, variantOf(target.id), p.fill.word);
    if (f.enum!.includes(value)) return undefined;
    setAt(body, segs, value);
    return { path: jsonPath(segs), body };
  },
});

const PATTERN_VARIANTS = ['uppercase', 'short', 'long', 'non-hex', 'empty', 'uuid'] as const;

function patternViolation(hex: string, uuid: string, variant: string): string {
  switch (variant) {
    case 'uppercase':
      return `A${hex.slice(1).toUpperCase()}`;
    case 'short':
      return hex.slice(0, 23);
    case 'long':
      return `${hex}a`;
    case 'non-hex':
      return `${hex.slice(0, 23)}g`;
    case 'empty':
      return '';
    default:
      return uuid;
  }
}

export const patternViolationOp = defineOperator({
  name: 'pattern-violation',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'a string not matching a pattern (24-hex ids: upper-case, 23 or 25 digits, non-hex, empty, a UUID)',
  profile: 'schema violations (... enum/pattern violations ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => writableFields(type, env).filter((f) => f.pattern).flatMap((f) => variantTargets(f.path, PATTERN_VARIANTS)),
  params: () => fc.record({ fill: fillParams(), hex: hexId(), uuid: fc.uuid() }),
  apply(base, type, target, p, env) {
    const { body, f, segs } = prepare(base, type, target.site, p.fill, env);
    const value = patternViolation(p.hex, p.uuid, variantOf(target.id));
    if (new RegExp(f.pattern!, 'u').test(value)) return undefined;
    setAt(body, segs, value);
    return { path: jsonPath(segs), body };
  },
});

export const missingRequired = defineOperator({
  name: 'missing-required',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'removes a field the schema requires (SchemaRegistry provider, URLs, authentication and its branch fields)',
  profile: 'SchemaRegistry required/maxItems/uniqueItems/uri violations ... -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) =>
    writableFields(type, env)
      .filter((f) => f.required && f.path !== 'name' && f.path !== 'type')
      .map((f) => ({ id: f.path, site: f.path })),
  params: () => fillParams(),
  apply(base, type, target, fill, env) {
    const { body, segs } = prepare(base, type, target.site, fill, env);
    deleteAt(body, segs);
    return { path: jsonPath(segs), body };
  },
});

/** Valid items of an array field, for building arrays that break only a count or uniqueness bound. */
function itemArbitrary(type: ConnectionType, site: string, env: OperatorEnv): fc.Arbitrary<string> | undefined {
  const item = env.contract.fields(type).find((f) => f.path === `${site}.[]`);
  if (item?.format === 'uri') return schemaRegistryUrl();
  if (item?.jsonType === 'string' && !item.format && !item.pattern && !item.enum) return label('item-');
  return undefined;
}

function arrayTargets(type: ConnectionType, env: OperatorEnv, has: (f: FieldSpec) => boolean): Target[] {
  return writableFields(type, env)
    .filter((f) => f.jsonType === 'array' && has(f) && itemArbitrary(type, f.path, env))
    .map((f) => ({ id: f.path, site: f.path }));
}

export const minItemsOp = defineOperator({
  name: 'min-items',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'an array shorter than minItems (an empty URL list)',
  profile: 'schemaRegistryUrls (uri[], 1..10, unique) ... SchemaRegistry required/maxItems/uniqueItems/uri violations ... -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => arrayTargets(type, env, (f) => (f.minItems ?? 0) > 0),
  params: () => fillParams(),
  apply(base, type, target, fill, env) {
    const { body, f, segs } = prepare(base, type, target.site, fill, env);
    const current = getAt(body, segs);
    setAt(body, segs, Array.isArray(current) ? current.slice(0, f.minItems! - 1) : []);
    return { path: jsonPath(segs), body };
  },
});

export const maxItemsOp = defineOperator({
  name: 'max-items',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'an array of distinct valid items longer than maxItems (11..15 URLs)',
  profile: 'SchemaRegistry required/maxItems/uniqueItems/uri violations ... -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => arrayTargets(type, env, (f) => f.maxItems !== undefined),
  params: (type, target, env) => {
    const max = field(type, target.site, env).maxItems!;
    return fc.record({ fill: fillParams(), items: fc.uniqueArray(itemArbitrary(type, target.site, env)!, { minLength: max + 1, maxLength: max + 5 }) });
  },
  apply(base, type, target, p, env) {
    const { body, segs } = prepare(base, type, target.site, p.fill, env);
    setAt(body, segs, p.items);
    return { path: jsonPath(segs), body };
  },
});

export const uniqueItemsOp = defineOperator({
  name: 'unique-items',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'an array with a repeated item where items must be unique (within maxItems)',
  profile: 'SchemaRegistry required/maxItems/uniqueItems/uri violations ... -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => arrayTargets(type, env, (f) => f.uniqueItems === true),
  params: (type, target, env) => fc.record({ fill: fillParams(), item: itemArbitrary(type, target.site, env)!, from: fc.nat(9), to: fc.nat(9) }),
  apply(base, type, target, p, env) {
    const { body, segs } = prepare(base, type, target.site, p.fill, env);
    const current = getAt(body, segs);
    const items = Array.isArray(current) && current.length > 0 ? [...current] : [p.item];
    if (items.length === 1) items.push(items[0]);
    else {
      const from = p.from % items.length;
      const to = (from + 1 + (p.to % (items.length - 1))) % items.length;
      items[to] = items[from];
    }
    setAt(body, segs, items);
    return { path: jsonPath(segs), body };
  },
});

/** Strings that break ajv's `uri` (an absolute URI): no scheme, relative, a space, empty, unclosed IPv6. */
const BAD_URIS: Record<string, string> = {
  'no-scheme': 'schema-registry.example.com/subjects',
  relative: '/subjects',
  space: 'https://schema registry.example.com',
  empty: '',
  words: 'not a uri',
  'network-path': '//schema-registry.example.com',
  'unclosed-ipv6': 'https://[::1',
};

export const formatViolation = defineOperator({
  name: 'format-violation',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'a string breaking a validated format (uri)',
  profile: 'SchemaRegistry required/maxItems/uniqueItems/uri violations ... -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => writableFields(type, env).filter((f) => f.format === 'uri').flatMap((f) => variantTargets(f.path, Object.keys(BAD_URIS))),
  params: () => fillParams(),
  apply(base, type, target, fill, env) {
    const { body, segs } = prepare(base, type, target.site, fill, env);
    setAt(body, segs, BAD_URIS[variantOf(target.id)]);
    return { path: jsonPath(segs), body };
  },
});
