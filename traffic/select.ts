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
  /**
   * How the request is spelled. `plain`: as a client of the operation spells it (path parameters without
   * percent-encoding, dots or blanks, no empty or extra segment, no query but `envelope` and `pretty`, each once,
   * `true` or `false`). `encoded`: the same but for percent-encoded path parameters, which the profile decides only
   * in part (a groupId that is malformed once decoded; a stream instance that is certainly another once decoded).
   * `open`: a spelling the profile leaves open (the dimensions suite's, a proxy's): only the rules every answer is
   * held to judge it.
   */
  spelling: 'plain' | 'encoded' | 'open';
}

const PATH = /\/api\/atlas\/v2\/groups\/([^/]*)\/streams\/([^/]*)\/connections(?:\/([^/]*))?(\/?)$/;
const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/;
const FLAGS = new Set(['envelope', 'pretty']);

/** Operation.spelling of a request whose path matched PATH. */
function spellingOf(pathname: string, g: string, t: string, n: string | undefined, trailingSlash: string, query: URLSearchParams): Operation['spelling'] {
  const keys = [...query.keys()];
  const plainQuery = keys.every((k) => FLAGS.has(k)) && new Set(keys).size === keys.length && [...query.values()].every((v) => v === 'true' || v === 'false');
  if (!plainQuery || n === '' || trailingSlash !== '' || pathname.includes('//')) return 'open';
  return PLAIN_SEGMENT.test(g) && PLAIN_SEGMENT.test(t) ? 'plain' : 'encoded';
}

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
    const [, g, t, n, slash] = m;
    const groupId = decode(g!);
    const tenant = decode(t!);
    const spelling = spellingOf(url.pathname, g!, t!, n, slash!, url.searchParams);
    const base = { groupId, tenant, query: url.searchParams, rec, index, spelling };
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
