// cleanup (SHOULD): DELETE of a created connection is answered 202, and GET answers 404 once it is gone (the caller
// polls through DELETING and passes the last GET).
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { got, hasStatus, show } from './common';

/**
 * `deleteEx` is the last DELETE asked (the suite asks again within the settle bound while the target answers 409 or
 * 404 for now; `waitedMs` is how long it did). A DELETE whose answer was lost after it took effect (`tookEffect`)
 * counts as accepted: the answer to the suite's own retry is never judged.
 */
export const cleanupGone = defineOracle(
  { oracleName: 'cleanupGone', rule: 'cleanup', profile: 'DELETE 202 then GET 404 (poll through DELETING).' },
  (deleteEx: Exchange, finalGetEx: Exchange, waitedMs?: number): Verdict => {
    const problems: string[] = [];
    const lost = deleteEx.outcome === 'transport-error' && deleteEx.transportRetry?.tookEffect === true;
    const after = waitedMs !== undefined ? ` after asking again for ${(waitedMs / 1000).toFixed(1)} s` : '';
    if (!lost && !hasStatus(deleteEx, 202)) problems.push(`expected DELETE to answer 202, got ${got(deleteEx)}${after}`);
    if (!hasStatus(finalGetEx, 404)) {
      const body = finalGetEx.outcome === 'response' ? finalGetEx.response.json : undefined;
      const state = isPlainObject(body) && body.state !== undefined ? ` (state ${show(body.state)})` : '';
      problems.push(`expected GET after DELETE to answer 404, got ${got(finalGetEx)}${state}`);
    }
    return problems.length === 0 ? PASS : fail(problems.join('; '));
  },
);
