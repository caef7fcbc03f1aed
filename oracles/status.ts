// Oracles on the status code alone: success is exactly 200, invalid bodies are 4xx (SHOULD exactly 400), and no
// request is ever answered 5xx or left unanswered.
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus, is4xx } from './common';

/** status-200: a valid create is answered 200, not 201 or another 2xx. */
export const status200 = defineOracle(
  { oracleName: 'status200', rule: 'status-200', profile: 'success status 200' },
  (ex: Exchange): Verdict => {
    return hasStatus(ex, 200) ? PASS : fail(`expected 200 for a valid create, got ${got(ex)}`);
  },
);

/** reject-invalid: a schema violation is answered 4xx; 2xx, 3xx, 5xx and no answer all fail. */
export const rejectsInvalid = defineOracle(
  { oracleName: 'rejectsInvalid', rule: 'reject-invalid', profile: 'schema violations (...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.' },
  (ex: Exchange, what = 'a body that violates the schema'): Verdict => {
    return is4xx(ex) ? PASS : fail(`expected 4xx for ${what}, got ${got(ex)}`);
  },
);

/** essential-fields / description-enums: a body the profile says should be refused gets a 4xx (exact-400 judges the code). */
function refusedAsTheProfileSays(ex: Exchange, what = 'a body the profile says should be rejected'): Verdict {
  return is4xx(ex) ? PASS : fail(`expected 400 for ${what}, got ${got(ex)}`);
}

export const rejectsEssential = defineOracle(
  { oracleName: 'rejectsEssential', rule: 'essential-fields', profile: 'essential fields and description-level enums above -> 400 when violated; an empty name -> 400.' },
  refusedAsTheProfileSays,
);

export const rejectsEnum = defineOracle(
  { oracleName: 'rejectsEnum', rule: 'description-enums', profile: 'essential fields and description-level enums above -> 400 when violated' },
  refusedAsTheProfileSays,
);

/** no-5xx: the server never fails to answer, neither with a 5xx nor by hanging, resetting or speaking garbage. */
export const no5xx = defineOracle(
  { oracleName: 'no5xx', rule: 'no-5xx', profile: 'no request ever produces a 5xx.' },
  (ex: Exchange): Verdict => {
    if (ex.outcome === 'transport-error') return fail(`the server failed to answer: ${ex.error.kind}: ${ex.error.message}`);
    return ex.response.status >= 500 ? fail(`expected no 5xx, got ${got(ex)}`) : PASS;
  },
);

/** exact-400: a body violation that was refused was refused with 400 (not judged, PASS, for other answers). */
export const exact400 = defineOracle(
  { oracleName: 'exact400', rule: 'exact-400', profile: 'exactly 400 (not another 4xx) for body violations.' },
  (ex: Exchange): Verdict => {
    if (!is4xx(ex) || hasStatus(ex, 400)) return PASS;
    return fail(`expected exactly 400 for a body violation, got ${got(ex)}`);
  },
);
