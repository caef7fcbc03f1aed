// Writes answers: JSON bodies with the right media type, the envelope and pretty query options, ApiError
// bodies for every error, and the RateLimit headers. Faults that change how answers look live here.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { VENDOR_MEDIA_TYPE } from '../contracts/types';
import type { FaultHooks } from './fault-hooks';

export interface Format {
  envelope: boolean;
  pretty: boolean;
}

export type ResponseFaults = Pick<
  FaultHooks,
  'envelopeIgnored' | 'envelopeRealStatus' | 'omitReason' | 'prettyIgnored' | 'errorStatusMismatch' | 'wrongReason' | 'genericErrorCodes' | 'successMediaType'
>;

export interface FieldViolation {
  field: string;
  description: string;
}

export interface ErrorSpec {
  status: number;
  errorCode: string;
  detail: string;
  parameters?: unknown[];
  fields?: FieldViolation[];
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json';

/** Reads `envelope` and `pretty` leniently from a raw query, so even answers to unroutable requests honour them. */
export function formatOf(query: string): Format {
  if (query === '') return { envelope: false, pretty: false };
  const p = new URLSearchParams(query);
  return { envelope: p.get('envelope')?.toLowerCase() === 'true', pretty: p.get('pretty')?.toLowerCase() === 'true' };
}

export class Responder {
  constructor(private readonly faults: ResponseFaults) {}

  /** Sends `body` as JSON. Enveloped answers go out as HTTP 200, except 401 and 429 whose status drives the
   *  client's Digest handshake and retry (the profile allows the real status or 200). */
  json(res: ServerResponse, status: number, body: unknown, contentType: string, fmt: Format, headers: Record<string, string | number> = {}): void {
    let httpStatus = status;
    let out = body;
    if (fmt.envelope && !this.faults.envelopeIgnored) {
      out = { status, content: body };
      if (status !== 401 && status !== 429 && !this.faults.envelopeRealStatus) httpStatus = 200;
    }
    const text = fmt.pretty && !this.faults.prettyIgnored ? JSON.stringify(out, null, 2) : JSON.stringify(out);
    if (res.headersSent || res.writableEnded) return;
    res.writeHead(httpStatus, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  success(res: ServerResponse, status: number, body: unknown, fmt: Format, headers: Record<string, string | number>): void {
    this.json(res, status, body, this.faults.successMediaType ?? VENDOR_MEDIA_TYPE, fmt, headers);
  }

  error(res: ServerResponse, e: ErrorSpec, fmt: Format, headers: Record<string, string | number> = {}): void {
    const generic = this.faults.genericErrorCodes && (e.status === 404 || e.status === 406 || e.status === 409);
    const body: Record<string, unknown> = {
      detail: e.detail,
      error: this.faults.errorStatusMismatch ? e.status + 1 : e.status,
      errorCode: generic ? 'UNEXPECTED_ERROR' : e.errorCode,
      parameters: e.parameters ?? [],
      reason: this.faults.wrongReason ? 'Error' : (STATUS_CODES[e.status] ?? 'Error'),
    };
    if (this.faults.omitReason) delete body.reason;
    if (e.fields) body.badRequestDetail = { fields: e.fields };
    this.json(res, e.status, body, JSON_TYPE, fmt, { ...headers, ...e.headers });
  }
}
