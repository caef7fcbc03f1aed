// Every property path of a variant, flattened from the contract (allOf, $ref and nested oneOf resolved), with what
// the schema and the `x-conformance-*` extensions say of it.
import { isPlainObject } from '../util/json';
import { refName, resolve, resolveAllOf, type Schema } from './schema-refs';
import type { Fixtures } from './types';

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

export function flattenFields(schemas: Record<string, Schema>, root: Schema): FieldSpec[] {
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
