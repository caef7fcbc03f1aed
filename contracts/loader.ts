// Loads contracts/openapi.yaml once and answers the questions the rest of the suite asks of the contract:
// is this body valid for the variant its `type` selects (MUST), does it carry what the profile calls essential
// (SHOULD), which fields of a variant exist, which are write-only. Violations are reported as JSON paths.
//
// Ajv cannot compile a discriminator with a `mapping`, and a bare oneOf gives errors from every branch, so the
// top-level variant is chosen here by `type` through the contract's own mapping and validated on its own. Nested
// discriminators (SchemaRegistryAuthentication) keep ajv's `discriminator` keyword with the mapping removed after
// checking that the mapping and the branches' `type` enums agree.
import type { ValidateFunction } from 'ajv';
import { describeJson, isPlainObject } from '../util/json';
import { type ContractSource, parseContractText, readContractSource, sha256Of } from './document';
import { type FieldSpec, flattenFields } from './fields';
import { resolveAllOf, type Schema, variantNames } from './schema-refs';
import { checkShould, type ShouldPlan, shouldPlan } from './should-checks';
import { CONNECTION_TYPES, type ConnectionType, type Fixtures, isConnectionType } from './types';
import { createValidators, run, toViolations } from './validators';
import type { ShouldViolation, Violation } from './violation';

export type { Violation, ShouldCheck, ShouldViolation } from './violation';
export type { FieldSpec, JsonType } from './fields';
export { toJsonPath, parseJsonPath } from './json-path';
export { isHostPortList, isAbsoluteHttpUrl } from './should-checks';

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

export { CONTRACT_URL } from './document';

let cached: Contract | undefined;

/** The contract, parsed and compiled once per process. */
export function loadContract(): Contract {
  cached ??= fromSource(readContractSource(), true);
  return cached;
}

/** A contract from the text of an OpenAPI document (YAML or JSON) laid out as contracts/openapi.yaml. */
export function createContract(source: Buffer | string): Contract {
  return fromSource({ sha256: sha256Of(source), document: parseContractText(typeof source === 'string' ? source : source.toString('utf8')) });
}

/** `bundled`: the package's own contract, whose schemas a test checks (createValidators). */
function fromSource({ sha256, document }: ContractSource, bundled = false): Contract {
  const schemas: Record<string, Schema> = document.components.schemas;

  const variantSchemaNames = variantNames(schemas);
  const validators = createValidators(schemas, variantSchemaNames, bundled);
  const requestValidators = (t: ConnectionType) => validators.variant('request', t);
  const responseValidators = (t: ConnectionType) => validators.variant('response', t);
  const baseValidator = () => validators.named('StreamsConnectionBase', 'request');
  const apiErrorValidator = () => validators.named('ApiError');
  const listValidator = () => validators.named('PaginatedApiStreamsConnectionView');

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
