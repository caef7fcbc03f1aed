// Reading the contract's schemas: $refs, allOf merged into one object schema, and the discriminators. Ajv cannot
// compile a discriminator with a `mapping`, so the top-level variant is chosen by `type` through the contract's own
// mapping (variantNames), and nested discriminators keep ajv's keyword with the mapping removed (withoutMappings)
// after checking that the mapping and the branches' `type` enums agree.
import { CONNECTION_TYPES, type ConnectionType } from './types';

export type Schema = Record<string, any>;

export function refName(ref: string): string {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`contract: unsupported $ref ${ref}`);
  return ref.slice(prefix.length);
}

export function variantNames(schemas: Record<string, Schema>): Record<ConnectionType, string> {
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
export function withoutMappings(schemas: Record<string, Schema>): Record<string, Schema> {
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

export function resolve(schemas: Record<string, Schema>, s: Schema): Schema {
  return s.$ref ? resolve(schemas, schemas[refName(s.$ref)]!) : s;
}

/** Merges a schema's allOf parts into one object schema (properties, required, extensions). */
export function resolveAllOf(schemas: Record<string, Schema>, s: Schema): Schema {
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
