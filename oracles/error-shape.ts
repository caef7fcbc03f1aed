// error-shape (MUST): every error answer is application/json with an ApiError body whose `error` equals the HTTP
// status (with envelope=true: the ApiError is the envelope's content and `error` equals the envelope's status).
import type { Contract } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { contentTypeIs, describeContentType, show } from './common';
import { unwrapEnvelope } from './envelope';

const MAX_LISTED = 5;

/** Judges error answers (status >= 400, or an envelope status >= 400); PASS for anything else. */
export const errorShape = defineOracle(
  { oracleName: 'errorShape', rule: 'error-shape', profile: 'every error response: application/json, ApiError shape, error == HTTP status.' },
  (ex: Exchange, contract: Contract, opts: { envelope?: boolean } = {}): Verdict => {
    if (ex.outcome !== 'response') return PASS;
    let status = ex.response.status;
    let body = ex.response.json;
    const problems: string[] = [];
    if (opts.envelope) {
      const env = unwrapEnvelope(body);
      if (env) {
        status = env.status;
        body = env.content;
        if (ex.response.status !== 200 && ex.response.status !== env.status) {
          problems.push(`envelope status ${env.status} differs from the HTTP status ${ex.response.status}`);
        }
      } else if (status < 400) {
        return PASS; // the envelope oracle reports a missing envelope
      }
    }
    if (status < 400) return PASS;
    if (!contentTypeIs(ex, 'application/json')) {
      problems.push(`error response Content-Type ${describeContentType(ex)} is not application/json`);
    }
    if (body === undefined) {
      problems.push(`error body is not JSON (${ex.response.body === '' ? 'empty' : `starts ${show(ex.response.body.slice(0, 40))}`})`);
    } else {
      const violations = contract.validateApiError(body);
      if (violations.length > 0) {
        const more = violations.length > MAX_LISTED ? `; and ${violations.length - MAX_LISTED} more` : '';
        problems.push(`error body is not an ApiError: ${violations.slice(0, MAX_LISTED).map((v) => v.message).join('; ')}${more}`);
      }
      if (isPlainObject(body) && Number.isInteger(body.error) && body.error !== status) {
        problems.push(`ApiError.error ${show(body.error)} differs from the ${opts.envelope ? 'envelope' : 'HTTP'} status ${status}`);
      }
    }
    return problems.length === 0 ? PASS : fail(problems.join('; '));
  },
);
