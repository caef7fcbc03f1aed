// Authentication and authorisation oracles (MUST): missing or wrong credentials are 401; a credential that
// authenticates without the create role is 401 or 403.
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus } from './common';

/** auth-missing: no credentials -> 401. */
export const authMissing = defineOracle(
  { oracleName: 'authMissing', rule: 'auth-missing', profile: 'no credentials -> 401' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 401) ? PASS : fail(`expected 401 for a request without credentials, got ${got(ex)}`);
  },
);

/** auth-invalid: a wrong Digest password or bearer token -> 401. */
export const authInvalid = defineOracle(
  { oracleName: 'authInvalid', rule: 'auth-invalid', profile: 'wrong credentials -> 401' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 401) ? PASS : fail(`expected 401 for wrong credentials, got ${got(ex)}`);
  },
);

/** auth-role: authenticated but without the create role -> 401 or 403. */
export const authRole = defineOracle(
  { oracleName: 'authRole', rule: 'auth-role', profile: 'authenticated without the role -> 401 or 403.' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 401, 403) ? PASS : fail(`expected 401 or 403 for a credential without the create role, got ${got(ex)}`);
  },
);
