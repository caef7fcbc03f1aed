// Reads HAR 1.2 written by anyone (browsers' devtools, Playwright, mitmproxy, Charles, an SDK's recorder,
// `certify --record`) into the exchanges the oracles judge. What cannot be used at all (not JSON, truncated, no
// `log.entries`) is a HarInputError; what is odd in one entry (HTTP/2 pseudo-headers, base64 or binary bodies,
// missing timings or bodies) is read as far as it can be, said in a note, and flagged so that no rule is judged on
// what the recording does not hold.
import { STATUS_CODES } from 'node:http';
import type { Exchange, Headers, HttpRequest, TransportErrorKind } from '../client/exchange';
import { EXTRAS_KEY, type EntryExtras } from '../results/har-write';

export class HarInputError extends Error {
  override name = 'HarInputError';
}

/** One recorded exchange and what the recording left out of it. */
export interface Recorded {
  exchange: Exchange;
  /** The file it came from and its place there (for messages). */
  source: string;
  /** The response body text is not in the recording (left out, binary, or unknown encoding). */
  responseBodyMissing: boolean;
  /** The request body text is not in the recording although the request had one. */
  requestBodyMissing: boolean;
  /** No usable start time: order is the file's, and overlap in time cannot be told. */
  noTiming: boolean;
  /** The recorder says no answer came (status 0), without saying whose side gave up. */
  unanswered: boolean;
}

export interface Recording {
  exchanges: Recorded[];
  /** Entries skipped (a method this operation has no use for, no URL...), by reason, with counts. */
  skipped: Record<string, number>;
  notes: string[];
}

const METHODS = new Set<HttpRequest['method']>(['GET', 'POST', 'DELETE', 'PUT', 'PATCH']);

/** Text -> a HAR's exchanges; `name` names the file in messages. */
export function readHar(text: string, name: string): Recording {
  if (text.trim() === '') throw new HarInputError(`${name} is empty`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const truncated = /end of (JSON )?input|Unterminated/i.test((e as Error).message);
    throw new HarInputError(`${name} is not HAR: ${truncated ? 'the JSON ends too early (a truncated file?)' : `not JSON (${(e as Error).message})`}`);
  }
  const log = isObject(doc) ? doc.log : undefined;
  if (!isObject(log)) throw new HarInputError(`${name} is not HAR: it has no \`log\` object (HAR 1.2: {"log": {"version", "creator", "entries": [...]}})`);
  if (!Array.isArray(log.entries)) throw new HarInputError(`${name} is not HAR: \`log.entries\` is not a list`);
  const out: Recording = { exchanges: [], skipped: {}, notes: [] };
  const skip = (why: string): void => {
    out.skipped[why] = (out.skipped[why] ?? 0) + 1;
  };
  let base64 = 0;
  let binary = 0;
  let pseudo = 0;
  let untimed = 0;
  let noBody = 0;
  log.entries.forEach((entry: unknown, i: number) => {
    const where = `${name} entry ${i + 1}`;
    if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.response)) return skip('an entry without request or response');
    const req = entry.request;
    const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
    if (!METHODS.has(method as HttpRequest['method'])) return skip(`method ${method || '(none)'}`);
    const reqHeaders = headersOf(req.headers, () => pseudo++);
    const url = absoluteUrl(req.url, req.headers);
    if (url === undefined) return skip('a request without a usable URL');
    const extras = isObject(entry[EXTRAS_KEY]) ? (entry[EXTRAS_KEY] as Partial<EntryExtras>) : {};
    const request: HttpRequest = { method: method as HttpRequest['method'], url, headers: reqHeaders };
    const post = isObject(req.postData) ? req.postData : undefined;
    let requestBodyMissing = false;
    if (post) {
      const body = bodyText(post.text, post.encoding, () => base64++);
      if (body.kind === 'text') request.body = body.text;
      else if (Array.isArray(post.params)) request.body = new URLSearchParams(post.params.filter(isObject).map((p): [string, string] => [String(p.name ?? ''), String(p.value ?? '')])).toString();
      else {
        requestBodyMissing = true;
        if (body.kind === 'binary') binary++;
      }
    } else if (typeof req.bodySize === 'number' && req.bodySize > 0) requestBodyMissing = true;
    if (typeof extras.requestBodyBytes === 'number') request.bodyBytes = extras.requestBodyBytes;
    if (extras.requestBodyTruncated) request.bodyTruncated = true;

    const startedAt = typeof entry.startedDateTime === 'string' && !Number.isNaN(Date.parse(entry.startedDateTime)) ? new Date(entry.startedDateTime).toISOString() : undefined;
    if (startedAt === undefined) untimed++;
    const durationMs = typeof entry.time === 'number' && entry.time >= 0 ? entry.time : timingsTotal(entry.timings);
    const base = {
      id: typeof extras.id === 'string' ? extras.id : `${name}#${i + 1}`,
      request,
      startedAt: startedAt ?? new Date(0).toISOString(),
      durationMs,
      ...(typeof extras.retriedAfter429 === 'number' ? { retriedAfter429: extras.retriedAfter429 } : {}),
      ...(extras.transportRetry ? { transportRetry: extras.transportRetry } : {}),
    };
    const res = entry.response;
    const status = typeof res.status === 'number' ? res.status : Number(res.status);
    const common = { source: where, requestBodyMissing, noTiming: startedAt === undefined };
    if (!Number.isInteger(status) || status <= 0) {
      // Browsers write status 0 for a request that got no answer, whoever gave up (the page, a proxy, the server).
      const kind: TransportErrorKind = isKind(extras.transportError?.kind) ? extras.transportError!.kind : 'other';
      const message = extras.transportError?.message ?? (typeof entry._error === 'string' ? entry._error : 'no answer was recorded');
      out.exchanges.push({ ...common, exchange: { ...base, outcome: 'transport-error', error: { kind, message } }, responseBodyMissing: true, unanswered: extras.transportError === undefined });
      return;
    }
    const content = isObject(res.content) ? res.content : {};
    const body = bodyText(content.text, content.encoding, () => base64++);
    if (body.kind === 'binary') binary++;
    if (body.kind === 'none' && (typeof content.size !== 'number' || content.size > 0)) noBody++;
    const resHeaders = headersOf(res.headers, () => pseudo++);
    const text = body.kind === 'text' ? body.text : '';
    const response: Extract<Exchange, { outcome: 'response' }>['response'] = {
      status,
      statusText: typeof res.statusText === 'string' && res.statusText !== '' ? res.statusText : (STATUS_CODES[status] ?? ''),
      headers: resHeaders,
      body: text,
    };
    const json = parseJson(text);
    if (json.ok) response.json = json.value;
    if (typeof extras.responseBodyBytes === 'number') response.bodyBytes = extras.responseBodyBytes;
    if (extras.responseBodyTruncated) response.bodyTruncated = true;
    // A body left out is missing unless the answer has none (size 0, or a status that carries none).
    const responseBodyMissing = body.kind !== 'text' && !(content.size === 0 || status === 204 || status === 304);
    out.exchanges.push({ ...common, exchange: { ...base, outcome: 'response', response }, responseBodyMissing, unanswered: false });
  });
  if (pseudo > 0) out.notes.push(`${name}: ${pseudo} HTTP/2 pseudo-header(s) (:authority, :method, :path, :scheme, :status) were set aside; the URL and status fields stand for them`);
  if (base64 > 0) out.notes.push(`${name}: ${base64} body(ies) were base64-encoded in the recording and decoded`);
  if (binary > 0) out.notes.push(`${name}: ${binary} body(ies) are not UTF-8 text; no rule is judged on them`);
  if (noBody > 0) out.notes.push(`${name}: ${noBody} response(s) were recorded without their body text; rules about bodies are not judged on them`);
  if (untimed > 0) out.notes.push(`${name}: ${untimed} entry(ies) have no start time; their order is the file's, and whether requests overlapped cannot be told`);
  for (const [why, n] of Object.entries(out.skipped)) out.notes.push(`${name}: ${n} entry(ies) set aside: ${why}`);
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isKind(k: unknown): k is TransportErrorKind {
  return k === 'timeout' || k === 'reset' || k === 'refused' || k === 'garbage' || k === 'other';
}

/** HAR's header list -> our lower-case map (repeated headers joined with ", "; HTTP/2 pseudo-headers set aside). */
function headersOf(list: unknown, onPseudo: () => void): Headers {
  const out: Headers = {};
  if (!Array.isArray(list)) return out;
  for (const h of list) {
    if (!isObject(h) || typeof h.name !== 'string') continue;
    const name = h.name.toLowerCase();
    if (name.startsWith(':')) {
      onPseudo();
      continue;
    }
    const value = String(h.value ?? '');
    out[name] = out[name] === undefined ? value : name === 'set-cookie' ? `${out[name]}\n${value}` : `${out[name]}, ${value}`;
  }
  return out;
}

/** The request's URL, made absolute from the Host or :authority header when a recorder wrote only a path. */
function absoluteUrl(url: unknown, headers: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url).toString();
  } catch {
    const list = Array.isArray(headers) ? headers.filter(isObject) : [];
    const find = (n: string) => list.find((h) => String(h.name).toLowerCase() === n)?.value;
    const host = find(':authority') ?? find('host');
    if (typeof host !== 'string') return undefined;
    try {
      return new URL(url, `${find(':scheme') ?? 'http'}://${host}`).toString();
    } catch {
      return undefined;
    }
  }
}

type Body = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'none' };

function bodyText(text: unknown, encoding: unknown, onBase64: () => void): Body {
  if (typeof text !== 'string') return { kind: 'none' };
  if (encoding === undefined || encoding === null || encoding === '') return text.includes('\u0000') ? { kind: 'binary' } : { kind: 'text', text };
  if (String(encoding).toLowerCase() !== 'base64') return { kind: 'binary' };
  onBase64();
  const bytes = Buffer.from(text, 'base64');
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return decoded.includes('\u0000') ? { kind: 'binary' } : { kind: 'text', text: decoded };
  } catch {
    return { kind: 'binary' };
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function timingsTotal(t: unknown): number {
  if (!isObject(t)) return 0;
  return ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'].reduce((n, k) => n + (typeof t[k] === 'number' && t[k] > 0 ? t[k] : 0), 0);
}

/** Several files: their exchanges in the order they started (the file's order where no time was recorded). */
export function mergeRecordings(recordings: readonly Recording[]): Recording {
  const exchanges = recordings.flatMap((r) => r.exchanges);
  const timed = exchanges.every((r) => !r.noTiming);
  if (timed) exchanges.sort((a, b) => Date.parse(a.exchange.startedAt) - Date.parse(b.exchange.startedAt));
  const skipped: Record<string, number> = {};
  for (const r of recordings) for (const [k, n] of Object.entries(r.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
  return { exchanges, skipped, notes: recordings.flatMap((r) => r.notes) };
}
