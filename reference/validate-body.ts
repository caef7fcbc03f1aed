// The create body: media type (415), size (413), JSON (400 INVALID_JSON, the detail gives a position, never the
// text), then every MUST violation of the contract schema and every SHOULD violation with the configured
// fixtures (400 VALIDATION_ERROR, all listed in badRequestDetail.fields).
import type { Contract } from '../contracts/loader';
import { type Fixtures, VENDOR_MEDIA_TYPE } from '../contracts/types';
import { isUtf8 } from 'node:buffer';
import { readBody } from './body';
import type { Exchange } from './exchange';
import type { FaultHooks } from './fault-hooks';
import { type ErrorSpec, type FieldViolation, JSON_TYPE } from './respond';

export type BodyCheck = { kind: 'ok'; body: unknown } | { kind: 'refused'; error: ErrorSpec } | { kind: 'aborted' };

export interface BodyCheckDeps {
  contract: Contract;
  fixtures: Fixtures;
  hooks: Pick<
    FaultHooks,
    'checkContentType' | 'bodyLimit' | 'tooLargeStatus' | 'invalidStatus' | 'validateBody' | 'skipShould' | 'waiveShould' | 'alsoRefuse' | 'nameError' | 'quoteBodyInError' | 'strictUtf8' | 'crashOnDepth' | 'crashOnLoneSurrogate'
  >;
}

const refused = (error: ErrorSpec): BodyCheck => ({ kind: 'refused', error });

export async function checkCreateBody(x: Exchange, deps: BodyCheckDeps): Promise<BodyCheck> {
  const { hooks } = deps;
  if (hooks.checkContentType) {
    const media = x.req.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
    if (media !== JSON_TYPE && media !== VENDOR_MEDIA_TYPE) {
      return refused({ status: 415, errorCode: 'UNSUPPORTED_MEDIA_TYPE', detail: `Request Content-Type must be ${VENDOR_MEDIA_TYPE} or ${JSON_TYPE}.` });
    }
  }
  const read = await readBody(x.req, hooks.bodyLimit);
  if (read.kind === 'aborted') return read;
  if (read.kind === 'too-large') {
    return refused({ status: hooks.tooLargeStatus, errorCode: 'PAYLOAD_TOO_LARGE', detail: `The request body exceeds ${hooks.bodyLimit} bytes.` });
  }
  if (hooks.strictUtf8 && !isUtf8(read.bytes)) {
    return refused({ status: hooks.invalidStatus, errorCode: 'INVALID_JSON', detail: 'The request body is not valid UTF-8.' });
  }
  const text = read.bytes.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // V8's message quotes the input, which may hold secrets: keep only the position.
    const pos = /position (\d+)/.exec(String((e as Error).message))?.[1];
    return refused({
      status: hooks.invalidStatus,
      errorCode: 'INVALID_JSON',
      detail: text.trim() === '' ? 'The request body is empty; a JSON object is required.' : `Malformed JSON in the request body${pos ? ` at position ${pos}` : ''}.`,
    });
  }
  if ((hooks.crashOnDepth !== null && depthOf(body) > hooks.crashOnDepth) || (hooks.crashOnLoneSurrogate && hasLoneSurrogate(body))) {
    return refused({ status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' });
  }
  const nameError = hooks.nameError(typeof body === 'object' && body !== null ? (body as { name?: unknown }).name : undefined);
  if (nameError) return refused(nameError);
  if (!hooks.validateBody) return { kind: 'ok', body };
  const fields: FieldViolation[] = deps.contract.validateRequestBody(body).map((v) => ({ field: v.path, description: v.message }));
  for (const v of deps.contract.checkShould(body, deps.fixtures)) {
    if (!hooks.skipShould.has(v.keyword) && !hooks.waiveShould(v, body)) fields.push({ field: v.path, description: v.message });
  }
  if (fields.length === 0) {
    const also = hooks.alsoRefuse(body);
    if (also !== undefined) fields.push({ field: '$', description: also });
  }
  if (fields.length === 0) return { kind: 'ok', body };
  const summary = `Invalid connection: ${fields.map((f) => f.description).join('; ')}`;
  return refused({
    status: hooks.invalidStatus,
    errorCode: 'VALIDATION_ERROR',
    detail: hooks.quoteBodyInError ? `${summary}. Request body: ${text}` : summary,
    parameters: fields.map((f) => f.field),
    fields,
  });
}

/** How deep a JSON value nests (a scalar is 0), without recursion. */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d + 1);
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any string of a JSON value (keys included) holds a lone surrogate. */
export function hasLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}
