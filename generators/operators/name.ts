// Operators on `name`: missing (MUST: the contract requires it) and empty or blank (SHOULD: errata 3).
import fc from 'fast-check';
import { variantTargets, variantOf } from './common';
import { cloneBody } from './paths';
import { defineOperator } from './types';

export const missingName = defineOperator({
  name: 'missing-name',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'removes `name`',
  targets: () => [{ id: 'name', site: 'name' }],
  params: () => fc.constant(null),
  apply(base) {
    const body = cloneBody(base);
    delete body.name;
    return { path: '$.name', body };
  },
});

const BLANKS: Record<string, string> = { empty: '', spaces: '   ', whitespace: '\t\n' };

export const emptyName = defineOperator({
  name: 'empty-name',
  rule: 'essential-fields',
  level: 'SHOULD',
  description: '`name` empty or only whitespace',
  targets: () => variantTargets('name', Object.keys(BLANKS)),
  params: () => fc.constant(null),
  apply(base, _type, target) {
    const body = cloneBody(base);
    body.name = BLANKS[variantOf(target.id)];
    return { path: '$.name', body };
  },
});
