// error-codes (SHOULD): the errorCode Atlas is observed to give for a duplicate (409), an unknown stream instance
// (404) and a bad version (406). Judged whatever the status: a 400 for an unknown tenant has the wrong code too.
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, show } from './common';
import { unwrapEnvelope } from './envelope';

export const EXPECTED_ERROR_CODES = {
  duplicate: 'STREAM_CONNECTION_NAME_ALREADY_EXISTS',
  unknownTenant: 'STREAM_TENANT_NOT_FOUND_FOR_NAME',
  badVersion: 'INVALID_VERSION_DATE',
} as const;

export const errorCode = defineOracle(
  { oracleName: 'errorCode', rule: 'error-codes', profile: 'errorCodes: 409 STREAM_CONNECTION_NAME_ALREADY_EXISTS; 404 tenant STREAM_TENANT_NOT_FOUND_FOR_NAME; 406 INVALID_VERSION_DATE.' },
  (ex: Exchange, expected: string): Verdict => {
    if (ex.outcome !== 'response') return fail(`expected errorCode ${expected}, got ${got(ex)}`);
    let body = ex.response.json;
    const env = unwrapEnvelope(body);
    if (env) body = env.content;
    const actual = isPlainObject(body) ? body.errorCode : undefined;
    if (actual === expected) return PASS;
    const what = actual === undefined ? 'no errorCode' : `errorCode ${show(actual)}`;
    return fail(`expected errorCode ${expected}, got ${what} (${got(ex)})`);
  },
);
