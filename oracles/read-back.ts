// read-back (SHOULD): a created connection is readable by GET with the same name and type.
import { fail, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus } from './common';
import { sameNameAndType } from './response-schema';

export const readBack = defineOracle(
  { oracleName: 'readBack', rule: 'read-back', profile: 'created connection readable by GET with same name/type' },
  (requestBody: unknown, getEx: Exchange): Verdict => {
    if (getEx.outcome !== 'response' || !hasStatus(getEx, 200)) return fail(`expected GET of the created connection to answer 200, got ${got(getEx)}`);
    return sameNameAndType(requestBody, getEx.response.json, 'GET of the created connection:');
  },
);
