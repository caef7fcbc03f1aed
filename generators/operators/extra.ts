// An unknown extra property: allowed by the spec (no additionalProperties: false), so a target may accept or
// reject it; the only rule judged is that it never answers 5xx. `__proto__` and `constructor` probe targets that
// store bodies in plain objects.
import fc from 'fast-check';
import type { ConnectionType } from '../../contracts/types';
import { CONNECTION_TYPES } from '../../contracts/types';
import { fillParams } from './common';
import { cloneBody, getAt, jsonPath, resolveSite, setAt, writableFields } from './paths';
import { defineOperator, type OperatorEnv } from './types';

const NAMES = ['scExtraProperty', 'x-sc-extra', 'unknownField', 'tags', 'metadata', 'description', '_sc', 'sc.extra.dotted', 'ünïcødé', 'enabled', '__proto__', 'constructor'];

/** Property names declared nowhere in the contract, so an "extra" one is extra in every variant. */
function declaredAnywhere(env: OperatorEnv): Set<string> {
  return new Set(CONNECTION_TYPES.flatMap((t) => env.contract.fields(t).map((f) => f.path.split('.').pop()!)));
}

/** Object-valued sites that take named properties (maps excluded: any key is valid there). */
function objectSites(type: ConnectionType, env: OperatorEnv): string[] {
  const fields = writableFields(type, env);
  const paths = new Set(fields.map((f) => f.path));
  return ['', ...fields.filter((f) => f.jsonType === 'object' && !paths.has(`${f.path}.{}`) && !f.path.includes('[]')).map((f) => f.path)];
}

export const extraProperty = defineOperator({
  name: 'extra-property',
  rule: 'no-5xx',
  level: 'MUST',
  description: 'an unknown extra property at the root or in a nested object (allowed by the spec: only "no 5xx" is judged)',
  profile: 'Unknown extra properties are allowed by the spec: a target may accept or reject them, and the suite judges neither. ... no request ever produces a 5xx.',
  targets: (type, env) => objectSites(type, env).map((site) => ({ id: site === '' ? '$' : site, site })),
  params: (_type, _target, env) => {
    const declared = declaredAnywhere(env);
    return fc.record({
      fill: fillParams(),
      name: fc.constantFrom(...NAMES.filter((n) => !declared.has(n))),
      value: fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({ nested: true }), fc.constant(['x'])),
    });
  },
  apply(base, _type, target, p) {
    const body = cloneBody(base);
    const parent = target.site === '' ? [] : resolveSite(body, target.site, p.fill.pick);
    // A nullable object (dbRoleToExecute) may be null in the base: give it a body to carry the property.
    if (parent.length > 0 && getAt(body, parent) === null) setAt(body, parent, {});
    const segs = [...parent, p.name];
    setAt(body, segs, p.value);
    return { path: jsonPath(segs), body };
  },
});
