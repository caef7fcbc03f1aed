// One HTTP attempt over a keep-alive agent, turned into either a response or a classified transport error.
// A target that hangs, resets, refuses or speaks garbage must cost the run one failed exchange, never the run:
// nothing here rejects, and every attempt ends by its deadline.
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { HttpRequest, HttpResponse, TransportError } from './exchange';

/** Request and response bodies past this size are kept as a prefix in the exchange log. */
export const BODY_LOG_LIMIT = 64 * 1024;
/** A response is read up to this size; past it the connection is dropped (a target streaming forever). */
export const RESPONSE_READ_LIMIT = 16 * 1024 * 1024;

export interface Attempt {
  method: HttpRequest['method'];
  /** Scheme, host and port to connect to (nothing else of it is used). */
  origin: URL;
  /** The request-target exactly as sent: path and query, already percent-encoded, never normalised. */
  path: string;
  /** Header names lower-case. */
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
}

export type LoggedResponse = HttpResponse & { bodyTruncated?: boolean; bodyBytes?: number };

export type AttemptResult =
  | {
      outcome: 'response';
      request: HttpRequest;
      response: LoggedResponse;
      /** Each WWW-Authenticate field on its own (the joined header cannot be split safely). */
      wwwAuthenticate: string[];
      startedAt: string;
      durationMs: number;
    }
  | { outcome: 'transport-error'; request: HttpRequest; error: TransportError; startedAt: string; durationMs: number };

export interface Transport {
  send(a: Attempt): Promise<AttemptResult>;
  close(): void;
}

/** Certificate verification failures (node's OpenSSL codes): no run can be made until the CA is given. */
const TLS_TRUST_ERROR = /SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_(UNTRUSTED|HAS_EXPIRED|NOT_YET_VALID)|ERR_TLS_CERT_ALTNAME_INVALID|unable to verify|self-signed certificate/i;

/** For a transport error that is a refused certificate: the one line that says so and what to do; else undefined. */
export function untrustedCertificate(error: { kind: string; message: string }): string | undefined {
  if (error.kind !== 'other' || !TLS_TRUST_ERROR.test(error.message)) return undefined;
  return `the target's TLS certificate is not trusted (${error.message}); give its CA with --ca FILE or NODE_EXTRA_CA_CERTS`;
}

/** Which HTTPS certificates are trusted: node's (its bundled roots, plus NODE_EXTRA_CA_CERTS, which node reads
 *  itself), plus `ca`; or, with `insecure`, any certificate at all. */
export interface TlsTrust {
  /** PEM of a private CA, trusted besides the bundled roots. */
  ca?: string;
  /** Skip certificate verification (a clearly marked, warned-about escape hatch). */
  insecure?: boolean;
}

export function createTransport(maxSockets: number, trust: TlsTrust = {}): Transport {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
  // A `ca` option replaces node's roots, so they are named again beside the private CA.
  const tlsOptions = { ...(trust.ca !== undefined ? { ca: [...rootCertificates, trust.ca] } : {}), ...(trust.insecure ? { rejectUnauthorized: false } : {}) };
  const agents = { http: new http.Agent(options), https: new https.Agent({ ...options, ...tlsOptions }) };
  return {
    async send(a) {
      const first = await attempt(a, agents);
      // A kept-alive socket the server closed while idle fails on reuse before the request reached it: one
      // retry on a fresh connection tells that race apart from a target that resets. Only for a read: a create or
      // delete reset on a reused socket may have reached the target and taken effect (a proxy resets after it),
      // and the client resolves such a loss by reading first (client.ts), never by sending it again blindly. Nor
      // a Digest-signed request: its nonce count may have reached the target, which refuses it replayed (the
      // client signs a retry anew).
      const replayable = a.method === 'GET' && !/^digest /i.test(a.headers.authorization ?? '');
      if (first.result.outcome === 'transport-error' && first.result.error.kind === 'reset' && first.reusedSocket && !first.gotResponse && replayable) {
        return (await attempt(a, agents)).result;
      }
      return first.result;
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

interface RawOutcome {
  result: AttemptResult;
  reusedSocket: boolean;
  gotResponse: boolean;
}

function attempt(a: Attempt, agents: { http: http.Agent; https: https.Agent }): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const isHttps = a.origin.protocol === 'https:';
    let request: HttpRequest = logRequest(a, a.headers);
    let settled = false;
    let gotResponse = false;
    let req: http.ClientRequest;
    const finish = (r: Omit<RawOutcome, 'gotResponse' | 'reusedSocket'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, reusedSocket: req?.reusedSocket === true, gotResponse });
    };
    const failWith = (error: TransportError) =>
      finish({ result: { outcome: 'transport-error', request, error, startedAt, durationMs: Date.now() - started } });

    // The deadline covers the whole exchange: connecting, the head, and the last byte of the body.
    const timer = setTimeout(() => {
      failWith({
        kind: 'timeout',
        message: gotResponse
          ? `response started but did not end within ${a.timeoutMs} ms`
          : `no response within ${a.timeoutMs} ms`,
      });
      req?.destroy();
    }, a.timeoutMs);

    try {
      const headers: Record<string, string> = { ...a.headers };
      if (a.body !== undefined) headers['content-length'] = String(a.body.length);
      req = (isHttps ? https : http).request({
        protocol: a.origin.protocol,
        hostname: a.origin.hostname.replace(/^\[|\]$/g, ''),
        port: a.origin.port || (isHttps ? 443 : 80),
        method: a.method,
        path: a.path,
        headers,
        agent: isHttps ? agents.https : agents.http,
      });
      request = logRequest(a, recordedHeaders(req, headers));
    } catch (e) {
      // Invalid header values and the like: the suite's own mistake, still reported as a failed exchange.
      failWith({ kind: 'other', message: errorMessage(e) });
      return;
    }

    req.on('error', (e) => failWith(classify(e)));
    req.on('response', (res) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      let bytes = 0;
      let cut = false;
      res.on('data', (c: Buffer) => {
        if (cut) return;
        bytes += c.length;
        if (bytes > RESPONSE_READ_LIMIT) {
          cut = true;
          chunks.push(c.subarray(0, c.length - (bytes - RESPONSE_READ_LIMIT)));
          done();
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('aborted', () => failWith({ kind: 'reset', message: 'connection closed before the response body ended' }));
      res.on('error', (e) => failWith(classify(e)));
      res.on('end', () => done());
      const done = () => {
        if (settled) return;
        const buf = Buffer.concat(chunks);
        const { headers, wwwAuthenticate } = responseHeaders(res.rawHeaders);
        const text = buf.toString('utf8');
        const response: LoggedResponse = {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers,
          body: text.length > BODY_LOG_LIMIT ? text.slice(0, BODY_LOG_LIMIT) : text,
        };
        if (!cut) {
          const json = parseJson(text);
          if (json.ok) response.json = json.value;
        }
        if (cut || buf.length > BODY_LOG_LIMIT) {
          response.bodyTruncated = true;
          response.bodyBytes = cut ? bytes : buf.length;
        }
        finish({
          result: { outcome: 'response', request, response, wwwAuthenticate, startedAt, durationMs: Date.now() - started },
        });
      };
    });
    req.end(a.body);
  });
}

function recordedHeaders(req: http.ClientRequest, fallback: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const [k, v] of Object.entries(req.getHeaders())) {
      if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
  } catch {
    return fallback;
  }
  return out;
}

function logRequest(a: Attempt, headers: Record<string, string>): HttpRequest {
  const r: HttpRequest = { method: a.method, url: a.origin.origin + a.path, headers };
  if (a.body !== undefined) {
    if (a.body.length > BODY_LOG_LIMIT) {
      r.body = a.body.subarray(0, BODY_LOG_LIMIT).toString('utf8');
      r.bodyTruncated = true;
    } else {
      r.body = a.body.toString('utf8');
    }
    r.bodyBytes = a.body.length;
  }
  return r;
}

/** Header names lower-case, repeated fields joined with ", " (Set-Cookie included), as the model says. */
function responseHeaders(raw: readonly string[]): { headers: Record<string, string>; wwwAuthenticate: string[] } {
  const headers: Record<string, string> = {};
  const wwwAuthenticate: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    if (name === 'www-authenticate') wwwAuthenticate.push(value);
  }
  return { headers, wwwAuthenticate };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Transport errors by what the target did: reset, refused, spoke something not HTTP, or anything else. */
export function classify(e: unknown): TransportError {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = errorMessage(e);
  if (code.startsWith('HPE_') || /parse error/i.test(message)) return { kind: 'garbage', message: `not an HTTP response: ${message}` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) return { kind: 'reset', message };
  if (code === 'ECONNREFUSED') return { kind: 'refused', message };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', message };
  return { kind: 'other', message: code && !message.includes(code) ? `${code}: ${message}` : message };
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
