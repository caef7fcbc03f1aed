// How each fault switch of faults.ts changes the target: a table of data, one entry per fault, each setting one
// or more named hook points. The pipeline and the operations read the points (never the fault names), so a fault
// is added by naming the point it changes here, and a point's faultless value is the reference behaviour.
import type { ShouldCheck, ShouldViolation } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import type { ErrorSpec } from './respond';
import type { FaultName } from './faults';

export interface FaultHooks {
  // ---- request entry (app.ts)
  /** Answer the n-th request (1-based) with this error before anything else, or not (undefined). */
  beforeRequest: (n: number) => ErrorSpec | undefined;
  /** After answering 429, lift the limit at once (a rate window that ends): the next request is served. */
  liftRateLimitAfter429: boolean;
  /** Whether answers advertise the limit (RateLimit-Limit / -Remaining); a target may limit without saying so. */
  rateLimitHeaders: boolean;
  // ---- credentials (auth.ts)
  /** Serve requests without credentials as the admin key. */
  authOptional: boolean;
  /** Accept any Digest response for a known user, and any bearer token. */
  acceptWrongPassword: boolean;
  // ---- path and query (app.ts, exchange.ts)
  /** The path parameters as the operation sees them (after routing decoded them once). */
  pathParams: (params: Record<string, string>) => Record<string, string>;
  /** Refuse path parameters before the operation sees them, or not (undefined). */
  pathParamError: (params: Record<string, string>) => ErrorSpec | undefined;
  /** The raw query as the target reads it (flags and all). */
  rewriteQuery: (rawQuery: string) => string;
  /** Answer 500 to a query parameter the operation does not declare (the reference ignores them). */
  crashOnUndeclaredQuery: boolean;
  // ---- parameters and negotiation (validate-request.ts)
  /** Normalise a malformed groupId instead of refusing it 400 INVALID_GROUP_ID. */
  normaliseGroupId: boolean;
  /** The answer for a malformed groupId. */
  malformedGroupId: ErrorSpec;
  /** Check the versioned Accept header (406 otherwise). */
  checkAccept: boolean;
  // ---- scope (authorize.ts)
  /** The answer for a well-formed but unknown project. */
  unknownGroup: (groupId: string) => ErrorSpec;
  /** The answer for an unknown stream instance. */
  unknownTenant: (groupId: string, tenant: string) => ErrorSpec;
  /** Let a read-only credential create. */
  readersMayCreate: boolean;
  /** The answer for a caller without the role an operation needs. */
  roleRefusal: ErrorSpec;
  // ---- create body (validate-body.ts)
  checkContentType: boolean;
  /** Bytes a create body may have; null: no limit. */
  bodyLimit: number | null;
  /** Status of the answer to a body over the limit. */
  tooLargeStatus: number;
  /** Status of answers to malformed or invalid bodies. */
  invalidStatus: number;
  /** Validate the body at all (MUST schema and SHOULD checks). */
  validateBody: boolean;
  /** SHOULD checks not applied. */
  skipShould: ReadonlySet<ShouldCheck>;
  /** A SHOULD finding let pass (one spelling of a check, where skipShould drops the whole check). */
  waiveShould: (v: ShouldViolation, body: unknown) => boolean;
  /** A further refusal of a body the contract and the profile let through (a description), or not. */
  alsoRefuse: (body: unknown) => string | undefined;
  /** Fail on a name before anything else is checked of the body, or not. */
  nameError: (name: unknown) => ErrorSpec | undefined;
  /** Quote the request text in the detail of a validation error. */
  quoteBodyInError: boolean;
  /** Refuse a body that is not valid UTF-8 (400 INVALID_JSON) instead of decoding it with replacement characters. */
  strictUtf8: boolean;
  /** Answer 500 to a body nested deeper than this (a recursive parser or walker that overflows); null: never. */
  crashOnDepth: number | null;
  /** Answer 500 to a body with a lone surrogate in a string (an encoder that throws on it). */
  crashOnLoneSurrogate: boolean;
  // ---- create storage (operations/create.ts)
  /** Answer a create with this error before reading its body (called once per create), or not (undefined). */
  beforeCreate: () => ErrorSpec | undefined;
  /** Never answer a create whose accepted body this is true of (the request hangs until the client gives up). */
  hangOnCreate: (body: unknown) => boolean;
  /** Check the name and store the connection in separate turns of the event loop. */
  racyInsert: boolean;
  /** Store a duplicate's body over the original (still answering 409). */
  duplicateOverwrites: boolean;
  /** Whether a stored connection's name is taken for this body (false: the body is stored over it, 200). */
  nameTakenBy: (stored: unknown, body: unknown) => boolean;
  /** Names are compared as folded by this (the reference: exactly). */
  foldName: (name: string) => string;
  /** Refuse a body before it is stored (after the duplicate check), or not (undefined). */
  beforeInsert: (body: unknown) => ErrorSpec | undefined;
  // ---- answers (present.ts, operations/*)
  /** Show write-only fields in the answer to a create. */
  showSecretsOnCreate: boolean;
  /** Leave Kafka `config` and Https `headers` out of every connection shown. */
  dropConfig: boolean;
  /** The state shown in the answer to a create; undefined: the stored one. */
  createdState: string | undefined;
  /** The name shown in the answer to a create. */
  createdName: (name: string) => string;
  createdStatus: number;
  /** Media type of the answer to a create; undefined: the vendor type. */
  createdMediaType: string | undefined;
  /** Changes the connection shown in the answer to a get-one. */
  readBackView: (shown: Record<string, unknown>) => Record<string, unknown>;
  /** The name shown in every answer that shows a connection (create, get one, list). */
  nameShown: (name: string) => string;
  /** Changes every connection shown (before id, state and links are added). */
  shownView: (shown: Record<string, unknown>) => Record<string, unknown>;
  /** Most connections on one page of the list, whatever itemsPerPage asks; undefined: as asked. */
  listPageCap: number | undefined;
  /** Actually remove a deleted connection. */
  deleteRemoves: boolean;
  // ---- every answer (respond.ts)
  envelopeIgnored: boolean;
  /** Enveloped answers keep their real HTTP status (the reference answers 200 but for 401 and 429). */
  envelopeRealStatus: boolean;
  /** Leave `reason` out of error bodies. */
  omitReason: boolean;
  prettyIgnored: boolean;
  /** pretty=true applies to error answers too. */
  prettyErrors: boolean;
  errorStatusMismatch: boolean;
  wrongReason: boolean;
  genericErrorCodes: boolean;
  /** Media type of every success answer (create, get one, list, delete); a create's createdMediaType wins. */
  successMediaType: string | undefined;
  // ---- the vendor's observed behaviour (lenient.ts; the realistic target), each off in the reference
  /** Rate-limit by the fixed window of config.realistic.rateLimit, with the vendor's `Ratelimit-*` headers. */
  vendorRateLimit: boolean;
  /** Milliseconds after a create during which reads (GET one, list) do not show the connection. */
  settleMs: (type: unknown) => number;
  /** Milliseconds after a create during which the connection is PENDING. */
  pendingMs: (type: unknown) => number;
  /** Milliseconds after a create during which DELETE answers 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING. */
  deployingMs: (type: unknown) => number;
  /** The body kept of a create (e.g. without the read-only fields it sent). */
  storedBody: (body: unknown) => unknown;
  /** Values the server fills in where the request sent none (applied to every connection shown). */
  serverDefaults: (shown: Record<string, unknown>) => Record<string, unknown>;
  /** Show a self link on each connection. */
  connectionLinks: boolean;
}

const keep = () => undefined;
const same = <T>(v: T): T => v;

/** The reference behaviour: no fault. */
export const NO_FAULT: Readonly<FaultHooks> = {
  beforeRequest: keep,
  liftRateLimitAfter429: false,
  rateLimitHeaders: true,
  authOptional: false,
  acceptWrongPassword: false,
  pathParams: same,
  pathParamError: keep,
  rewriteQuery: same,
  crashOnUndeclaredQuery: false,
  normaliseGroupId: false,
  malformedGroupId: { status: 400, errorCode: 'INVALID_GROUP_ID', detail: 'The groupId must be 24 hexadecimal digits.', parameters: [] },
  checkAccept: true,
  unknownGroup: (groupId) => ({ status: 404, errorCode: 'GROUP_NOT_FOUND', detail: `No project with ID ${groupId} exists.`, parameters: [groupId] }),
  unknownTenant: (groupId, tenant) => ({
    status: 404,
    errorCode: 'STREAM_TENANT_NOT_FOUND_FOR_NAME',
    detail: `No stream instance named ${tenant} exists in project ${groupId}.`,
    parameters: [tenant, groupId],
  }),
  readersMayCreate: false,
  roleRefusal: { status: 403, errorCode: 'USER_UNAUTHORIZED', detail: 'The current user is not authorized to perform this action.', parameters: [] },
  checkContentType: true,
  bodyLimit: 1024 * 1024,
  tooLargeStatus: 413,
  invalidStatus: 400,
  validateBody: true,
  skipShould: new Set(),
  waiveShould: () => false,
  alsoRefuse: keep,
  nameError: keep,
  quoteBodyInError: false,
  strictUtf8: false,
  crashOnDepth: null,
  crashOnLoneSurrogate: false,
  beforeCreate: keep,
  hangOnCreate: () => false,
  racyInsert: false,
  duplicateOverwrites: false,
  nameTakenBy: () => true,
  foldName: same,
  beforeInsert: keep,
  showSecretsOnCreate: false,
  dropConfig: false,
  createdState: undefined,
  createdName: (name) => name,
  createdStatus: 200,
  createdMediaType: undefined,
  readBackView: (shown) => shown,
  nameShown: same,
  shownView: same,
  listPageCap: undefined,
  deleteRemoves: true,
  envelopeIgnored: false,
  envelopeRealStatus: false,
  omitReason: false,
  prettyIgnored: false,
  prettyErrors: true,
  errorStatusMismatch: false,
  wrongReason: false,
  genericErrorCodes: false,
  successMediaType: undefined,
  vendorRateLimit: false,
  settleMs: () => 0,
  pendingMs: () => 0,
  deployingMs: () => 0,
  storedBody: same,
  serverDefaults: same,
  connectionLinks: true,
};

/** Set by the app: the 500-on-unknown-property fault needs the contract to find undeclared properties. */
export interface HookDeps {
  undeclaredProperty: (body: unknown) => string | undefined;
}

/** What each fault changes. Every fault sets its own points only (a test checks it), except the set-valued
 *  `skipShould`, whose sets add up; so any combination of faults composes. */
export const FAULT_HOOKS = (deps: HookDeps): { readonly [F in FaultName]: Partial<FaultHooks> } => ({
  'status-201': { createdStatus: 201 },
  'success-json-media-type': { createdMediaType: 'application/json' },
  'response-bad-state': { createdState: 'ACTIVE' },
  'response-wrong-name': { createdName: (name) => name.slice(0, -1) },
  'leak-password': { showSecretsOnCreate: true },
  'leak-secret-in-error': { quoteBodyInError: true },
  'accept-invalid': { validateBody: false },
  '500-on-unknown-property': {
    beforeInsert: (body) => (deps.undeclaredProperty(body) !== undefined ? { status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' } : undefined),
  },
  'error-status-mismatch': { errorStatusMismatch: true },
  'auth-optional': { authOptional: true },
  'auth-accept-wrong-password': { acceptWrongPassword: true },
  'ignore-roles': { readersMayCreate: true },
  'group-id-case-insensitive': { normaliseGroupId: true },
  'unknown-group-400': { unknownGroup: (groupId) => ({ status: 400, errorCode: 'INVALID_GROUP_ID', detail: `Invalid group ${groupId}.`, parameters: [groupId] }) },
  'unknown-tenant-400': {
    unknownTenant: (_groupId, tenant) => ({ status: 400, errorCode: 'INVALID_STREAM_TENANT', detail: `Invalid stream instance ${tenant}.`, parameters: [tenant] }),
  },
  'duplicate-overwrites': { duplicateOverwrites: true },
  'racy-create': { racyInsert: true },
  'envelope-ignored': { envelopeIgnored: true },
  '429-without-retry-after': { beforeRequest: (n) => (n % 25 === 0 ? { status: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.' } : undefined) },
  'essentials-optional': { skipShould: new Set(['essential', 'non-empty', 'fixture']) },
  'kafka-enums-unchecked': { skipShould: new Set(['enum', 'combination']) },
  '422-for-invalid': { invalidStatus: 422 },
  'ignore-content-type': { checkContentType: false },
  'no-body-limit': { bodyLimit: null },
  'drop-config': { dropConfig: true },
  'wrong-reason': { wrongReason: true },
  'generic-error-codes': { genericErrorCodes: true },
  'ignore-accept': { checkAccept: false },
  'pretty-ignored': { prettyIgnored: true },
  'read-back-wrong-type': { readBackView: (shown) => (typeof shown.type === 'string' ? { ...shown, type: shown.type.toLowerCase() } : shown) },
  'delete-ignored': { deleteRemoves: false },
  'name-folded-back': { nameShown: (name) => name.trim().toLowerCase() },
  '500-on-long-name': { nameError: (name) => (typeof name === 'string' && name.length > 64 ? { status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' } : undefined) },
  // The profile's SHOULD is about the empty name only, so this accepts exactly that (blank names are open).
  'empty-name-accepted': { skipShould: new Set(['non-empty']) },
  'hang-on-non-ascii-name': { hangOnCreate: (body) => isPlainObject(body) && typeof body.name === 'string' && /[^\x00-\x7f]/.test(body.name) },
  '429-every-third-create': everyThird({ status: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.' }),
  'path-decoded-twice': { pathParams: (params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decodeAgain(v)])) },
  '500-on-deep-nesting': { crashOnDepth: 100 },
  '500-on-lone-surrogate': { crashOnLoneSurrogate: true },
  '500-on-unknown-query-flag': { crashOnUndeclaredQuery: true },
  'pretty-ignored-on-errors': { prettyErrors: false },
  'name-unique-per-type': { nameTakenBy: (stored, body) => !isPlainObject(stored) || !isPlainObject(body) || stored.type === body.type },
});

/** A second percent-decoding (a value that is not valid encoding any more is kept as decoded once). */
function decodeAgain(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Answers every third create of this target with `error` (the count is the target's own). */
function everyThird(error: ErrorSpec): Partial<FaultHooks> {
  let creates = 0;
  return { beforeCreate: () => (++creates % 3 === 0 ? error : undefined) };
}

/** The hook points with the given faults applied, over `base` (the reference, or its lenient variants: a fault
 *  applied last stays visible whatever variant is on). */
export function hooksFor(faults: readonly FaultName[], deps: HookDeps, base: Readonly<FaultHooks> = NO_FAULT): FaultHooks {
  const table = FAULT_HOOKS(deps);
  const hooks: FaultHooks = { ...base };
  for (const f of new Set(faults)) {
    const { skipShould, ...rest } = table[f];
    Object.assign(hooks, rest);
    if (skipShould) hooks.skipShould = new Set([...hooks.skipShould, ...skipShould]);
  }
  return hooks;
}
