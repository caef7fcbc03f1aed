// read-back (SHOULD): a created connection is readable by GET with the same name and type.
import { fail, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus } from './common';
import { sameNameAndType } from './response-schema';

/** `waitedMs`: how long the suite waited for the read to settle (profile v1.1) before this answer. */
export const readBack = defineOracle(
  { oracleName: 'readBack', rule: 'read-back', profile: 'created connection readable by GET with same name/type' },
  (requestBody: unknown, getEx: Exchange, waitedMs?: number): Verdict => {
    if (getEx.outcome !== 'response' || !hasStatus(getEx, 200)) {
      const after = (waitedMs ?? 0) > 0 ? ` after waiting ${((waitedMs ?? 0) / 1000).toFixed(1)} s for it to settle` : '';
      return fail(`expected GET of the created connection to answer 200, got ${got(getEx)}${after}`);
    }
    return sameNameAndType(requestBody, getEx.response.json, 'GET of the created connection:');
  },
);
