// Finds the operation's exchanges among unrelated traffic by method and path: the create (POST .../connections),
// get-one and delete (GET/DELETE .../connections/{name}) and list (GET .../connections), under any base path.
import type { Recorded } from './har-read';

export type OperationKind = 'create' | 'get' | 'delete' | 'list';

export interface Operation {
  kind: OperationKind;
  groupId: string;
  tenant: string;
  /** The connection's name: from the path (get, delete), from the JSON body (create), absent for the list. */
  name?: string;
  /** The create's body parsed as JSON, when it is JSON. */
  body?: unknown;
  /** The query of the request (envelope, pretty...). */
  query: URLSearchParams;
  rec: Recorded;
  /** Place in the recording (its order). */
  index: number;
}

const PATH = /\/api\/atlas\/v2\/groups\/([^/]*)\/streams\/([^/]*)\/connections(?:\/([^/]*))?\/?$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function selectOperations(recorded: readonly Recorded[]): { operations: Operation[]; unrelated: number } {
  const operations: Operation[] = [];
  let unrelated = 0;
  recorded.forEach((rec, index) => {
    const url = new URL(rec.exchange.request.url);
    const m = PATH.exec(url.pathname);
    const method = rec.exchange.request.method;
    if (!m) {
      unrelated++;
      return;
    }
    const [, g, t, n] = m;
    const groupId = decode(g!);
    const tenant = decode(t!);
    const base = { groupId, tenant, query: url.searchParams, rec, index };
    const hasName = n !== undefined && n !== '';
    if (method === 'POST' && !hasName) {
      const body = parseBody(rec.exchange.request.body);
      const name = isObject(body) && typeof body.name === 'string' ? body.name : undefined;
      operations.push({ ...base, kind: 'create', ...(body !== undefined ? { body } : {}), ...(name !== undefined ? { name } : {}) });
    } else if (method === 'GET' && !hasName) operations.push({ ...base, kind: 'list' });
    else if (method === 'GET' && hasName) operations.push({ ...base, kind: 'get', name: decode(n!) });
    else if (method === 'DELETE' && hasName) operations.push({ ...base, kind: 'delete', name: decode(n!) });
    else unrelated++;
  });
  return { operations, unrelated };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The key of one connection across operations. */
export function connectionKey(op: { groupId: string; tenant: string; name?: string }): string {
  return JSON.stringify([op.groupId, op.tenant, op.name ?? null]);
}
