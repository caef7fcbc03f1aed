// A second judge of the generators' labels that shares no code with contracts/loader.ts: the contract's schemas
// converted by hand from OpenAPI 3.0 to JSON Schema and validated with @cfworker/json-schema (not ajv), and the
// profile's SHOULD rules (essential fields, fixtures, formats, Kafka enumerations and credentials) written out
// again from contracts/conformance-profile.md. A bug in the loader would make the reference target and the label
// check agree with each other; this disagrees with both.
import { readFileSync } from 'node:fs';
import { Validator } from '@cfworker/json-schema';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const TYPES = ['Sample', 'Cluster', 'Kafka', 'Https', 'AWSLambda', 'S3', 'AWSKinesisDataStreams', 'SchemaRegistry', 'AzureBlobStorage', 'GCPPubSub'] as const;

/** OpenAPI 3.0 -> JSON Schema for requests: nullable becomes a null type, read-only properties are not required. */
function toJsonSchema(node: unknown, readOnlyOf: (s: Json) => boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, readOnlyOf));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'discriminator' || k === 'nullable' || k.startsWith('x-') || k === 'example' || k === 'readOnly' || k === 'writeOnly') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/components/schemas/', '#/$defs/');
    else out[k] = toJsonSchema(v, readOnlyOf);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  if (Array.isArray(node.required) && isObject(node.properties)) {
    const props = node.properties;
    out.required = (node.required as string[]).filter((p) => !(isObject(props[p]) && readOnlyOf(props[p] as Json)));
  }
  return out;
}

export interface SchemaError {
  /** JSON pointer of the offending value, `#/authentication/mechanism`. */
  at: string;
}

export class IndependentContract {
  private readonly defs: Json;
  private readonly variants = new Map<string, Validator>();
  private readonly variantName: Record<string, string> = {};

  constructor(file: URL) {
    const doc = parse(readFileSync(file, 'utf8')) as { components: { schemas: Json } };
    const schemas = doc.components.schemas;
    const resolve = (s: Json): Json => (typeof s.$ref === 'string' ? resolve(schemas[s.$ref.split('/').pop()!] as Json) : s);
    this.defs = toJsonSchema(schemas, (s) => resolve(s).readOnly === true) as Json;
    const root = schemas.StreamsConnection as { discriminator: { mapping: Record<string, string> } };
    for (const [t, ref] of Object.entries(root.discriminator.mapping)) this.variantName[t] = ref.split('/').pop()!;
  }

  /** Errors of a request body; the variant chosen by `type`, as the profile's discriminator says. */
  validate(body: unknown): SchemaError[] {
    if (!isObject(body)) return [{ at: '#' }];
    const t = body.type;
    if (typeof t !== 'string' || !(TYPES as readonly string[]).includes(t)) return [{ at: '#/type' }];
    let v = this.variants.get(t);
    if (!v) {
      v = new Validator({ $defs: this.defs, $ref: `#/$defs/${this.variantName[t]}` } as never, '2019-09', false);
      this.variants.set(t, v);
    }
    const r = v.validate(body);
    // Keywords that only say a sub-schema failed: the failing sub-schema's own error names the place.
    const summary = new Set(['allOf', 'anyOf', 'oneOf', '$ref', 'properties', 'items', 'additionalProperties', 'unevaluatedProperties', 'contains']);
    return r.valid ? [] : r.errors.filter((e) => !summary.has(e.keyword)).map((e) => ({ at: e.instanceLocation }));
  }

  /** Property names a variant declares at a dotted object path (all branches of nested unions). */
  declared(type: string, parentPath: string[]): Set<string> {
    let schemas: Json[] = [this.defs[this.variantName[type]!] as Json];
    for (const seg of parentPath) schemas = schemas.flatMap((s) => this.flatten(s)).map((s) => (isObject(s.properties) ? (s.properties[seg] as Json) : undefined)).filter(isObject);
    const out = new Set<string>();
    for (const s of schemas.flatMap((x) => this.flatten(x))) if (isObject(s.properties)) for (const k of Object.keys(s.properties)) out.add(k);
    return out;
  }

  private flatten(s: Json): Json[] {
    if (typeof s.$ref === 'string') return this.flatten(this.defs[s.$ref.split('/').pop()!] as Json);
    const parts = [s, ...((s.allOf as Json[]) ?? []), ...((s.oneOf as Json[]) ?? []), ...((s.anyOf as Json[]) ?? [])];
    return parts.flatMap((p) => (p === s ? [p] : this.flatten(p)));
  }
}

// ------------------------------------------------------------------------------- the profile's SHOULD rules

export interface Finding {
  path: string;
  rule: 'essential-fields' | 'description-enums';
}

const get = (body: Json, dotted: string): unknown => dotted.split('.').reduce<unknown>((cur, k) => (isObject(cur) ? cur[k] : undefined), body);
const present = (v: unknown) => v !== undefined && v !== null;

/** From the profile's table: "essential (SHOULD: missing -> 400)". */
const ESSENTIAL: Record<string, string[]> = {
  Sample: [],
  Cluster: ['clusterName'],
  Kafka: ['bootstrapServers', 'authentication', 'security'],
  Https: ['url'],
  AWSLambda: ['aws.roleArn'],
  S3: ['aws.roleArn'],
  AWSKinesisDataStreams: ['aws.roleArn'],
  SchemaRegistry: [],
  AzureBlobStorage: ['azure.servicePrincipalId', 'azure.storageAccountName'],
  GCPPubSub: ['gcp.serviceAccountId'],
};
const MECHANISMS = ['PLAIN', 'SCRAM-256', 'SCRAM-512', 'OAUTHBEARER'];
const PROTOCOLS = ['SASL_PLAINTEXT', 'SASL_SSL', 'SSL'];
const NEEDS: Record<string, string[]> = {
  PLAIN: ['username', 'password'],
  'SCRAM-256': ['username', 'password'],
  'SCRAM-512': ['username', 'password'],
  OAUTHBEARER: ['method', 'clientId', 'clientSecret', 'tokenEndpointUrl'],
};

/** "host:port[,host:port]*": a host (DNS name, IPv4 or a bracketed IPv6 address) and a port 1..65535 per entry. */
function hostPortList(v: string): boolean {
  const name = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/;
  return v.split(',').every((entry) => {
    const m = /^(.+):(\d{1,5})$/.exec(entry.trim());
    return m !== null && name.test(m[1]!) && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
  });
}

/** "absolute http/https URL": a scheme of http or https, then a host. */
const httpUrl = (v: string) => /^https?:\/\/[^\s/?#@]+(:\d+)?([/?#]\S*)?$/i.test(v) && !/^https?:\/\/:/.test(v);

export function findings(body: Json, fixtures: { sampleSources: string[]; clusterNames: string[] }): Finding[] {
  const out: Finding[] = [];
  const essential = (path: string) => out.push({ path: `$.${path}`, rule: 'essential-fields' });
  const type = String(body.type);
  if (body.name === '') essential('name');
  if (type === 'Sample' && typeof body.name === 'string' && body.name !== '' && !fixtures.sampleSources.includes(body.name)) essential('name');
  for (const p of ESSENTIAL[type] ?? []) if (!present(get(body, p))) essential(p);
  if (type === 'Cluster' && typeof body.clusterName === 'string' && !fixtures.clusterNames.includes(body.clusterName)) essential('clusterName');
  if (type === 'Kafka') {
    if (typeof body.bootstrapServers === 'string' && !hostPortList(body.bootstrapServers)) essential('bootstrapServers');
    const auth = body.authentication;
    if (isObject(auth) && typeof auth.mechanism === 'string') {
      if (!MECHANISMS.includes(auth.mechanism)) out.push({ path: '$.authentication.mechanism', rule: 'description-enums' });
      for (const need of NEEDS[auth.mechanism] ?? []) if (!present(auth[need])) out.push({ path: `$.authentication.${need}`, rule: 'description-enums' });
      if (auth.mechanism === 'OAUTHBEARER' && typeof auth.method === 'string' && auth.method !== 'OIDC') out.push({ path: '$.authentication.method', rule: 'description-enums' });
    }
    const sec = body.security;
    if (isObject(sec) && typeof sec.protocol === 'string' && !PROTOCOLS.includes(sec.protocol)) out.push({ path: '$.security.protocol', rule: 'description-enums' });
  }
  if (type === 'Https' && typeof body.url === 'string' && !httpUrl(body.url)) essential('url');
  return out;
}
