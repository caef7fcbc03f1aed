// The contract's JSON-schema validators (ajv with formats), compiled on first use, and their errors as violations
// at the offending value's JSONPath. OpenAPI 3.0: a required readOnly property is required in responses only, a
// required writeOnly one in requests only, so the schemas are added twice, each with the other direction's fields
// taken out of `required`.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isPlainObject } from '../util/json';
import { pointerSegments, toJsonPath } from './json-path';
import { resolve, type Schema, withoutMappings } from './schema-refs';
import type { ConnectionType } from './types';
import type { Violation } from './violation';

export type Direction = 'request' | 'response';

export interface Validators {
  /** The variant schema of a connection type, for requests or responses. */
  variant(direction: Direction, type: ConnectionType): ValidateFunction;
  /** Any named schema of components/schemas. */
  named(name: string, direction?: Direction): ValidateFunction;
}

/**
 * `checked`: the schemas are the bundled contract's, which a test validates against JSON Schema's meta-schema; ajv
 * then skips that check (compiling the meta-schema was a tenth of a second in every process that loads the
 * contract). Any other document is checked as it is added.
 */
export function createValidators(schemas: Record<string, Schema>, variantSchemaNames: Readonly<Record<ConnectionType, string>>, checked = false): Validators {
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, validateFormats: true, validateSchema: !checked });
  addFormats(ajv);
  const plain = withoutMappings(schemas);
  ajv.addSchema({ components: { schemas: requiredFor('request', plain) } }, 'request');
  ajv.addSchema({ components: { schemas: requiredFor('response', plain) } }, 'response');
  // Each validator is compiled on first use: a process that reads the contract for its fields or its hash (the
  // certify host, the pact verifier) would otherwise spend a fifth of a second compiling all 23.
  const cache = new Map<string, ValidateFunction>();
  const named = (name: string, direction: Direction = 'response'): ValidateFunction => {
    const key = `${direction}#${name}`;
    let v = cache.get(key);
    if (!v) {
      v = ajv.compile({ $ref: `${direction}#/components/schemas/${name}` });
      cache.set(key, v);
    }
    return v;
  };
  return { named, variant: (direction, type) => named(variantSchemaNames[type], direction) };
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

export function run(validate: ValidateFunction, body: unknown): ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

/** Turns ajv errors into violations at the offending value's JSONPath, without duplicates. */
export function toViolations(errors: ErrorObject[]): Violation[] {
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
