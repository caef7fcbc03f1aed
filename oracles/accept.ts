// versioned-accept (SHOULD): a later Accept date is served by the latest resource version not after it
// (2023-02-01); a missing, plain application/json, earlier or malformed versioned Accept is refused 406.
import { RESOURCE_VERSION, VENDOR_MEDIA_TYPE } from '../contracts/types';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { describeContentType, got, hasStatus } from './common';
import { isVendorMediaType } from './media-type';

function accept(ex: Exchange): string {
  const a = ex.request.headers.accept;
  return a === undefined ? 'a request without Accept' : `Accept ${a}`;
}

/** The answer is 200 and served as the 2023-02-01 resource version. */
export const versionServed = defineOracle(
  { oracleName: 'versionServed', rule: 'versioned-accept', profile: 'Accept: later date (e.g. 2025-03-12) served as 2023-02-01' },
  (ex: Exchange): Verdict => {
    if (ex.outcome !== 'response' || !hasStatus(ex, 200)) {
      return fail(`expected 200 served as ${RESOURCE_VERSION} for ${accept(ex)}, got ${got(ex)}`);
    }
    if (!isVendorMediaType(ex)) {
      return fail(`expected ${accept(ex)} to be served as ${VENDOR_MEDIA_TYPE}, got Content-Type ${describeContentType(ex)}`);
    }
    return PASS;
  },
);

/** The answer is 406 Not Acceptable. */
export const versionRejected = defineOracle(
  { oracleName: 'versionRejected', rule: 'versioned-accept', profile: 'missing/application/json/earlier/malformed version -> 406.' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 406) ? PASS : fail(`expected 406 for ${accept(ex)}, got ${got(ex)}`);
  },
);
