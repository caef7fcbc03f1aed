// Oracles on the status code alone: success is exactly 200, invalid bodies are 4xx (SHOULD exactly 400), and no
// request is ever answered 5xx or left unanswered.
import { fail, PASS, type Verdict } from './verdict';
import { type Exchange } from '../client/exchange';
import { got, hasStatus, is4xx } from './common';

/** status-200: a valid create is answered 200, not 201 or another 2xx. */
export function status200(ex: Exchange): Verdict {
  return hasStatus(ex, 200) ? PASS : fail(`expected 200 for a valid create, got ${got(ex)}`);
}

/** reject-invalid: a schema violation is answered 4xx; 2xx, 3xx, 5xx and no answer all fail. */
export function rejectsInvalid(ex: Exchange, what = 'a body that violates the schema'): Verdict {
  return is4xx(ex) ? PASS : fail(`expected 4xx for ${what}, got ${got(ex)}`);
}

/** essential-fields / description-enums: a body the profile says should be refused gets a 4xx (exact-400 judges the code). */
export function rejectsShould(ex: Exchange, what = 'a body the profile says should be rejected'): Verdict {
  return is4xx(ex) ? PASS : fail(`expected 400 for ${what}, got ${got(ex)}`);
}

/** no-5xx: the server never fails to answer, neither with a 5xx nor by hanging, resetting or speaking garbage. */
export function no5xx(ex: Exchange): Verdict {
  if (ex.outcome === 'transport-error') return fail(`the server failed to answer: ${ex.error.kind}: ${ex.error.message}`);
  return ex.response.status >= 500 ? fail(`expected no 5xx, got ${got(ex)}`) : PASS;
}

/** exact-400: a body violation that was refused was refused with 400 (not judged, PASS, for other answers). */
export function exact400(ex: Exchange): Verdict {
  if (!is4xx(ex) || hasStatus(ex, 400)) return PASS;
  return fail(`expected exactly 400 for a body violation, got ${got(ex)}`);
}
