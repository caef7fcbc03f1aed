// What of a recording is sent again, and how: each exchange of the operation becomes the same request (method,
// query, headers, body) with the mapping applied (mapping.ts) and the run's own credential, or a reason why it
// cannot be: a body the recording left out or cut, a 429 the recorder answered by sending the request again (that
// one is replayed), a credential the recording does not show (refused 401/403 with an Authorization header: a
// wrong or read-only key). A request recorded without credentials, where others carry them, is sent without.
// Overlapping creates (the recording's times show them in flight at once) are sent together. Pure.
import type { SendRequest } from '../../client';
import type { Operation } from '../select';
import { mapBody, mapPath, type NameMapping } from './mapping';

export interface ReplayStep {
  op: Operation;
  /** Why the request is not sent. */
  skip?: string;
  send?: SendRequest;
}

/** Headers of the recording that belong to its own connection or credentials, not to the request. */
const NOT_REPLAYED = new Set([
  'authorization', 'host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'cookie', 'accept-encoding',
  'proxy-authorization', 'proxy-connection', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token',
]);

export function describeRequest(op: Operation): string {
  const u = new URL(op.rec.exchange.request.url);
  return `${op.rec.exchange.request.method} ${u.pathname}${u.search}`;
}

export function planReplay(operations: readonly Operation[], m: NameMapping): ReplayStep[] {
  const authorizationSeen = operations.some((o) => o.rec.exchange.request.headers.authorization !== undefined);
  return operations.map((op) => {
    const ex = op.rec.exchange;
    const req = ex.request;
    const status = ex.outcome === 'response' ? ex.response.status : undefined;
    const skip = (why: string): ReplayStep => ({ op, skip: why });
    if (op.rec.requestBodyMissing) return skip('the request body is not in the recording');
    if (req.bodyTruncated) return skip(`the recording holds only the start of the request body (${req.bodyBytes ?? '?'} bytes)`);
    if (status === 429) return skip('answered 429 in the recording: the recorder sent the request again after it, and that one is replayed');
    if ((status === 401 || status === 403) && req.headers.authorization !== undefined) {
      return skip(`answered ${status} in the recording to a credential it does not show (a wrong or read-only key): the replay has only its own`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!NOT_REPLAYED.has(k) && !k.startsWith(':')) headers[k] = v;
    const send: SendRequest = {
      method: req.method,
      path: mapPath(m, req.url),
      headers,
      ...(req.body !== undefined ? { body: op.kind === 'create' ? mapBody(m, req.body) : req.body } : {}),
      ...(authorizationSeen && req.headers.authorization === undefined ? { credential: { kind: 'none' as const } } : {}),
    };
    return { op, send };
  });
}

/** Steps in the order they are sent: runs of creates that overlapped in time in the recording go together. */
export function sendGroups(steps: readonly ReplayStep[]): ReplayStep[][] {
  const out: ReplayStep[][] = [];
  let end = -Infinity;
  for (const s of steps) {
    const r = s.op.rec;
    const start = Date.parse(r.exchange.startedAt);
    const last = out[out.length - 1];
    const overlaps = !r.noTiming && s.op.kind === 'create' && last !== undefined && last.every((x) => x.op.kind === 'create' && !x.op.rec.noTiming) && start < end;
    if (overlaps) last!.push(s);
    else out.push([s]);
    end = overlaps ? Math.max(end, start + r.exchange.durationMs) : r.noTiming ? -Infinity : start + r.exchange.durationMs;
  }
  return out;
}
