// rate-limit (MUST): a 429 answer carries Retry-After as a non-negative integer number of seconds (the spec's
// header is seconds; the client honours it and retries).
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { show } from './common';

/** Judges 429 answers only (PASS for anything else). */
export const retryAfter = defineOracle(
  { oracleName: 'retryAfter', rule: 'rate-limit', profile: '429 (if any) carries Retry-After' },
  (ex429: Exchange): Verdict => {
    if (ex429.outcome !== 'response' || ex429.response.status !== 429) return PASS;
    const value = ex429.response.headers['retry-after'];
    if (value === undefined) return fail('429 answer has no Retry-After header');
    if (!/^\d+$/.test(value.trim())) return fail(`429 Retry-After ${show(value, 40)} is not a non-negative integer number of seconds`);
    return PASS;
  },
);
