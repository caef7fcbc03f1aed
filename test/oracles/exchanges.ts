// Builds exchanges for oracle tests: a response with a status, a JSON (or raw) body and headers, or a transport error.
import { STATUS_CODES } from 'node:http';
import { VENDOR_MEDIA_TYPE } from '../../contracts/types';
import type { Exchange, HttpRequest, TransportErrorKind } from '../../client/exchange';

let seq = 0;

export interface ResponseSpec {
  json?: unknown;
  /** Raw body text (overrides `json`'s serialisation; `json` is then the parsed value given, if any). */
  body?: string;
  headers?: Record<string, string>;
  statusText?: string;
  request?: Partial<HttpRequest>;
}

function request(r: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'POST', url: 'http://127.0.0.1:1/api/atlas/v2/groups/g/streams/t/connections', headers: {}, ...r };
}

export function res(status: number, spec: ResponseSpec = {}): Exchange {
  const body = spec.body ?? (spec.json === undefined ? '' : JSON.stringify(spec.json));
  let json: unknown = spec.json;
  if (json === undefined && body !== '') {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  const defaultType = status < 400 ? VENDOR_MEDIA_TYPE : 'application/json';
  return {
    id: `t-${++seq}`,
    request: request(spec.request),
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    outcome: 'response',
    response: {
      status,
      statusText: spec.statusText ?? STATUS_CODES[status] ?? '',
      headers: { 'content-type': defaultType, ...(spec.headers ?? {}) },
      body,
      ...(json !== undefined ? { json } : {}),
    },
  };
}

export function apiError(status: number, errorCode = 'VALIDATION_ERROR', extra: Record<string, unknown> = {}): Exchange {
  return res(status, { json: { error: status, errorCode, reason: STATUS_CODES[status], detail: null, ...extra } });
}

export function broken(kind: TransportErrorKind = 'timeout', message = 'no response within 50 ms'): Exchange {
  return {
    id: `t-${++seq}`,
    request: request(),
    startedAt: new Date(0).toISOString(),
    durationMs: 50,
    outcome: 'transport-error',
    error: { kind, message },
  };
}

/** The failure message of a verdict, or a marker that makes `toContain` assertions fail loudly on a PASS. */
export function messageOf(v: { ok: boolean; message?: string }): string {
  return v.ok ? '<PASS>' : (v as { message: string }).message;
}
