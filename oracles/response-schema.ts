// response-schema and response-name-type (MUST): a 200 body is the variant its `type` selects, and it names the
// connection that was asked for.
import type { Contract } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { hasStatus, show } from './common';

const MAX_LISTED = 5;

/** Judges only 200 answers (PASS otherwise). The body, un-enveloped, must validate against its variant. */
export const responseSchema = defineOracle(
  { oracleName: 'responseSchema', rule: 'response-schema', profile: 'success body matches the variant schema selected by `type`.' },
  (ex: Exchange, contract: Contract): Verdict => {
    if (ex.outcome !== 'response' || !hasStatus(ex, 200)) return PASS;
    if (!('json' in ex.response) || ex.response.json === undefined) {
      return fail(`200 body is not JSON (${ex.response.body.length === 0 ? 'empty' : `starts ${show(ex.response.body.slice(0, 40))}`})`);
    }
    const body = ex.response.json;
    const violations = contract.validateResponseBody(body);
    if (violations.length === 0) return PASS;
    const variant = isPlainObject(body) && typeof body.type === 'string' ? `the ${show(body.type, 40)} schema` : 'any variant';
    const listed = violations.slice(0, MAX_LISTED).map((v) => v.message);
    const more = violations.length > MAX_LISTED ? `; and ${violations.length - MAX_LISTED} more` : '';
    return fail(`200 body does not match ${variant}: ${listed.join('; ')}${more}`);
  },
);

/** Judges only 200 answers (PASS otherwise): the response's name and type equal the request's. */
export const responseNameType = defineOracle(
  { oracleName: 'responseNameType', rule: 'response-name-type', profile: "response name and type equal the request's." },
  (requestBody: unknown, ex: Exchange): Verdict => {
    if (ex.outcome !== 'response' || !hasStatus(ex, 200)) return PASS;
    return sameNameAndType(requestBody, ex.response.json, 'response');
  },
);

/** Shared with read-back: `name` and `type` of `actual` equal those of `sent`. */
export function sameNameAndType(sent: unknown, actual: unknown, what: string): Verdict {
  if (!isPlainObject(actual)) return fail(`${what} body is not a JSON object, so it has no name or type`);
  const req = isPlainObject(sent) ? sent : {};
  const problems: string[] = [];
  for (const key of ['name', 'type'] as const) {
    if (!(key in actual)) problems.push(`${what} has no ${key} (request's is ${show(req[key])})`);
    else if (actual[key] !== req[key]) problems.push(`${what} ${key} ${show(actual[key])} differs from the request's ${show(req[key])}`);
  }
  return problems.length === 0 ? PASS : fail(problems.join('; '));
}
