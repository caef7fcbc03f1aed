// envelope (MUST, errata 6): with envelope=true a body becomes {status: <semantic status>, content: <the body>};
// the HTTP status may stay the real one or be 200.
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { describeDiffs, got, jsonDiff, show } from './common';

export interface Envelope {
  status: number;
  content: unknown;
}

/** The envelope when `json` has the envelope's shape (integer `status`, a `content` key), else undefined. */
/**
 * Whether an answer to this request URL may come enveloped: with envelope=true an error may arrive as HTTP 200
 * carrying {status, content: ApiError}; so may it with another spelling of the flag (envelope=TRUE, envelope=1),
 * which a target may take for true: the profile leaves it open. The every-answer checks of a run and of a
 * recording judge by it alike.
 */
export function mayBeEnveloped(url: string): boolean {
  return /[?&]envelope=/i.test(url);
}

export function unwrapEnvelope(json: unknown): Envelope | undefined {
  if (!isPlainObject(json) || !Number.isInteger(json.status) || !('content' in json)) return undefined;
  return { status: json.status as number, content: json.content };
}

/** The status an answer means: with envelope=true a target may answer HTTP 200 around another status. */
export function semanticStatus(ex: Exchange): number | undefined {
  if (ex.outcome !== 'response') return undefined;
  if (/[?&]envelope=true(&|$)/.test(ex.request.url)) {
    const env = unwrapEnvelope(ex.response.json);
    if (env) return env.status;
  }
  return ex.response.status;
}

/** Top-level keys that differ between two creates of one body under two names (envelope and pretty twins). */
export const PER_CONNECTION: readonly string[] = ['name', 'id', 'state', 'links'];

export interface EnvelopeExpectation {
  /** The status the same request is answered with when not enveloped. */
  status: number;
  /** When given, `content` must equal it (ignoring `ignore`'s top-level keys, e.g. id, state, links). */
  content?: unknown;
  ignore?: readonly string[];
}

export const envelope = defineOracle(
  { oracleName: 'envelope', rule: 'envelope', profile: 'envelope=true -> body {status:int == semantic status, content: un-enveloped body}; HTTP status may be real or 200.' },
  (ex: Exchange, expected: EnvelopeExpectation): Verdict => {
    if (ex.outcome !== 'response') return fail(`expected an enveloped answer with status ${expected.status}, got ${got(ex)}`);
    const { status } = ex.response;
    const problems: string[] = [];
    if (status !== expected.status && status !== 200) {
      problems.push(`HTTP status ${got(ex)} is neither the semantic ${expected.status} nor 200`);
    }
    const json = ex.response.json;
    if (!isPlainObject(json)) {
      problems.push(json === undefined ? 'body is not JSON' : 'body is not a JSON object');
      return fail(`envelope=true: ${problems.join('; ')}`);
    }
    if (!Number.isInteger(json.status)) problems.push(`body has no integer status (got ${show(json.status)})`);
    else if (json.status !== expected.status) problems.push(`envelope status ${show(json.status)} is not the semantic status ${expected.status}`);
    if (!('content' in json)) problems.push('body has no content');
    else if ('content' in expected) {
      const diffs = jsonDiff(expected.content, json.content, { ignoreKeys: expected.ignore ?? [], limit: 3 });
      if (diffs.length > 0) problems.push(`content differs from the un-enveloped body: ${describeDiffs(diffs)}`);
    }
    return problems.length === 0 ? PASS : fail(`envelope=true: ${problems.join('; ')}`);
  },
);
