// reason-phrase (SHOULD): an ApiError's `reason` is the standard reason phrase of its status. The profile lets
// `reason` be absent or null; only a string is judged. RFC 9110 renamed a few phrases; old and new both count.
import { STATUS_CODES } from 'node:http';
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { show } from './common';
import { unwrapEnvelope } from './envelope';

const ALSO: Record<number, readonly string[]> = {
  413: ['Content Too Large', 'Payload Too Large', 'Request Entity Too Large'],
  414: ['URI Too Long', 'Request-URI Too Long'],
  416: ['Range Not Satisfiable', 'Requested Range Not Satisfiable'],
  418: ["I'm a Teapot", "I'm a teapot"],
  422: ['Unprocessable Content', 'Unprocessable Entity'],
};

/** The standard reason phrases of a status (empty for an unregistered status). */
export function standardPhrases(status: number): readonly string[] {
  const own = STATUS_CODES[status];
  return [...new Set([...(own ? [own] : []), ...(ALSO[status] ?? [])])];
}

export const reasonPhrase = defineOracle(
  { oracleName: 'reasonPhrase', rule: 'reason-phrase', profile: 'reason == standard reason phrase of the status. ... reason?:string|null' },
  (ex: Exchange): Verdict => {
    if (ex.outcome !== 'response') return PASS;
    let status = ex.response.status;
    let body = ex.response.json;
    const env = unwrapEnvelope(body);
    if (env && isPlainObject(env.content)) {
      status = env.status;
      body = env.content;
    }
    if (!isPlainObject(body) || typeof body.reason !== 'string') return PASS;
    const phrases = standardPhrases(status);
    if (phrases.length === 0 || phrases.includes(body.reason)) return PASS;
    return fail(`reason ${show(body.reason)} is not the standard phrase of ${status} (${phrases.map((p) => show(p)).join(' or ')})`);
  },
);
