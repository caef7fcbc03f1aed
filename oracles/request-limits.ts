// Oracles for requests a target should refuse before reading the body as a connection (profile, SHOULD).
import type { Exchange } from '../client/exchange';
import type { Verdict } from './verdict';
import { fail, PASS } from './verdict';
import { defineOracle } from './define';

function described(ex: Exchange): string {
  return ex.outcome === 'response' ? `${ex.response.status} ${ex.response.statusText}`.trim() : `no answer (${ex.error.kind}: ${ex.error.message})`;
}

/** unsupported-media-type: a request Content-Type other than application/json or the vendor type -> 415. */
export const unsupportedMediaType = defineOracle(
  { oracleName: 'unsupportedMediaType', rule: 'unsupported-media-type', profile: 'request Content-Type other than application/json or the vendor type -> 415' },
  (ex: Exchange): Verdict => {
    if (ex.outcome === 'response' && ex.response.status === 415) return PASS;
    return fail(`expected 415 for request Content-Type ${ex.request.headers['content-type'] ?? '(none)'}, got ${described(ex)}`);
  },
);

/** payload-too-large: a body over 1 MiB -> 413 (400 tolerated), never 2xx or 5xx. */
export const payloadTooLarge = defineOracle(
  { oracleName: 'payloadTooLarge', rule: 'payload-too-large', profile: 'a body over 1 MiB -> 413 (400 tolerated); neither ever 5xx.' },
  (ex: Exchange): Verdict => {
    if (ex.outcome === 'response' && (ex.response.status === 413 || ex.response.status === 400)) return PASS;
    const size = ex.request.bodyBytes ?? ex.request.body?.length ?? 0;
    return fail(`expected 413 (or 400) for a ${size}-byte body, got ${described(ex)}`);
  },
);
