// Oracles on the path parameters: a malformed groupId, a well-formed one the caller has no project for, and an
// unknown stream instance. The profile leaves 400 vs 404 (malformed) and 401/403/404 (unknown group) open.
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus } from './common';

/** group-id-format: a groupId not matching ^[a-f0-9]{24}$ -> 400 or 404. */
export const groupIdFormat = defineOracle(
  { oracleName: 'groupIdFormat', rule: 'group-id-format', profile: 'groupId not matching ^[a-f0-9]{24}$ -> 400 or 404' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 400, 404) ? PASS : fail(`expected 400 or 404 for a malformed groupId, got ${got(ex)}`);
  },
);

/** unknown-group: a well-formed groupId the caller has no project for -> 401, 403 or 404. */
export const unknownGroup = defineOracle(
  { oracleName: 'unknownGroup', rule: 'unknown-group', profile: 'unknown well-formed groupId -> 401/403/404' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 401, 403, 404) ? PASS : fail(`expected 401, 403 or 404 for an unknown groupId, got ${got(ex)}`);
  },
);

/** unknown-tenant: an unknown stream instance -> 404. */
export const unknownTenant = defineOracle(
  { oracleName: 'unknownTenant', rule: 'unknown-tenant', profile: 'unknown tenant -> 404.' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 404) ? PASS : fail(`expected 404 for an unknown stream instance (tenantName), got ${got(ex)}`);
  },
);
