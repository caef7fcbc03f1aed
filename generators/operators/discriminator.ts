// Operators on the discriminator `type`: missing, unknown, wrongly cased, or swapped to another variant.
import fc from 'fast-check';
import { createGenContext } from '../context';
import { validCore } from '../valid';
import { ruleOfShould } from '../labels';
import { CONNECTION_TYPES, type ConnectionType, isConnectionType } from '../../contracts/types';
import { variantTargets, variantOf } from './common';
import { cloneBody } from './paths';
import { defineOperator, type OperatorEnv } from './types';

export const missingType = defineOperator({
  name: 'missing-type',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'removes `type`',
  profile: 'schema violations (... unknown/missing type ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: () => [{ id: 'type', site: 'type' }],
  params: () => fc.constant(null),
  apply(base) {
    const body = cloneBody(base);
    delete body.type;
    return { path: '$.type', body };
  },
});

/** Near misses a client could send: the schema name generic tools send (errata 8), plural, padded, empty, foreign. */
const UNKNOWN_TYPE_VARIANTS = ['schema-name', 'plural', 'leading-space', 'trailing-space', 'empty', 'foreign'] as const;

function unknownTypeValue(type: ConnectionType, variant: string, env: OperatorEnv): string {
  switch (variant) {
    case 'schema-name':
      return env.contract.variantSchemaNames[type];
    case 'plural':
      return `${type}s`;
    case 'leading-space':
      return ` ${type}`;
    case 'trailing-space':
      return `${type} `;
    case 'empty':
      return '';
    default:
      return 'MongoDB';
  }
}

export const unknownType = defineOperator({
  name: 'unknown-type',
  rule: 'reject-invalid',
  level: 'MUST',
  description: '`type` outside the ten connection types (schema name, plural, padded, empty, foreign)',
  profile: 'type (MUST present, one of the 10) ... schema violations (... unknown/missing type ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) =>
    variantTargets('type', UNKNOWN_TYPE_VARIANTS.filter((v) => !isConnectionType(unknownTypeValue(type, v, env)))),
  params: () => fc.constant(null),
  apply(base, type, target, _p, env) {
    const body = cloneBody(base);
    body.type = unknownTypeValue(type, variantOf(target.id), env);
    return { path: '$.type', body };
  },
});

function recase(type: string, variant: string): string {
  return variant === 'lower' ? type.toLowerCase() : variant === 'upper' ? type.toUpperCase() : type[0]!.toLowerCase() + type.slice(1);
}

export const typeCase = defineOperator({
  name: 'type-case',
  rule: 'reject-invalid',
  level: 'MUST',
  description: '`type` in another case ("kafka"): the discriminator is case-sensitive',
  profile: 'type (MUST present, one of the 10) ... schema violations (... unknown/missing type ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type) =>
    variantTargets(
      'type',
      ['lower', 'upper', 'camel'].filter((v, i, all) => {
        const value = recase(type, v);
        return !isConnectionType(value) && all.findIndex((w) => recase(type, w) === value) === i;
      }),
    ),
  params: () => fc.constant(null),
  apply(base, type, target) {
    const body = cloneBody(base);
    body.type = recase(type, variantOf(target.id));
    return { path: '$.type', body };
  },
});

/**
 * The body of one type sent as another. Only a case when the result really breaks the other variant: its
 * schema (MUST) or, schema-valid, its SHOULD checks under one rule. The label is computed from the contract.
 */
function swap(base: unknown, to: ConnectionType, env: OperatorEnv) {
  const body = cloneBody(base);
  body.type = to;
  const must = env.contract.validateRequestBody(body);
  if (must.length > 0) return { path: must[0]!.path, rule: 'reject-invalid' as const, level: 'MUST' as const, body };
  const should = env.contract.checkShould(body, env.fixtures);
  const rules = new Set(should.map((v) => ruleOfShould(v.keyword)));
  if (should.length === 0 || rules.size !== 1) return undefined;
  return { path: should[0]!.path, rule: [...rules][0]!, level: 'SHOULD' as const, body };
}

const PROBES = 8;
const swapTargets = new Map<string, ConnectionType[]>();

/** Targets U whose swap is a case for every one of a few probe bodies (AWSLambda -> S3 never is: same fields). */
function swappable(type: ConnectionType, env: OperatorEnv): ConnectionType[] {
  const key = `${type}|${env.contract.sha256}|${JSON.stringify(env.fixtures)}`;
  let out = swapTargets.get(key);
  if (!out) {
    const ctx = createGenContext({ fixtures: env.fixtures });
    const probes = fc.sample(validCore(type, ctx.fixtures), { seed: 7, numRuns: PROBES });
    out = CONNECTION_TYPES.filter((to) => to !== type && probes.every((b) => swap(b, to, env) !== undefined));
    swapTargets.set(key, out);
  }
  return out;
}

export const typeSwap = defineOperator({
  name: 'type-swap',
  rule: 'reject-invalid',
  level: 'MUST',
  description: "a body of one type sent with another type's name, when that breaks the other variant (label from the contract)",
  profile: 'Connection types (discriminator `type`) ... schema violations (wrong JSON type of any field ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: (type, env) => swappable(type, env).map((to) => ({ id: `type/${to}`, site: 'type' })),
  params: () => fc.constant(null),
  apply(base, _type, target, _p, env) {
    return swap(base, variantOf(target.id) as ConnectionType, env);
  },
});
