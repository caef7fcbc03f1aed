// Exchanges as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format browsers' devtools,
// Playwright, mitmproxy and Charles read and write. Pure conversion: the caller redacts the exchanges first
// (reports/har.ts does, with the one redactor), so nothing here ever sees a secret it should not write.
import type { Entry, Har, Header, QueryString } from 'har-format';
import type { Exchange, Headers } from '../client/exchange';

/** What HAR has no field for, kept under the custom key HAR allows (names starting with `_`). */
export interface EntryExtras {
  id: string;
  requestBodyBytes?: number;
  requestBodyTruncated?: boolean;
  responseBodyBytes?: number;
  responseBodyTruncated?: boolean;
  retriedAfter429?: number;
  transportRetry?: Exchange['transportRetry'];
  /** For an exchange that got no HTTP response: why (HAR's response then has status 0, as browsers write). */
  transportError?: { kind: string; message: string };
}

export const EXTRAS_KEY = '_streamConformance';

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export function toHar(exchanges: readonly Exchange[], creator: HarCreator): Har {
  return { log: { version: '1.2', creator, entries: exchanges.map(toEntry) } };
}

function headerList(h: Headers): Header[] {
  return Object.entries(h).map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): QueryString[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function toEntry(ex: Exchange): Entry {
  const req = ex.request;
  const extras: EntryExtras = {
    id: ex.id,
    ...(req.bodyBytes !== undefined ? { requestBodyBytes: req.bodyBytes } : {}),
    ...(req.bodyTruncated ? { requestBodyTruncated: true } : {}),
    ...(ex.retriedAfter429 ? { retriedAfter429: ex.retriedAfter429 } : {}),
    ...(ex.transportRetry ? { transportRetry: ex.transportRetry } : {}),
  };
  const requestBodySize = req.body === undefined ? 0 : (req.bodyBytes ?? Buffer.byteLength(req.body, 'utf8'));
  const request: Entry['request'] = {
    method: req.method,
    url: req.url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: headerList(req.headers),
    queryString: queryOf(req.url),
    ...(req.body !== undefined ? { postData: { mimeType: req.headers['content-type'] ?? '', text: req.body } } : {}),
    headersSize: -1,
    bodySize: requestBodySize,
  };
  let response: Entry['response'];
  if (ex.outcome === 'response') {
    const r = ex.response;
    if (r.bodyTruncated) extras.responseBodyTruncated = true;
    if (r.bodyBytes !== undefined) extras.responseBodyBytes = r.bodyBytes;
    const size = r.bodyBytes ?? Buffer.byteLength(r.body, 'utf8');
    response = {
      status: r.status,
      statusText: r.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(r.headers),
      content: { size, mimeType: r.headers['content-type'] ?? '', text: r.body },
      redirectURL: r.headers['location'] ?? '',
      headersSize: -1,
      bodySize: size,
    };
  } else {
    extras.transportError = { kind: ex.error.kind, message: ex.error.message };
    response = { status: 0, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1 };
  }
  const entry: Entry & Record<string, unknown> = {
    startedDateTime: ex.startedAt,
    time: ex.durationMs,
    request,
    response,
    cache: {},
    // The client measures one span, from sending to the whole answer: all of it is `wait` (the rest unknown, -1).
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: Math.max(0, ex.durationMs), receive: 0 },
    ...(ex.outcome === 'transport-error' ? { _error: `${ex.error.kind}: ${ex.error.message}` } : {}),
    [EXTRAS_KEY]: extras,
  };
  return entry;
}
