// Operators on `name`: missing (MUST: the contract requires it), empty (SHOULD: the profile's "an empty name ->
// 400"), and blank but not empty, which the profile leaves open: a probe judged by "no 5xx" alone.
import fc from 'fast-check';
import { BLANK_PLACEHOLDER, type BlankKind } from '../context';
import { variantTargets, variantOf } from './common';
import { cloneBody } from './paths';
import { defineOperator } from './types';

export const missingName = defineOperator({
  name: 'missing-name',
  rule: 'reject-invalid',
  level: 'MUST',
  description: 'removes `name`',
  profile: 'schema violations (... missing name ...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.',
  targets: () => [{ id: 'name', site: 'name' }],
  params: () => fc.constant(null),
  apply(base) {
    const body = cloneBody(base);
    delete body.name;
    return { path: '$.name', body };
  },
});

export const emptyName = defineOperator({
  name: 'empty-name',
  rule: 'essential-fields',
  level: 'SHOULD',
  description: '`name` is the empty string',
  profile: 'an empty name -> 400.',
  targets: () => [{ id: 'name/empty', site: 'name' }],
  params: () => fc.constant(null),
  apply(base) {
    const body = cloneBody(base);
    body.name = '';
    return { path: '$.name', body };
  },
});

/**
 * A blank name is unique per case (whitespace digits of a counter), so an accepted one never makes a later case
 * meet 409. Sample names must be a known source, so a blank one would break that SHOULD as well: not a probe there.
 */
export const blankName = defineOperator({
  name: 'blank-name',
  rule: 'no-5xx',
  level: 'MUST',
  description: '`name` blank but not empty (ASCII or Unicode whitespace): open in the profile, only "no 5xx" is judged',
  profile: 'no request ever produces a 5xx.',
  targets: (type) => (type === 'Sample' ? [] : variantTargets('name', ['ascii', 'unicode'])),
  params: () => fc.constant(null),
  apply(base, _type, target) {
    const body = cloneBody(base);
    body.name = BLANK_PLACEHOLDER[variantOf(target.id) as BlankKind];
    return { path: '$.name', body };
  },
});
