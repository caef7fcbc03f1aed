// The suite's only way to talk to a target. Every request it is asked to send becomes exactly one Exchange in the
// log (plus one per 429 honoured), whatever the target does: authentication round trips, stale nonces, expired
// tokens and 429s are handled here, so suites see the answer to the request they meant to send.
import { VENDOR_MEDIA_TYPE } from '../contracts/types';
import type { Exchange, HttpRequest, TransportError } from './exchange';
import { type Credential, credentialKey, credentialSecrets } from './credentials';
import { DigestSession, parseChallenges, selectDigestChallenge } from './digest';
import pLimit, { type LimitFunction } from 'p-limit';
import { CircuitOpen, RateLimited } from './budget';
import { createRunPolicies, type RunPolicies } from './policies';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { checkPath, createdName, lowerCaseHeaders, mergeHeaders, positive, queryString, sleep } from './request-parts';
import { ServiceAccountTokenSource, TOKEN_PATH } from './service-account';
import { type Attempt, type AttemptResult, createTransport, type TlsTrust, type Transport } from './transport';

export interface ClientOptions {
  baseUrl: string;
  credential: Credential;
  /** Deadline of one HTTP attempt, first byte sent to last byte received. Default 10000. */
  timeoutMs?: number;
  /** Cap on requests per second across all concurrent sends (every attempt counts). */
  ratePerSecond?: number;
  /** A limiter shared with other clients, so that together they keep one cap (instead of ratePerSecond). */
  rateLimiter?: RateLimiter;
  /**
   * How often a 429 is retried after waiting Retry-After (or the back-off). Default 5. Still 429 after retrying:
   * the send throws RateLimited (its case is cut, the 429s having been judged); with 0 the 429 is returned.
   */
  maxRetries429?: number;
  /**
   * The run's breaker, 429 back-off, budget and flaky log, shared by all its clients; default: this client's own
   * (see policies.ts).
   */
  policies?: RunPolicies;
  /** Called with every 429 exchange (retried or final), for the rate-limit oracle. */
  on429?: (ex: Exchange) => void;
  /**
   * Called once with every exchange that enters the log: the final answer of each send and each 429 honoured before
   * it. (A 429 goes to both callbacks; count exchanges here only.)
   */
  onExchange?: (ex: Exchange) => void;
  /** Prefix of exchange ids, default `x-` (giving `x-000001`). */
  idPrefix?: string;
  /** Requests in flight at once (sockets per target). Default 16. */
  maxConcurrency?: number;
  /** Certificates trusted for an https target besides node's own (certify --ca, --insecure). */
  tls?: TlsTrust;
  /** Pace by the target's advertised rate limit (client/pacer.ts). Default true; false for a client whose job is
   *  to reach the limit (the pact's rate-limit probe) or to forward requests as they come (the pact gateway). */
  pace?: boolean;
}

export interface SendRequest {
  method: HttpRequest['method'];
  /** Path under the base URL, query included, already percent-encoded: `/api/atlas/v2/...?pretty=true`. */
  path: string;
  /** An `authorization` header given here is sent as is and the credential is not applied (malformed-auth probes). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Overrides the client's credential for this request (none, wrong password, read-only key...). */
  credential?: Credential;
  /** Cleanup: sent even once the run's budget is spent. */
  cleanup?: boolean;
}

export interface CallOptions {
  query?: Record<string, string>;
  /** Header values override the defaults; `null` leaves a default header out (e.g. no Accept at all). */
  headers?: Record<string, string | null>;
  credential?: Credential;
  cleanup?: boolean;
}

export interface CreateOptions extends CallOptions {
  /** Sent instead of the JSON encoding of the body (malformed JSON, huge bodies, other encodings). */
  rawBody?: string | Buffer;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Retries of a request whose answer was lost in transport: two (the second only after a reset, not a timeout),
 *  so a link that resets 1 answer in 200 fails a request about once in 8 million, while a target that never
 *  answers a class fails it at once (the breaker). */
const MAX_TRANSPORT_RETRIES = 2;
const API_PREFIX = '/api/atlas/v2';

export class TargetClient {
  private readonly origin: URL;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly maxRetries429: number;
  readonly policies: RunPolicies;
  private readonly transport: Transport;
  private readonly limiter: RateLimiter;
  /** Bounds the requests in flight, so a queued request's deadline does not run while it waits. */
  private readonly slots: LimitFunction;
  private readonly sentListeners: ((req: SendRequest, ex: Exchange) => void)[] = [];
  private readonly digestSessions = new Map<string, DigestSession>();
  private readonly tokenSources = new Map<string, ServiceAccountTokenSource>();
  private readonly credentialsSeen = new Map<string, Credential>();
  private exchanges = 0;
  private attempts = 0;
  private closed = false;

  constructor(private readonly opts: ClientOptions) {
    let base: URL;
    try {
      base = new URL(opts.baseUrl);
    } catch {
      // Not quoted back: a mistyped URL may still hold a user:password part.
      throw new Error('target base URL is not a URL (expected e.g. http://127.0.0.1:8080)');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`target base URL must be http or https, got ${base.protocol}`);
    if (base.username || base.password) throw new Error('target base URL must not carry credentials; use --credential');
    if (base.search || base.hash) throw new Error('target base URL must not have a query or fragment');
    this.origin = new URL(base.origin);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.timeoutMs = positive(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxRetries429 = Math.max(0, Math.floor(opts.maxRetries429 ?? 5));
    this.policies = opts.policies ?? createRunPolicies({ timeoutMs: this.timeoutMs });
    const concurrency = Math.max(1, Math.floor(opts.maxConcurrency ?? 16));
    this.transport = createTransport(concurrency, opts.tls);
    this.slots = pLimit(concurrency);
    this.limiter = opts.rateLimiter ?? createRateLimiter(opts.ratePerSecond);
    this.remember(opts.credential);
  }

  /** Exchanges that entered the log so far. */
  get exchangeCount(): number {
    return this.exchanges;
  }

  /** HTTP requests sent so far, Digest challenges, token requests and 429 retries included. */
  get requestCount(): number {
    return this.attempts;
  }

  /** Every secret this client has used or obtained (private keys, tokens, client secrets): for redaction. */
  secrets(): string[] {
    const out = new Set<string>();
    for (const c of this.credentialsSeen.values()) for (const s of credentialSecrets(c)) out.add(s);
    for (const src of this.tokenSources.values()) for (const t of src.issued) out.add(t);
    return [...out];
  }

  /**
   * Fetches a service-account token now, so a credential that cannot authenticate is known before a run starts.
   * Throws AuthSetupError; a no-op for other credential kinds.
   */
  async prepare(): Promise<void> {
    if (this.opts.credential.kind === 'service-account') await this.tokenSource(this.opts.credential).token();
  }

  /**
   * Sends one request and resolves to its exchange. Never rejects because of what the target does (the exchange
   * records the failure); rejects only on the caller's mistakes (a bad path, a closed client) and with
   * AuthSetupError when a service-account token cannot be obtained.
   */
  /** Tells `listener` of every request this client sent, with what came of it (the run's ledger listens). */
  onSent(listener: (req: SendRequest, ex: Exchange) => void): void {
    this.sentListeners.push(listener);
  }

  async send(req: SendRequest): Promise<Exchange> {
    const ex = await this.exchange(req);
    for (const listener of this.sentListeners) listener(req, ex);
    return ex;
  }

  private async exchange(req: SendRequest): Promise<Exchange> {
    if (this.closed) throw new Error('TargetClient is closed');
    checkPath(req.path);
    const credential = req.credential ?? this.opts.credential;
    this.remember(credential);
    const headers = lowerCaseHeaders(req.headers ?? {});
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const path = this.basePath + req.path;
    if (!req.cleanup) this.policies.budget.take();
    let retried = 0;
    for (;;) {
      const sent = await this.authorised(req.method, path, headers, body, credential);
      const { result, retry } = await this.retryTransportError(req, sent, () => this.authorised(req.method, path, headers, body, credential));
      const is429 = result.outcome === 'response' && result.response.status === 429;
      const ex = this.record(result, retried, retry);
      if (!is429) return ex;
      this.opts.on429?.(ex);
      if (retried >= this.maxRetries429) {
        if (retried === 0) return ex;
        throw new RateLimited(`still 429 after ${retried} retries: ${req.method} ${req.path.split('?')[0]} was not answered past the rate limit`);
      }
      await sleep(this.policies.backoff.delayMs(result.outcome === 'response' ? result.response.headers['retry-after'] : undefined, retried));
      retried++;
    }
  }

  /**
   * A single transport error is retried (up to twice, each retry only as long as no answer came). A create or a
   * delete is not idempotent, and its answer may be lost after it took effect (a proxy resets the connection): a
   * create is retried only after a GET by name shows it did not take effect, and a retry's 409 to a create or 404
   * to a delete shows the first one did (a read that had not settled yet). A request that took effect returns
   * its transport error marked `tookEffect`: the suite judges nothing of an answer it does not have, and never the
   * answer to its own retry. An error of a class of requests that already fails is not a single one and is not
   * retried.
   */
  private async retryTransportError(
    req: SendRequest,
    sent: Attempted,
    again: () => Promise<Attempted>,
  ): Promise<{ result: Attempted; retry?: Exchange['transportRetry'] }> {
    if (sent.outcome !== 'transport-error' || sent.suspect !== false) return { result: sent };
    const firstError: TransportError = sent.error;
    const note = (outcome: 'retried-ok' | 'failed-again' | 'took-effect') =>
      this.policies.flaky.note({ at: sent.startedAt, request: `${req.method} ${req.path.split('?')[0]}`, error: `${firstError.kind}: ${firstError.message}`, kind: firstError.kind, outcome });
    const tookEffect = () => {
      note('took-effect');
      return { result: sent, retry: { firstError, tookEffect: true as const } };
    };
    const check = createdName(req);
    let result: Attempted = sent;
    for (let i = 0; i < MAX_TRANSPORT_RETRIES; i++) {
      if (check !== undefined) {
        const probe = await this.send({ method: 'GET', path: check, headers: { accept: VENDOR_MEDIA_TYPE }, cleanup: true });
        if (probe.outcome === 'transport-error') break;
        if (probe.response.status === 200) return tookEffect();
      }
      result = await again();
      if (result.outcome === 'response') {
        const s = result.response.status;
        if ((check !== undefined && s === 409) || (req.method === 'DELETE' && s === 404)) return tookEffect();
        note('retried-ok');
        return { result, retry: { firstError } };
      }
      // A second retry only for a connection reset (a proxy): a target that timed out twice is slow, not unlucky.
      if (result.suspect !== false || result.error.kind === 'timeout') break;
    }
    note('failed-again');
    return result === sent ? { result: sent } : { result, retry: { firstError } };
  }

  create(groupId: string, tenant: string, body: unknown, opts: CreateOptions = {}): Promise<Exchange> {
    const payload = opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    return this.send({
      method: 'POST',
      path: connectionsPath(groupId, tenant) + queryString(opts.query),
      headers: mergeHeaders({ accept: VENDOR_MEDIA_TYPE, 'content-type': VENDOR_MEDIA_TYPE }, opts.headers),
      ...(payload !== undefined ? { body: payload } : {}),
      ...(opts.credential ? { credential: opts.credential } : {}),
      ...(opts.cleanup ? { cleanup: true } : {}),
    });
  }

  get(groupId: string, tenant: string, name: string, opts: CallOptions = {}): Promise<Exchange> {
    return this.call('GET', `${connectionsPath(groupId, tenant)}/${encodeURIComponent(name)}`, opts);
  }

  delete(groupId: string, tenant: string, name: string, opts: CallOptions = {}): Promise<Exchange> {
    return this.call('DELETE', `${connectionsPath(groupId, tenant)}/${encodeURIComponent(name)}`, opts);
  }

  list(groupId: string, tenant: string, opts: CallOptions = {}): Promise<Exchange> {
    return this.call('GET', connectionsPath(groupId, tenant), opts);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.transport.close();
  }

  // ------------------------------------------------------------------------------------------------ internals

  private call(method: HttpRequest['method'], path: string, opts: CallOptions): Promise<Exchange> {
    return this.send({
      method,
      path: path + queryString(opts.query),
      headers: mergeHeaders({ accept: VENDOR_MEDIA_TYPE }, opts.headers),
      ...(opts.credential ? { credential: opts.credential } : {}),
      ...(opts.cleanup ? { cleanup: true } : {}),
    });
  }

  private remember(c: Credential): void {
    const key = credentialKey(c);
    if (!this.credentialsSeen.has(key)) this.credentialsSeen.set(key, c);
  }

  /** One attempt, within the concurrency and rate caps and as the breaker admits it. */
  private attempt(a: Omit<Attempt, 'origin' | 'timeoutMs'>): Promise<Attempted> {
    return this.slots(async () => {
      const admission = this.policies.breaker.admit(a);
      if (!admission.send) throw new CircuitOpen(admission.reason);
      await this.limiter.acquire();
      const pacer = this.opts.pace === false ? undefined : this.policies.pacer;
      await pacer?.acquire();
      this.attempts++;
      let result: AttemptResult;
      try {
        result = await this.transport.send({ ...a, origin: this.origin, timeoutMs: admission.timeoutMs });
      } catch (e) {
        pacer?.done(undefined);
        throw e;
      }
      pacer?.done(result.outcome === 'response' ? result.response.headers : undefined);
      const outcome = result.outcome === 'response' ? 'response' : result.error.kind === 'timeout' ? 'timeout' : 'transport-error';
      this.policies.breaker.record(a, outcome, result.durationMs);
      return { ...result, suspect: admission.suspect };
    });
  }

  /** Sends with the credential applied, taking care of Digest challenges and service-account token refresh. */
  private async authorised(
    method: HttpRequest['method'],
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    credential: Credential,
  ): Promise<Attempted> {
    const send = (authorization?: string) =>
      this.attempt({
        method,
        path,
        headers: authorization === undefined ? headers : { ...headers, authorization },
        ...(body !== undefined ? { body } : {}),
      });
    if ('authorization' in headers) return send();
    switch (credential.kind) {
      case 'none':
        return send();
      case 'bearer':
        return send(`Bearer ${credential.token}`);
      case 'digest':
        return this.digest(credential, method, path, send);
      case 'service-account': {
        const source = this.tokenSource(credential);
        const before = source.requestCount;
        const token = await source.token();
        const first = await send(`Bearer ${token}`);
        // A cached token the target no longer takes (revoked, expired early) is refreshed once; a 401 to a token
        // fetched for this very request is the target's answer.
        if (first.outcome !== 'response' || first.response.status !== 401 || source.requestCount !== before) return first;
        source.invalidate(token);
        const fresh = await source.token();
        return fresh === token ? first : send(`Bearer ${fresh}`);
      }
    }
  }

  private async digest(
    credential: Extract<Credential, { kind: 'digest' }>,
    method: string,
    path: string,
    send: (authorization?: string) => Promise<Attempted>,
  ): Promise<Attempted> {
    const key = credentialKey(credential);
    let session = this.digestSessions.get(key);
    if (!session) {
      session = new DigestSession(credential.publicKey, credential.privateKey);
      this.digestSessions.set(key, session);
    }
    let answeredFresh = false;
    let rounds = 0;
    for (;;) {
      const authorization = session.authorize(method, path);
      const result = await send(authorization);
      if (result.outcome !== 'response' || result.response.status !== 401) return result;
      const challenge = selectDigestChallenge(parseChallenges(result.wwwAuthenticate));
      if (!challenge) return result;
      // A nonce just issued, answered, and refused without `stale`: the credentials are wrong. Final.
      if (authorization !== undefined && answeredFresh && !challenge.stale) return result;
      if (rounds >= 2) return result;
      rounds++;
      session.accept(challenge);
      answeredFresh = true;
    }
  }

  private tokenSource(c: Extract<Credential, { kind: 'service-account' }>): ServiceAccountTokenSource {
    const key = credentialKey(c);
    let src = this.tokenSources.get(key);
    if (!src) {
      src = new ServiceAccountTokenSource({
        origin: this.origin,
        tokenPath: this.basePath + TOKEN_PATH,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        timeoutMs: this.timeoutMs,
        send: (a) => this.attempt(a),
      });
      this.tokenSources.set(key, src);
    }
    return src;
  }

  private record(result: AttemptResult, retried: number, transportRetry?: Exchange['transportRetry']): Exchange {
    this.exchanges++;
    const base = {
      id: `${this.opts.idPrefix ?? 'x-'}${String(this.exchanges).padStart(6, '0')}`,
      request: result.request,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      ...(retried > 0 ? { retriedAfter429: retried } : {}),
      ...(transportRetry ? { transportRetry } : {}),
    };
    const ex: Exchange =
      result.outcome === 'response'
        ? { ...base, outcome: 'response', response: result.response }
        : { ...base, outcome: 'transport-error', error: result.error };
    this.opts.onExchange?.(ex);
    return ex;
  }

}

/** An attempt's result with what the breaker said of it: sent as part of a suspect class. */
type Attempted = AttemptResult & { suspect?: boolean };

export function connectionsPath(groupId: string, tenant: string): string {
  return `${API_PREFIX}/groups/${encodeURIComponent(groupId)}/streams/${encodeURIComponent(tenant)}/connections`;
}

