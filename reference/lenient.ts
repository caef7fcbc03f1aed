// Lenient variants of the reference target: each does the other thing the profile allows where it says "may" or
// says nothing (refuse an unknown property instead of keeping it, page the list by two, answer PENDING, ...). The
// self-tests certify each and expect no rule to fail, MUST or SHOULD: a suite that fails one judges what the
// profile leaves open. Like the faults, each variant is data: the hook points it sets (fault-hooks.ts), and any
// configuration it changes.
import { isHostPortList } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import type { Fixtures } from '../contracts/types';
import type { TargetConfig } from './config';
import type { FaultHooks } from './fault-hooks';
import type { ErrorSpec } from './respond';
import { depthOf, hasLoneSurrogate } from './validate-body';
import { withoutPaths } from './view';

export interface LenientDeps {
  undeclaredProperty: (body: unknown) => string | undefined;
  fixtures: Fixtures;
}

export interface Lenient {
  name: string;
  /** The words of the profile (contracts/conformance-profile.md) that allow it, quoted; ` ... ` joins fragments. */
  allowedBy: string;
  description: string;
  hooks: (deps: LenientDeps) => Partial<FaultHooks>;
  config?: Partial<Pick<TargetConfig, 'deletingMs' | 'rateLimit'>>;
}

const field = (body: unknown, key: string): unknown => (isPlainObject(body) ? body[key] : undefined);
const hostList = (body: unknown): string | undefined => {
  const v = field(body, 'bootstrapServers');
  return field(body, 'type') === 'Kafka' && typeof v === 'string' ? v : undefined;
};

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}

const MAX_DROPPED = 64;

export const LENIENT = [
  {
    name: 'reject-unknown-properties',
    allowedBy: 'Unknown extra properties are allowed by the spec: a target may accept or reject them',
    description: 'refuses a body with a property its variant does not declare (400)',
    hooks: (d) => ({ alsoRefuse: (body) => (d.undeclaredProperty(body) !== undefined ? `${d.undeclaredProperty(body)} is not a property of this connection type` : undefined) }),
  },
  {
    name: 'drop-unknown-properties',
    allowedBy: 'Unknown extra properties are allowed by the spec: a target may accept or reject them',
    description: 'accepts undeclared properties and leaves them out of every answer',
    hooks: (d) => ({
      shownView: (shown) => {
        let out: unknown = shown;
        for (let i = 0, p = d.undeclaredProperty(out); p !== undefined && i < MAX_DROPPED; i++, p = d.undeclaredProperty(out)) out = withoutPaths(out, [p]);
        return out as Record<string, unknown>;
      },
    }),
  },
  {
    name: 'reject-blank-names',
    allowedBy: 'name (MUST present, string; SHOULD be non-empty)',
    description: 'refuses a blank (whitespace only) name as it refuses an empty one (400)',
    hooks: () => ({ alsoRefuse: (body) => (typeof field(body, 'name') === 'string' && String(field(body, 'name')).trim() === '' ? 'name must not be blank' : undefined) }),
  },
  {
    name: 'omit-nulls',
    allowedBy: 'clusterGroupId (string, nullable), dbRoleToExecute {role:string, type: BUILT_IN|CUSTOM} (nullable)',
    description: 'leaves properties sent as null out of every answer',
    hooks: () => ({ shownView: (shown) => withoutNulls(shown) as Record<string, unknown> }),
  },
  {
    name: 'reject-read-only-fields',
    allowedBy: 'Read-only in responses: id, state (PENDING|READY|DELETING|FAILED), links [{href, rel}].',
    description: 'refuses a request that sends id, state or links (400)',
    hooks: () => ({ alsoRefuse: (body) => (['id', 'state', 'links'].some((k) => field(body, k) !== undefined) ? 'id, state and links are read-only' : undefined) }),
  },
  {
    name: 'reject-spaced-host-lists',
    allowedBy: 'bootstrapServers "host:port[,host:port]*"',
    description: 'refuses a bootstrapServers list with spaces in it (400)',
    hooks: () => ({ alsoRefuse: (body) => (/\s/.test(hostList(body) ?? '') ? 'bootstrapServers must not contain spaces' : undefined) }),
  },
  {
    name: 'reject-ipv6-brokers',
    allowedBy: 'bootstrapServers "host:port[,host:port]*"',
    description: 'refuses bracketed IPv6 hosts in bootstrapServers (400)',
    hooks: () => ({ alsoRefuse: (body) => ((hostList(body) ?? '').includes('[') ? 'bootstrapServers hosts must be names or IPv4 addresses' : undefined) }),
  },
  {
    name: 'accept-port-zero',
    allowedBy: 'bootstrapServers "host:port[,host:port]*"',
    description: 'accepts port 0 in bootstrapServers',
    hooks: () => ({
      waiveShould: (v, body) => v.path === '$.bootstrapServers' && v.keyword === 'format' && isHostPortList((hostList(body) ?? '').replace(/:0(?=,|\s|$)/g, ':1')),
    }),
  },
  {
    name: 'fixtures-case-insensitive',
    allowedBy: 'name must be a known sample source (fixture `sampleSources`, default ["sample_stream_solar"]) ... clusterName (fixture `clusterNames`, default ["Cluster0"])',
    description: 'matches sample sources and cluster names without regard to case',
    hooks: (d) => ({
      waiveShould: (v, body) => {
        if (v.keyword !== 'fixture') return false;
        const value = field(body, v.path === '$.name' ? 'name' : 'clusterName');
        const known = v.path === '$.name' ? d.fixtures.sampleSources : d.fixtures.clusterNames;
        return typeof value === 'string' && known.some((k) => k.toLowerCase() === value.toLowerCase());
      },
    }),
  },
  {
    name: 'list-pages-of-2',
    allowedBy: 'Cleanup endpoints: GET/DELETE .../connections/{name} (GET 200 / 404; DELETE 202), GET list.',
    description: 'answers at most 2 connections per page of the list, whatever itemsPerPage asks',
    hooks: () => ({ listPageCap: 2 }),
  },
  {
    name: 'names-max-64',
    allowedBy: 'name (MUST present, string; SHOULD be non-empty)',
    description: 'refuses names over 64 characters (400)',
    hooks: () => ({ alsoRefuse: (body) => (String(field(body, 'name') ?? '').length > 64 ? 'name must be at most 64 characters' : undefined) }),
  },
  {
    name: 'envelope-real-status',
    allowedBy: 'envelope=true -> body {status:int == semantic status, content: un-enveloped body}; HTTP status may be real or 200.',
    description: 'keeps the real HTTP status of enveloped answers',
    hooks: () => ({ envelopeRealStatus: true }),
  },
  {
    name: 'malformed-group-id-404',
    allowedBy: 'groupId not matching ^[a-f0-9]{24}$ -> 400 or 404',
    description: 'answers a malformed groupId 404',
    hooks: () => ({ malformedGroupId: { status: 404, errorCode: 'GROUP_NOT_FOUND', detail: 'No such project.', parameters: [] } satisfies ErrorSpec }),
  },
  {
    name: 'read-only-401',
    allowedBy: 'authenticated without the role -> 401 or 403.',
    description: 'answers a credential without the role an operation needs 401',
    hooks: () => ({ roleRefusal: { status: 401, errorCode: 'UNAUTHORIZED', detail: 'The current user is not authorized to perform this action.', parameters: [] } satisfies ErrorSpec }),
  },
  {
    name: 'unknown-group-403',
    allowedBy: 'unknown well-formed groupId -> 401/403/404',
    description: 'answers a well-formed unknown groupId 403',
    hooks: () => ({ unknownGroup: (groupId) => ({ status: 403, errorCode: 'USER_CANNOT_ACCESS_GROUP', detail: `This credential cannot access project ${groupId}.`, parameters: [groupId] }) }),
  },
  {
    name: 'too-large-400',
    allowedBy: 'a body over 1 MiB -> 413 (400 tolerated)',
    description: 'answers a body over the limit 400',
    hooks: () => ({ tooLargeStatus: 400 }),
  },
  {
    name: 'no-reason',
    allowedBy: 'reason?:string|null',
    description: 'leaves `reason` out of error bodies',
    hooks: () => ({ omitReason: true }),
  },
  {
    name: 'state-pending',
    allowedBy: 'Read-only in responses: id, state (PENDING|READY|DELETING|FAILED)',
    description: 'answers a create with state PENDING',
    hooks: () => ({ createdState: 'PENDING' }),
  },
  {
    name: 'vendor-charset',
    allowedBy: 'Success: 200, Content-Type application/vnd.atlas.2023-02-01+json (parameters such as charset allowed).',
    description: 'answers a create with a charset parameter on the vendor media type',
    hooks: () => ({ createdMediaType: 'application/vnd.atlas.2023-02-01+json; charset=utf-8' }),
  },
  {
    name: 'slow-delete',
    allowedBy: 'DELETE 202 then GET 404 (poll through DELETING)',
    description: 'keeps a deleted connection in state DELETING for 100 ms',
    hooks: () => ({}),
    config: { deletingMs: 100 },
  },
  {
    name: 'rate-limit-window',
    allowedBy: '429 (if any) carries Retry-After',
    description: 'rate-limits (500 requests), and lifts the limit with each 429 (Retry-After: 1), as a window that ends',
    hooks: () => ({ liftRateLimitAfter429: true }),
    config: { rateLimit: { capacity: 500, refillPerSecond: 0.05 } },
  },
  // The request's dimensions (suites/definitions/dimensions.ts): the other answers the profile leaves open there.
  {
    name: 'refuse-odd-path-characters',
    allowedBy: 'groupId not matching ^[a-f0-9]{24}$ -> 400 or 404',
    description: 'refuses a groupId or stream instance name holding a control character, a blank or a slash once decoded (400 INVALID_PATH_PARAMETER), as proxies do',
    hooks: () => ({
      pathParamError: (params) =>
        [params.groupId, params.tenantName].some((v) => v !== undefined && /[\u0000-\u001f\u007f\s/]/.test(v))
          ? { status: 400, errorCode: 'INVALID_PATH_PARAMETER', detail: 'A path parameter holds a character it may not.', parameters: [] }
          : undefined,
    }),
  },
  {
    name: 'reject-deep-nesting',
    allowedBy: 'Unknown extra properties are allowed by the spec: a target may accept or reject them',
    description: 'refuses a body nested more than 32 levels deep, unknown properties included (400)',
    hooks: () => ({ alsoRefuse: (body) => (depthOf(body) > 32 ? 'the body is nested too deeply' : undefined) }),
  },
  {
    name: 'reject-invalid-unicode',
    allowedBy: 'non-object body, malformed JSON) -> 4xx',
    description: 'refuses a body that is not valid UTF-8 (400 INVALID_JSON) or has a lone surrogate in a string (400), instead of decoding it with replacement characters',
    hooks: () => ({ strictUtf8: true, alsoRefuse: (body) => (hasLoneSurrogate(body) ? 'a string holds a lone surrogate' : undefined) }),
  },
  {
    name: 'loose-flag-spellings',
    allowedBy: 'POST /api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections?envelope&pretty ... envelope=true -> body',
    description: 'reads envelope and pretty as many frameworks do: 1, yes, on and any case of true are true; 0, no, off and empty are false; the last of repeated flags wins',
    hooks: () => ({ rewriteQuery: looseFlags }),
  },
  {
    name: 'names-case-insensitive',
    allowedBy: 'duplicate name in the same tenant -> 409, original unchanged',
    description: 'takes a name as taken by a connection whose name differs only in case (409)',
    hooks: () => ({ foldName: (name) => name.toLowerCase() }),
  },
] as const satisfies readonly Lenient[];

const FLAGS = new Set(['envelope', 'pretty']);

/** The query with envelope and pretty spelled as true or false (the last of repeated ones kept). */
function looseFlags(raw: string): string {
  if (raw === '') return raw;
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(raw)) {
    if (!FLAGS.has(k)) {
      out.append(k, v);
      continue;
    }
    const t = v.trim().toLowerCase();
    out.set(k, ['true', '1', 'yes', 'on'].includes(t) ? 'true' : ['false', '0', 'no', 'off', ''].includes(t) ? 'false' : v);
  }
  return out.toString();
}

export type LenientName = (typeof LENIENT)[number]['name'];
export const LENIENT_NAMES: readonly LenientName[] = LENIENT.map((l) => l.name);

export function isLenientName(name: string): name is LenientName {
  return (LENIENT_NAMES as readonly string[]).includes(name);
}

/** The hook points with the lenient variants applied over `hooks`. */
export function withLenient(hooks: FaultHooks, names: readonly LenientName[], deps: LenientDeps): FaultHooks {
  const out = { ...hooks };
  for (const n of new Set(names)) Object.assign(out, (LENIENT as readonly Lenient[]).find((l) => l.name === n)!.hooks(deps));
  return out;
}

/** The configuration with the lenient variants' changes. */
export function lenientConfig(config: TargetConfig, names: readonly LenientName[]): TargetConfig {
  let out = config;
  for (const n of names) {
    const change = (LENIENT as readonly Lenient[]).find((l) => l.name === n)!.config;
    if (change) out = { ...out, ...change };
  }
  return out;
}
