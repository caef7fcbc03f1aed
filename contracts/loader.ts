// Loads contracts/openapi.yaml once and answers the questions the rest of the suite asks of the contract:
// is this body valid for the variant its `type` selects (MUST), does it carry what the profile calls essential
// (SHOULD), which fields of a variant exist, which are write-only. Violations are reported as JSON paths.
//
// Ajv cannot compile a discriminator with a `mapping`, and a bare oneOf gives errors from every branch, so the
// top-level variant is chosen here by `type` through the contract's own mapping and validated on its own. Nested
// discriminators (SchemaRegistryAuthentication) keep ajv's `discriminator` keyword with the mapping removed after
// checking that the mapping and the branches' `type` enums agree.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { CONNECTION_TYPES, type ConnectionType, type Fixtures, isConnectionType } from './types';

export interface Violation {
  /** JSONPath of the offending value, e.g. `$.authentication.mechanism`, `$.config["a.b"]`, `$.schemaRegistryUrls[2]`. */
  path: string;
  /** JSON-schema keyword or conformance check that failed (`type`, `enum`, `required`, `essential`, ...). */
  keyword: string;
  message: string;
}

/** Kinds of SHOULD checks taken from the profile's errata (the `x-conformance-*` extensions of the contract). */
export type ShouldCheck = 'essential' | 'non-empty' | 'fixture' | 'enum' | 'format' | 'combination';
export interface ShouldViolation extends Violation {
  keyword: ShouldCheck;
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** One property path of a variant, flattened from the contract (allOf, $ref and nested oneOf resolved). */
export interface FieldSpec {
  /** Dotted path from the body root, `[]` for array items and `{}` for map values: `config.{}`, `schemaRegistryUrls.[]`. */
  path: string;
  jsonType: JsonType | undefined;
  nullable: boolean;
  enum?: readonly unknown[];
  pattern?: string;
  format?: string;
  readOnly: boolean;
  writeOnly: boolean;
  /** Required by the schema within its parent object (MUST). */
  required: boolean;
  /** Set when the field belongs to one branch of a nested discriminated union (e.g. USER_INFO). */
  branch?: { discriminatorPath: string; value: string };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  /** SHOULD-level constraints from the `x-conformance-*` extensions. */
  conformanceEnum?: readonly string[];
  conformanceFormat?: 'host-port-list' | 'absolute-http-url';
  fixture?: keyof Fixtures;
  essential: boolean;
}

type Schema = Record<string, any>;

export interface Contract {
  /** The parsed OpenAPI document, as written (mappings included). */
  readonly document: Schema;
  /** sha256 of the contract file's bytes, hex. */
  readonly sha256: string;
  /** Schema name of each variant, from the discriminator mapping. */
  readonly variantSchemaNames: Readonly<Record<ConnectionType, string>>;
  /** MUST: schema violations of a request body, variant chosen by `type`. Empty means valid. */
  validateRequestBody(body: unknown): Violation[];
  /** MUST: schema violations of a create/get response body (un-enveloped), variant chosen by `type`. */
  validateResponseBody(body: unknown): Violation[];
  /** MUST: violations of the ApiError shape (does not compare `error` with the HTTP status). */
  validateApiError(body: unknown): Violation[];
  /** MUST: violations of the list (paginated) body. */
  validateListBody(body: unknown): Violation[];
  /** SHOULD: essential fields, fixtures, description-level enums, formats and Kafka credential combinations. */
  checkShould(body: unknown, fixtures: Fixtures): ShouldViolation[];
  /** Every property path of a variant. */
  fields(type: ConnectionType): readonly FieldSpec[];
  /** Dotted paths of write-only fields of a variant (secrets: never in a response). */
  writeOnlyPaths(type: ConnectionType): readonly string[];
  /** Dotted paths of read-only fields of a variant (response-only). */
  readOnlyPaths(type: ConnectionType): readonly string[];
  /** Dotted paths the profile calls essential for a variant (SHOULD be required). */
  essentialPaths(type: ConnectionType): readonly string[];
  /** Kafka credential combinations: mechanism -> fields it needs (inside `authentication`). */
  readonly kafkaCombinations: Readonly<Record<string, readonly string[]>>;
}

export const CONTRACT_URL = new URL('./openapi.yaml', import.meta.url);

let cached: Contract | undefined;

/** The contract, parsed and compiled once per process. */
export function loadContract(): Contract {
  cached ??= createContract(readFileSync(CONTRACT_URL));
  return cached;
}

export function createContract(source: Buffer | string): Contract {
  const text = typeof source === 'string' ? source : source.toString('utf8');
  const document = parseYaml(text) as Schema;
  const sha256 = createHash('sha256').update(source).digest('hex');
  const schemas: Record<string, Schema> = document.components.schemas;

  const variantSchemaNames = variantNames(schemas);
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI 3.0: a required readOnly property is required in responses only, a required writeOnly one in requests
  // only. Two copies of the schemas, each with the other direction's fields taken out of `required`.
  const plain = withoutMappings(schemas);
  ajv.addSchema({ components: { schemas: requiredFor('request', plain) } }, 'request');
  ajv.addSchema({ components: { schemas: requiredFor('response', plain) } }, 'response');
  const compile = (name: string, doc: 'request' | 'response' = 'response'): ValidateFunction =>
    ajv.compile({ $ref: `${doc}#/components/schemas/${name}` });
  // Each validator is compiled on first use: a process that reads the contract for its fields or its hash (the
  // certify host, the pact verifier) would otherwise spend a fifth of a second compiling all 23.
  const variants = (doc: 'request' | 'response') => {
    const cache = new Map<ConnectionType, ValidateFunction>();
    return (t: ConnectionType): ValidateFunction => {
      let v = cache.get(t);
      if (!v) {
        v = compile(variantSchemaNames[t], doc);
        cache.set(t, v);
      }
      return v;
    };
  };
  const once = (name: string, doc: 'request' | 'response' = 'response') => {
    let v: ValidateFunction | undefined;
    return (): ValidateFunction => (v ??= compile(name, doc));
  };

  const requestValidators = variants('request');
  const responseValidators = variants('response');
  const baseValidator = once('StreamsConnectionBase', 'request');
  const apiErrorValidator = once('ApiError');
  const listValidator = once('PaginatedApiStreamsConnectionView');

  const fieldCache = new Map<ConnectionType, FieldSpec[]>();
  const fields = (type: ConnectionType): FieldSpec[] => {
    let f = fieldCache.get(type);
    if (!f) {
      f = flattenFields(schemas, schemas[variantSchemaNames[type]]!);
      fieldCache.set(type, f);
    }
    return f;
  };
  const essentials = (type: ConnectionType): string[] =>
    (resolveAllOf(schemas, schemas[variantSchemaNames[type]]!)['x-conformance-essential'] as string[] | undefined) ?? [];
  const kafkaCombinations = schemas.StreamsKafkaAuthentication!['x-conformance-combinations'] as Record<string, string[]>;
  const planCache = new Map<ConnectionType, ShouldPlan>();
  const plans = (type: ConnectionType): ShouldPlan => {
    let p = planCache.get(type);
    if (!p) {
      p = shouldPlan(fields(type), essentials(type));
      planCache.set(type, p);
    }
    return p;
  };

  const validateBody = (variantValidator: (t: ConnectionType) => ValidateFunction) => (body: unknown): Violation[] => {
    if (!isPlainObject(body)) {
      return [{ path: '$', keyword: 'type', message: `body must be a JSON object, got ${describeJson(body)}` }];
    }
    const type = body.type;
    if (!isConnectionType(type)) {
      // Report the base schema's own findings (missing name, wrong type of `type`) plus the discriminator's.
      const base = toViolations(run(baseValidator(), body));
      const hasTypeFinding = base.some((v) => v.path === '$.type');
      if (!hasTypeFinding) {
        base.push({
          path: '$.type',
          keyword: 'discriminator',
          message: `type must be one of ${CONNECTION_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
        });
      }
      return base;
    }
    return toViolations(run(variantValidator(type), body));
  };

  return {
    document,
    sha256,
    variantSchemaNames,
    validateRequestBody: validateBody(requestValidators),
    validateResponseBody: validateBody(responseValidators),
    validateApiError: (body) => toViolations(run(apiErrorValidator(), body)),
    validateListBody: (body) => toViolations(run(listValidator(), body)),
    checkShould: (body, fixtures) => checkShould(body, fixtures, plans, kafkaCombinations),
    fields,
    writeOnlyPaths: (type) => fields(type).filter((f) => f.writeOnly).map((f) => f.path),
    readOnlyPaths: (type) => fields(type).filter((f) => f.readOnly).map((f) => f.path),
    essentialPaths: essentials,
    kafkaCombinations,
  };
}

// ---------------------------------------------------------------------------------------------- discriminators

function refName(ref: string): string {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`contract: unsupported $ref ${ref}`);
  return ref.slice(prefix.length);
}

function variantNames(schemas: Record<string, Schema>): Record<ConnectionType, string> {
  const disc = schemas.StreamsConnection?.discriminator;
  if (!disc || disc.propertyName !== 'type') throw new Error('contract: StreamsConnection has no `type` discriminator');
  const out = {} as Record<ConnectionType, string>;
  for (const t of CONNECTION_TYPES) {
    const ref = disc.mapping?.[t];
    if (typeof ref !== 'string') throw new Error(`contract: discriminator mapping lacks ${t}`);
    out[t] = refName(ref);
  }
  return out;
}

/** Deep copy without discriminator mappings, after checking each mapping names a branch whose enum holds the key. */
function withoutMappings(schemas: Record<string, Schema>): Record<string, Schema> {
  const copy = structuredClone(schemas);
  for (const [name, schema] of Object.entries(copy)) {
    const disc = schema.discriminator;
    if (!disc?.mapping) continue;
    for (const [value, ref] of Object.entries(disc.mapping as Record<string, string>)) {
      const target = resolveAllOf(schemas, schemas[refName(ref)]!);
      const values = target.properties?.[disc.propertyName]?.enum as unknown[] | undefined;
      if (!values?.includes(value)) {
        throw new Error(`contract: ${name} maps ${value} to ${ref}, whose ${disc.propertyName} enum does not hold it`);
      }
    }
    schema.discriminator = { propertyName: disc.propertyName };
  }
  return copy;
}

/** Takes write-only (for responses) or read-only (for requests) properties out of every `required` list. */
function requiredFor(direction: 'request' | 'response', schemas: Record<string, Schema>): Record<string, Schema> {
  const copy = structuredClone(schemas);
  const flag = direction === 'response' ? 'writeOnly' : 'readOnly';
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isPlainObject(node)) return;
    const s = node as Schema;
    if (Array.isArray(s.required) && isPlainObject(s.properties)) {
      s.required = s.required.filter((k: string) => {
        const p = s.properties[k] as Schema | undefined;
        return !(p && resolve(copy, p)[flag] === true) && !(p && p[flag] === true);
      });
    }
    Object.values(s).forEach(visit);
  };
  visit(copy);
  return copy;
}

// ---------------------------------------------------------------------------------------------- validation

function run(validate: ValidateFunction, body: unknown): ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

/** Turns ajv errors into violations at the offending value's JSONPath, without duplicates. */
function toViolations(errors: ErrorObject[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // oneOf/discriminator summaries repeat what the chosen branch already said.
    if (e.keyword === 'oneOf' || e.keyword === 'allOf' || e.keyword === 'if') continue;
    const segments = pointerSegments(e.instancePath);
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required') {
      segments.push(String((e.params as { missingProperty: string }).missingProperty));
      message = 'is required';
    }
    if (e.keyword === 'discriminator') {
      const p = e.params as { tag: string; tagValue: unknown };
      segments.push(p.tag);
      message = `must be one of the discriminator's values, got ${JSON.stringify(p.tagValue)}`;
    }
    if (e.keyword === 'enum') message = `${message}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    const path = toJsonPath(segments);
    const key = `${path}|${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, keyword: e.keyword, message: `${path} ${message}` });
  }
  return out;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['config', 'a.b']` -> `$.config["a.b"]`; numeric segments become indexes. */
export function toJsonPath(segments: readonly (string | number)[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number' || /^(0|[1-9][0-9]*)$/.test(s)) out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Inverse of toJsonPath for the paths it writes. */
export function parseJsonPath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new Error(`not a JSONPath: ${path}`);
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) throw new Error(`not a JSONPath: ${path}`);
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]!) as string);
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

// ---------------------------------------------------------------------------------------------- fields

function resolve(schemas: Record<string, Schema>, s: Schema): Schema {
  return s.$ref ? resolve(schemas, schemas[refName(s.$ref)]!) : s;
}

/** Merges a schema's allOf parts into one object schema (properties, required, extensions). */
function resolveAllOf(schemas: Record<string, Schema>, s: Schema): Schema {
  const self = resolve(schemas, s);
  if (!self.allOf) return self;
  const merged: Schema = { ...self, properties: {}, required: [] };
  delete merged.allOf;
  for (const part of [...self.allOf, { ...self, allOf: undefined }]) {
    const p = resolveAllOf(schemas, part);
    Object.assign(merged.properties, p.properties ?? {});
    merged.required = [...new Set([...merged.required, ...(p.required ?? [])])];
    for (const [k, v] of Object.entries(p)) {
      if (k.startsWith('x-') || k === 'type' || k === 'nullable') merged[k] = v;
    }
  }
  return merged;
}

function flattenFields(schemas: Record<string, Schema>, root: Schema): FieldSpec[] {
  const out: FieldSpec[] = [];
  const essentials = new Set<string>((resolveAllOf(schemas, root)['x-conformance-essential'] as string[]) ?? []);
  const visit = (schema: Schema, prefix: string, required: boolean, branch: FieldSpec['branch']) => {
    const raw = resolve(schemas, schema);
    const s = raw.allOf ? resolveAllOf(schemas, raw) : raw;
    if (prefix !== '') {
      out.push({
        path: prefix,
        jsonType: s.type as JsonType | undefined,
        nullable: s.nullable === true || raw.nullable === true || schema.nullable === true,
        ...(s.enum ? { enum: s.enum } : {}),
        ...(s.pattern ? { pattern: s.pattern } : {}),
        ...(s.format ? { format: s.format } : {}),
        readOnly: s.readOnly === true || schema.readOnly === true,
        writeOnly: s.writeOnly === true || schema.writeOnly === true,
        required,
        ...(branch ? { branch } : {}),
        ...(s.minItems !== undefined ? { minItems: s.minItems } : {}),
        ...(s.maxItems !== undefined ? { maxItems: s.maxItems } : {}),
        ...(s.uniqueItems ? { uniqueItems: true } : {}),
        ...(s['x-conformance-enum'] ? { conformanceEnum: s['x-conformance-enum'] } : {}),
        ...(s['x-conformance-format'] ? { conformanceFormat: s['x-conformance-format'] } : {}),
        ...(s['x-conformance-fixture'] ? { fixture: s['x-conformance-fixture'] } : {}),
        essential: essentials.has(prefix),
      });
    }
    const join = (k: string) => (prefix === '' ? k : `${prefix}.${k}`);
    if (s.oneOf && s.discriminator) {
      const tag = s.discriminator.propertyName as string;
      const seen = new Set<string>();
      for (const [value, ref] of Object.entries(s.discriminator.mapping as Record<string, string>)) {
        const b = resolveAllOf(schemas, schemas[refName(ref)]!);
        for (const [k, sub] of Object.entries((b.properties ?? {}) as Record<string, Schema>)) {
          if (k === tag) {
            if (!seen.has(k)) {
              seen.add(k);
              out.push({
                path: join(k),
                jsonType: 'string',
                nullable: false,
                enum: Object.keys(s.discriminator.mapping),
                readOnly: false,
                writeOnly: false,
                required: true,
                essential: false,
              });
            }
            continue;
          }
          visit(sub, join(k), (b.required ?? []).includes(k), { discriminatorPath: join(tag), value });
        }
      }
      return;
    }
    for (const [k, sub] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      visit(sub, join(k), (s.required ?? []).includes(k), branch);
    }
    if (s.type === 'array' && s.items && Object.keys(s.items).length > 0) visit(s.items, join('[]'), false, branch);
    if (s.type === 'object' && isPlainObject(s.additionalProperties)) visit(s.additionalProperties, join('{}'), false, branch);
  };
  visit(root, '', false, undefined);
  return out;
}

// ---------------------------------------------------------------------------------------------- SHOULD checks

function getPath(body: unknown, segments: readonly string[]): unknown {
  let cur: unknown = body;
  for (const k of segments) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** What checkShould looks at for one type, worked out once: only the fields that carry a SHOULD check. */
interface ShouldPlan {
  essentials: { segments: string[]; path: string }[];
  fields: { segments: string[]; path: string; spec: FieldSpec }[];
}

function shouldPlan(fields: FieldSpec[], essentials: string[]): ShouldPlan {
  const at = (dotted: string) => toJsonPath(dotted.split('.'));
  return {
    essentials: essentials.map((p) => ({ segments: p.split('.'), path: at(p) })),
    fields: fields
      .filter((f) => !f.path.includes('[]') && !f.path.includes('{}'))
      .filter((f) => (f.fixture && f.fixture !== 'sampleSources') || f.conformanceEnum || f.conformanceFormat)
      .map((f) => ({ segments: f.path.split('.'), path: at(f.path), spec: f })),
  };
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/;

/** `host:port[,host:port]*`, each port 1..65535, hosts as names, IPv4 or bracketed IPv6. */
export function isHostPortList(v: string): boolean {
  if (v.trim() === '') return false;
  return v.split(',').every((entry) => {
    const e = entry.trim();
    const i = e.lastIndexOf(':');
    if (i <= 0) return false;
    const host = e.slice(0, i);
    const port = e.slice(i + 1);
    if (!/^[0-9]{1,5}$/.test(port)) return false;
    const n = Number(port);
    return n >= 1 && n <= 65535 && HOST.test(host);
  });
}

export function isAbsoluteHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function checkShould(body: unknown, fixtures: Fixtures, plan: (t: ConnectionType) => ShouldPlan, combinations: Record<string, string[]>): ShouldViolation[] {
  if (!isPlainObject(body) || !isConnectionType(body.type)) return [];
  const type = body.type;
  const out: ShouldViolation[] = [];
  // The profile: "an empty name -> 400". A blank but non-empty name ("   ") is open: a target may accept it.
  if (body.name === '') {
    out.push({ path: '$.name', keyword: 'non-empty', message: '$.name should not be empty' });
  }
  if (type === 'Sample' && typeof body.name === 'string' && !fixtures.sampleSources.includes(body.name)) {
    out.push({ path: '$.name', keyword: 'fixture', message: `$.name should be a known sample source (${fixtures.sampleSources.join(', ')})` });
  }
  const p = plan(type);
  for (const e of p.essentials) {
    const v = getPath(body, e.segments);
    if (v === undefined || v === null) out.push({ path: e.path, keyword: 'essential', message: `${e.path} is essential for ${type}` });
  }
  for (const { segments, path, spec: f } of p.fields) {
    const v = getPath(body, segments);
    if (typeof v !== 'string') continue;
    if (f.fixture && f.fixture !== 'sampleSources' && !fixtures[f.fixture].includes(v)) {
      out.push({ path, keyword: 'fixture', message: `${path} should be one of ${fixtures[f.fixture].join(', ')}` });
    }
    if (f.conformanceEnum && !f.conformanceEnum.includes(v)) {
      out.push({ path, keyword: 'enum', message: `${path} should be one of ${f.conformanceEnum.join(', ')}` });
    }
    if (f.conformanceFormat === 'host-port-list' && !isHostPortList(v)) {
      out.push({ path, keyword: 'format', message: `${path} should be host:port[,host:port]*` });
    }
    if (f.conformanceFormat === 'absolute-http-url' && !isAbsoluteHttpUrl(v)) {
      out.push({ path, keyword: 'format', message: `${path} should be an absolute http(s) URL` });
    }
  }
  if (type === 'Kafka' && isPlainObject(body.authentication) && typeof body.authentication.mechanism === 'string') {
    const auth = body.authentication;
    for (const need of combinations[auth.mechanism as string] ?? []) {
      if (auth[need] === undefined || auth[need] === null) {
        const path = toJsonPath(['authentication', need]);
        out.push({ path, keyword: 'combination', message: `${path} is needed with mechanism ${String(auth.mechanism)}` });
      }
    }
  }
  return out;
}
