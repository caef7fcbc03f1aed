// success-media-type: a 200 answer is application/vnd.atlas.2023-02-01+json. Parameters (charset) are allowed and
// the type is compared case-insensitively (RFC 9110 section 8.3.1).
import { VENDOR_MEDIA_TYPE } from '../contracts/types';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { contentTypeIs, describeContentType, hasStatus, type ResponseExchange } from './common';

export function isVendorMediaType(ex: ResponseExchange): boolean {
  return contentTypeIs(ex, VENDOR_MEDIA_TYPE);
}

/** Judges only 200 answers (PASS for anything else: status-200 and no-5xx speak for those). */
export const successMediaType = defineOracle(
  { oracleName: 'successMediaType', rule: 'success-media-type', profile: 'Success: 200, Content-Type application/vnd.atlas.2023-02-01+json (parameters such as charset allowed).' },
  (ex: Exchange): Verdict => {
    if (ex.outcome !== 'response' || !hasStatus(ex, 200)) return PASS;
    if (isVendorMediaType(ex)) return PASS;
    return fail(`response Content-Type ${describeContentType(ex)} is not ${VENDOR_MEDIA_TYPE}`);
  },
);
