// One exchange with a target as the client saw it: the request sent and the response, or why none came.
// The client makes these; oracles judge them; reports render them (secrets redacted there).

export type Headers = Record<string, string>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  /** Header names lower-case. Authorization is recorded as sent; reports redact it (see reports/redact.ts). */
  headers: Headers;
  /** Body text as sent (undefined when none). Bodies over 64 KiB are kept as a prefix with `bodyTruncated`. */
  body?: string;
  bodyBytes?: number;
  bodyTruncated?: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Headers;
  body: string;
  /** The body parsed as JSON when it is JSON text; absent when it is not. */
  json?: unknown;
  /** Size of the whole body when `body` keeps only a prefix of it. */
  bodyBytes?: number;
  bodyTruncated?: boolean;
}

/** Why no HTTP response could be had: the target hung, reset, refused, or spoke something that is not HTTP. */
export type TransportErrorKind = 'timeout' | 'reset' | 'refused' | 'garbage' | 'other';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
}

interface ExchangeBase {
  /** Unique in a run, e.g. `x-000042`. */
  id: string;
  request: HttpRequest;
  startedAt: string;
  durationMs: number;
  /** Earlier attempts of the same request answered 429 (honoured by waiting Retry-After). */
  retriedAfter429?: number;
  /**
   * The first attempt failed in transport and was retried once (this is the retry's outcome), or, for a create,
   * a GET by name showed it had taken effect (`tookEffect`: the error stands, but is a single one).
   */
  transportRetry?: { firstError: TransportError; tookEffect?: true };
}

export type Exchange =
  | (ExchangeBase & { outcome: 'response'; response: HttpResponse })
  | (ExchangeBase & { outcome: 'transport-error'; error: TransportError });
