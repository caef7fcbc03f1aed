// Lenient variants of the reference target: each does the other thing the profile allows where it says "may" or
// says nothing (refuse an unknown property instead of keeping it, page the list by two, answer PENDING, ...). The
// self-tests certify each and expect no rule to fail, MUST or SHOULD: a suite that fails one judges what the
// profile leaves open. Like the faults, each variant is data: the hook points it sets (fault-hooks.ts), and any
// configuration it changes.
import { isHostPortList } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import type { Fixtures } from '../contracts/types';
import type { RealisticConfig, TargetConfig } from './config';
import { between } from './draws';
import type { FaultHooks } from './fault-hooks';
import type { ErrorSpec } from './respond';
import { depthOf, hasLoneSurrogate } from './validate-body';
import { withoutPaths } from './view';

export interface LenientDeps {
  undeclaredProperty: (body: unknown) => string | undefined;
  fixtures: Fixtures;
  /** Timings and limits of the vendor's observed behaviour. */
  realistic: RealisticConfig;
  /** Uniform draws in [0, 1) from a named stream of the target's seed. */
  draws: (stream: string) => () => number;
  /** The contract's read-only paths of a connection type (none for an unknown type). */
  readOnlyPaths: (type: unknown) => readonly string[];
  /** Whether a connection type declares `networking` (Kafka, S3, AWSKinesisDataStreams). */
  hasNetworking: (type: unknown) => boolean;
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

/** The media type of the vendor's recorded answers, spelled as they spell it. */
export const VENDOR_CHARSET_MEDIA_TYPE = 'application/vnd.atlas.2023-02-01+json;charset=utf-8';

/** The defaults the vendor's service adds to a connection: a region, and public networking where the type has it. */
function serverDefaults(d: LenientDeps): (shown: Record<string, unknown>) => Record<string, unknown> {
  return (shown) => {
    const out = { ...shown };
    if (!Object.hasOwn(out, 'region')) out.region = d.realistic.region;
    if (d.hasNetworking(out.type) && !Object.hasOwn(out, 'networking')) out.networking = { access: { type: 'PUBLIC' } };
    return out;
  };
}

/** A delay drawn per connection from `range` (its own stream of the seed), for the types `applies` picks. */
function drawn(d: LenientDeps, stream: string, range: (r: RealisticConfig) => { min: number; max: number }, applies: (type: unknown) => boolean = () => true) {
  const draw = d.draws(stream);
  return (type: unknown) => (applies(type) ? between(draw, range(d.realistic)) : 0);
}

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
    description: 'keeps a deleted connection in state DELETING for 40 ms (a GET right after the DELETE still shows it)',
    hooks: () => ({}),
    config: { deletingMs: 40 },
  },
  {
    name: 'rate-limit-window',
    allowedBy: '429 (if any) carries Retry-After',
    description: 'rate-limits (500 requests) without advertising the limit, and lifts it with each 429 (Retry-After: 1), as a window that ends',
    // Unadvertised: a run cannot pace itself under it and meets its 429s (an advertised limit that comes back at
    // 0.05 a second would be paced, truly, at one request every 20 s).
    hooks: () => ({ liftRateLimitAfter429: true, rateLimitHeaders: false }),
    config: { rateLimit: { capacity: 500, refillPerSecond: 0.05 } },
  },
  // The vendor's service as observed (profile v1.1, last section), one behaviour each; REALISTIC composes them.
  {
    name: 'charset-everywhere',
    allowedBy: 'Success and DELETE bodies carry `application/vnd.atlas.2023-02-01+json;charset=utf-8`.',
    description: `answers every success (create, get one, list, delete) as ${VENDOR_CHARSET_MEDIA_TYPE}`,
    hooks: () => ({ successMediaType: VENDOR_CHARSET_MEDIA_TYPE }),
  },
  {
    name: 'no-links',
    allowedBy: 'Connection objects may have no `links` at all',
    description: 'shows connections without `links`',
    hooks: () => ({ connectionLinks: false }),
  },
  {
    name: 'server-defaults',
    allowedBy: 'may carry server defaults the request did not send: `id`, ... `region` (e.g. VIRGINIA_USA), `networking: {access: {type: PUBLIC}}`.',
    description: 'shows `region` (realistic.region, default VIRGINIA_USA) and, where the type has networking, `networking: {access: {type: PUBLIC}}` when the request sent none',
    hooks: (d) => ({ serverDefaults: serverDefaults(d) }),
  },
  {
    name: 'ignore-read-only-fields',
    allowedBy: 'Read-only fields sent in a request (e.g. `dbRoleToExecute.links: []`) are accepted and ignored.',
    description: 'accepts read-only fields in a create (id, state, links, dbRoleToExecute.links, ...) and keeps none of them',
    hooks: (d) => ({ storedBody: (body) => (isPlainObject(body) ? withoutPaths(body, d.readOnlyPaths(body.type)) : body) }),
  },
  {
    name: 'plaintext',
    allowedBy: 'Kafka `security.protocol: PLAINTEXT` is accepted ... PLAINTEXT is open (the vendor\'s service accepts it)',
    description: 'accepts Kafka security.protocol PLAINTEXT',
    hooks: () => ({ waiveShould: (v, body) => v.path === '$.security.protocol' && field(field(body, 'security'), 'protocol') === 'PLAINTEXT' }),
  },
  {
    name: 'eventual-reads',
    allowedBy: 'right after a 200 create, GET one may answer 404 and the list may omit the new connection for a while',
    description: 'after a create, answers GET one 404 and leaves the connection out of the list for realistic.settleMs (drawn per connection)',
    hooks: (d) => ({ settleMs: drawn(d, 'settle', (r) => r.settleMs) }),
  },
  {
    name: 'pending-then-ready',
    allowedBy: '`state` (READY at once, or PENDING first)',
    description: 'shows a new connection PENDING for realistic.pendingMs (drawn per connection), then READY',
    hooks: (d) => ({ pendingMs: drawn(d, 'pending', (r) => r.pendingMs) }),
  },
  {
    name: 'kafka-delete-deploying',
    allowedBy: 'DELETE of a Kafka connection may answer 409 `STREAM_KAFKA_CONNECTION_IS_DEPLOYING` while it deploys',
    description: 'answers DELETE of a Kafka connection 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING for realistic.kafkaDeployingMs after its create',
    hooks: (d) => ({ deployingMs: drawn(d, 'deploying', (r) => r.kafkaDeployingMs, (type) => type === 'Kafka') }),
  },
  {
    name: 'vendor-rate-limit',
    allowedBy: 'Responses carry `Ratelimit-Limit` (1200 on the vendor\'s service) and `Ratelimit-Remaining`. ... 429 (if any) carries Retry-After',
    description: 'limits every request by realistic.rateLimit (default 1200 per 10 s) with `Ratelimit-Limit` and `Ratelimit-Remaining`, 429 with Retry-After past it',
    hooks: () => ({ vendorRateLimit: true }),
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

/** The realistic target: every behaviour of the vendor's service as observed, at once. */
export const REALISTIC = [
  'charset-everywhere',
  'no-links',
  'server-defaults',
  'ignore-read-only-fields',
  'plaintext',
  'eventual-reads',
  'pending-then-ready',
  'kafka-delete-deploying',
  'vendor-rate-limit',
] as const satisfies readonly (typeof LENIENT)[number]['name'][];

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

/** The hook points with the lenient variants applied over `hooks`. Variants that set the same predicate compose:
 *  a SHOULD finding any of them waives is waived, a body any of them refuses is refused. */
export function withLenient(hooks: FaultHooks, names: readonly LenientName[], deps: LenientDeps): FaultHooks {
  const out = { ...hooks };
  for (const n of new Set(names)) {
    const { waiveShould, alsoRefuse, ...rest } = (LENIENT as readonly Lenient[]).find((l) => l.name === n)!.hooks(deps);
    Object.assign(out, rest);
    if (waiveShould) {
      const before = out.waiveShould;
      out.waiveShould = (v, body) => before(v, body) || waiveShould(v, body);
    }
    if (alsoRefuse) {
      const before = out.alsoRefuse;
      out.alsoRefuse = (body) => before(body) ?? alsoRefuse(body);
    }
  }
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
