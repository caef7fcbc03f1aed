// One request and its answer: the raw request, the answer's format (envelope, pretty) and the headers every
// answer carries (RateLimit-*), so stages and operations answer with one call and never lose those headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ErrorSpec, type Format, formatOf, type Responder } from './respond';

export class Exchange {
  readonly fmt: Format;
  readonly headers: Record<string, string | number> = {};
  readonly path: string;
  readonly rawQuery: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly respond: Responder,
    /** How the target reads the query (a hook point: the reference reads it as sent). */
    readQuery: (raw: string) => string = (raw) => raw,
  ) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.path = q < 0 ? url : url.slice(0, q);
    this.rawQuery = readQuery(q < 0 ? '' : url.slice(q + 1));
    this.fmt = formatOf(this.rawQuery);
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  fail(e: ErrorSpec): void {
    this.respond.error(this.res, e, this.fmt, this.headers);
  }

  /** A success answer, in the vendor media type unless another is given. */
  success(status: number, body: unknown, mediaType?: string): void {
    if (mediaType === undefined) this.respond.success(this.res, status, body, this.fmt, this.headers);
    else this.respond.json(this.res, status, body, mediaType, this.fmt, this.headers);
  }
}
