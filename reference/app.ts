// The reference target's request pipeline. Routing and path/query parameters come from our contract through
// openapi-backend; bodies are validated with contracts/loader (openapi-backend skips vendor media types).
// Order of checks, each answering with an ApiError: rate limit (429) -> route (404/405) -> credentials (401) ->
// parameters (400, groupId INVALID_GROUP_ID) -> versioned Accept (406) -> project (404, or 403 when the
// credential is scoped to other projects) -> role (403) -> stream instance (404) -> operation (415, 413, 400, 409).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainObject, loadContract } from '../contracts/loader';
import { CONNECTION_TYPES, isConnectionType, VENDOR_MEDIA_TYPE } from '../contracts/types';
import { Authenticator, type AuthOutcome, type Principal } from './auth';
import { negotiateVersion } from './accept';
import { issueToken } from './oauth';
import { readBody } from './body';
import { canRead, canWrite, type TargetConfig } from './config';
import { digestChallenge } from './digest';
import type { FaultName } from './faults';
import { TokenBucket } from './rate-limit';
import { type ErrorSpec, type FieldViolation, type Format, formatOf, JSON_TYPE, Responder } from './respond';
import { Router } from './routes';
import { ConnectionStore, type StoredConnection } from './store';
import { undeclaredProperty, withoutPaths } from './view';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const GROUP_ID = /^[a-f0-9]{24}$/;

export interface TargetApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Base URL used in `links` (known once the server listens). */
  setBaseUrl(url: string): void;
}

export interface AppOptions {
  config: TargetConfig;
  faults?: readonly FaultName[];
  /** Diagnostics (never secrets); default: nothing. */
  log?: (line: string) => void;
  now?: () => number;
}

type Op = 'createGroupStreamConnection' | 'getGroupStreamConnection' | 'deleteGroupStreamConnection' | 'listGroupStreamConnections';

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  fmt: Format;
  headers: Record<string, string | number>;
}

export async function createTargetApp(opts: AppOptions): Promise<TargetApp> {
  const { config } = opts;
  const faults = new Set<FaultName>(opts.faults ?? []);
  const has = (f: FaultName) => faults.has(f);
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const contract = loadContract();

  const router = await Router.fromContract(contract);
  const writeOnly = new Map(CONNECTION_TYPES.map((t) => [t, contract.writeOnlyPaths(t)]));

  const auth = new Authenticator(config, { optional: has('auth-optional'), acceptWrongPassword: has('auth-accept-wrong-password') }, now);
  const store = new ConnectionStore(config.groups);
  const bucket = config.rateLimit
    ? new TokenBucket(config.rateLimit.capacity, config.rateLimit.refillPerSecond, true, now)
    : new TokenBucket(1000, 1000, false, now);
  const respond = new Responder({
    envelopeIgnored: has('envelope-ignored'),
    prettyIgnored: has('pretty-ignored'),
    errorStatusMismatch: has('error-status-mismatch'),
    wrongReason: has('wrong-reason'),
    genericErrorCodes: has('generic-error-codes'),
  });
  const defaultGroup = config.groups[0]!.id;
  let baseUrl = 'http://127.0.0.1';
  let requestCount = 0;

  const fail = (c: Ctx, e: ErrorSpec) => respond.error(c.res, e, c.fmt, c.headers);

  const unauthorized = (c: Ctx, outcome: Extract<AuthOutcome, { ok: false }>) => {
    const detail = {
      missing: 'No credentials: authenticate with HTTP Digest (API key) or a bearer token.',
      malformed: 'Unsupported or malformed Authorization header.',
      wrong: 'Invalid credentials.',
      replay: 'The Digest nonce count was already used with this nonce.',
      'unknown-nonce': outcome.stale ? 'The Digest nonce has expired.' : 'Unknown Digest nonce.',
      'expired-token': 'The bearer token has expired.',
    }[outcome.why];
    fail(c, {
      status: 401,
      errorCode: 'UNAUTHORIZED',
      detail,
      headers: { 'WWW-Authenticate': digestChallenge(auth.nonces.issue(), outcome.stale === true) },
    });
  };

  const linkFor = (groupId: string, tenant: string, name: string) =>
    `${baseUrl}/api/atlas/v2/groups/${groupId}/streams/${encodeURIComponent(tenant)}/connections/${encodeURIComponent(name)}`;

  const view = (groupId: string, tenant: string, c: StoredConnection, secrets: boolean): unknown => {
    const body = c.body;
    if (!isPlainObject(body)) return body;
    const type = body.type;
    // Shares unchanged parts with the stored body: answers are serialised, never mutated in depth.
    const shown = { ...((secrets || !isConnectionType(type) ? body : withoutPaths(body, writeOnly.get(type)!)) as Record<string, unknown>) };
    if (has('drop-config')) {
      if (type === 'Kafka') delete shown.config;
      if (type === 'Https') delete shown.headers;
    }
    shown.id = c.id;
    shown.state = c.state;
    shown.links = [{ href: linkFor(groupId, tenant, c.name), rel: 'self' }];
    return shown;
  };

  // ------------------------------------------------------------------------------------------ operations

  const createConnection = async (c: Ctx, groupId: string, tenant: string): Promise<void> => {
    if (!has('ignore-content-type')) {
      const ct = c.req.headers['content-type'];
      const media = ct?.split(';')[0]!.trim().toLowerCase();
      if (media !== JSON_TYPE && media !== VENDOR_MEDIA_TYPE) {
        return fail(c, {
          status: 415,
          errorCode: 'UNSUPPORTED_MEDIA_TYPE',
          detail: `Request Content-Type must be ${VENDOR_MEDIA_TYPE} or ${JSON_TYPE}.`,
        });
      }
    }
    const read = await readBody(c.req, has('no-body-limit') ? null : BODY_LIMIT_BYTES);
    if (read.kind === 'aborted') return;
    if (read.kind === 'too-large') {
      return fail(c, { status: 413, errorCode: 'PAYLOAD_TOO_LARGE', detail: `The request body exceeds ${BODY_LIMIT_BYTES} bytes.` });
    }
    const text = read.bytes.toString('utf8');
    const invalidStatus = has('422-for-invalid') ? 422 : 400;
    let body: unknown;
    try {
      body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      // V8's message quotes the input, which may hold secrets: keep only the position.
      const pos = /position (\d+)/.exec(String((e as Error).message))?.[1];
      return fail(c, {
        status: invalidStatus,
        errorCode: 'INVALID_JSON',
        detail: text.trim() === '' ? 'The request body is empty; a JSON object is required.' : `Malformed JSON in the request body${pos ? ` at position ${pos}` : ''}.`,
      });
    }
    if (!has('accept-invalid')) {
      const fields: FieldViolation[] = contract.validateRequestBody(body).map((v) => ({ field: v.path, description: v.message }));
      for (const v of contract.checkShould(body, config.fixtures)) {
        const skip =
          (has('essentials-optional') && (v.keyword === 'essential' || v.keyword === 'non-empty' || v.keyword === 'fixture')) ||
          (has('kafka-enums-unchecked') && (v.keyword === 'enum' || v.keyword === 'combination'));
        if (!skip) fields.push({ field: v.path, description: v.message });
      }
      if (fields.length > 0) {
        const summary = `Invalid connection: ${fields.map((f) => f.description).join('; ')}`;
        return fail(c, {
          status: invalidStatus,
          errorCode: 'VALIDATION_ERROR',
          detail: has('leak-secret-in-error') ? `${summary}. Request body: ${text}` : summary,
          parameters: fields.map((f) => f.field),
          fields,
        });
      }
    }
    const rawName = isPlainObject(body) ? body.name : undefined;
    const name = typeof rawName === 'string' ? rawName : JSON.stringify(rawName ?? null);
    const conflict = () =>
      fail(c, {
        status: 409,
        errorCode: 'STREAM_CONNECTION_NAME_ALREADY_EXISTS',
        detail: `A stream connection named ${name} already exists in stream instance ${tenant}.`,
        parameters: [name, tenant],
      });
    let created: StoredConnection | undefined;
    if (has('racy-create')) {
      const taken = store.get(groupId, tenant, name) !== undefined;
      await new Promise((r) => setTimeout(r, 10));
      if (taken) return conflict();
      created = store.put(groupId, tenant, name, body);
    } else {
      if (store.get(groupId, tenant, name)) {
        if (has('duplicate-overwrites')) store.put(groupId, tenant, name, body);
        return conflict();
      }
      if (has('500-on-unknown-property')) {
        const extra = undeclaredProperty(contract, body);
        if (extra !== undefined) return fail(c, { status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' });
      }
      created = store.insert(groupId, tenant, name, body)!;
    }
    const shown = view(groupId, tenant, created, has('leak-password'));
    if (isPlainObject(shown)) {
      if (has('response-bad-state')) shown.state = 'ACTIVE';
      if (has('response-wrong-name') && typeof shown.name === 'string') shown.name = shown.name.slice(0, -1);
    }
    const status = has('status-201') ? 201 : 200;
    if (has('success-json-media-type')) return respond.json(c.res, status, shown, JSON_TYPE, c.fmt, c.headers);
    respond.success(c.res, status, shown, c.fmt, c.headers);
  };

  const notFoundConnection = (c: Ctx, tenant: string, name: string) =>
    fail(c, {
      status: 404,
      errorCode: 'STREAM_CONNECTION_NOT_FOUND_FOR_NAME',
      detail: `No stream connection named ${name} exists in stream instance ${tenant}.`,
      parameters: [name, tenant],
    });

  const getConnection = (c: Ctx, groupId: string, tenant: string, name: string) => {
    const found = store.get(groupId, tenant, name);
    if (!found) return notFoundConnection(c, tenant, name);
    const shown = view(groupId, tenant, found, false);
    const answer = has('read-back-wrong-type') && isPlainObject(shown) && typeof shown.type === 'string' ? { ...shown, type: shown.type.toLowerCase() } : shown;
    respond.success(c.res, 200, answer, c.fmt, c.headers);
  };

  const deleteConnection = (c: Ctx, groupId: string, tenant: string, name: string) => {
    if (!store.get(groupId, tenant, name)) return notFoundConnection(c, tenant, name);
    if (!has('delete-ignored')) store.delete(groupId, tenant, name, config.deletingMs);
    respond.success(c.res, 202, {}, c.fmt, c.headers);
  };

  const listConnections = (c: Ctx, groupId: string, tenant: string, query: Record<string, unknown>) => {
    const itemsPerPage = typeof query.itemsPerPage === 'number' ? query.itemsPerPage : 100;
    const pageNum = typeof query.pageNum === 'number' ? query.pageNum : 1;
    const all = store.list(groupId, tenant);
    const page = all.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage);
    const self = `${baseUrl}/api/atlas/v2/groups/${groupId}/streams/${encodeURIComponent(tenant)}/connections?itemsPerPage=${itemsPerPage}&pageNum=${pageNum}`;
    respond.success(
      c.res,
      200,
      { results: page.map((x) => view(groupId, tenant, x, false)), totalCount: all.length, links: [{ href: self, rel: 'self' }] },
      c.fmt,
      c.headers,
    );
  };

  // ------------------------------------------------------------------------------------------ pipeline

  const route = async (c: Ctx, path: string, rawQuery: string): Promise<void> => {
    requestCount += 1;
    if (has('429-without-retry-after') && requestCount % 25 === 0) {
      return fail(c, { status: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.' });
    }
    const rate = bucket.take();
    c.headers['RateLimit-Limit'] = rate.limit;
    c.headers['RateLimit-Remaining'] = rate.remaining;
    if (!rate.allowed) {
      return fail(c, { status: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.', headers: { 'Retry-After': String(rate.retryAfterSeconds) } });
    }

    const match = router.match(c.req.method ?? 'GET', path);
    if (match.kind === 'not-found') return fail(c, { status: 404, errorCode: 'RESOURCE_NOT_FOUND', detail: 'No resource at this path.' });
    if (match.kind === 'method-not-allowed') return fail(c, { status: 405, errorCode: 'METHOD_NOT_ALLOWED', detail: `Method ${c.req.method} is not allowed here.` });
    const operationId = match.kind === 'ok' ? match.route.operationId : undefined;
    if (operationId === 'createServiceAccountToken') return issueToken(c.req, c.res, auth, c.headers);

    const outcome = auth.authenticate(c.req.headers.authorization, c.req.method ?? 'GET', c.req.url ?? '/');
    if (!outcome.ok) return unauthorized(c, outcome);
    const principal: Principal = outcome.principal;

    if (match.kind === 'bad-encoding') {
      return fail(c, { status: 400, errorCode: 'INVALID_PATH_PARAMETER', detail: 'The path has a malformed percent-encoding.', parameters: [] });
    }
    const { route, params } = match;
    const checked = router.check(route, params, rawQuery);
    const others = checked.errors.filter((e) => e.instancePath !== '/path/groupId');
    if (others.length > 0) {
      const fields = others.map((e) => {
        const field = e.instancePath.split('/').pop() ?? '';
        return { field, description: `${field} ${e.message ?? 'is invalid'}` };
      });
      return fail(c, { status: 400, errorCode: 'INVALID_QUERY_PARAMETER', detail: fields.map((f) => f.description).join('; '), parameters: fields.map((f) => f.field), fields });
    }
    if (checked.errors.length > 0 && !has('group-id-case-insensitive')) {
      return fail(c, { status: 400, errorCode: 'INVALID_GROUP_ID', detail: 'The groupId must be 24 hexadecimal digits.', parameters: [] });
    }
    const coercedQuery = checked.query;
    let groupId = params.groupId ?? '';
    const tenant = params.tenantName ?? '';
    if (has('group-id-case-insensitive') && !GROUP_ID.test(groupId)) {
      const lower = groupId.toLowerCase();
      groupId = store.hasGroup(lower) ? lower : defaultGroup;
    }

    if (!has('ignore-accept')) {
      const v = negotiateVersion(c.req.headers.accept);
      if (!v.ok) return fail(c, { status: 406, errorCode: 'INVALID_VERSION_DATE', detail: v.detail, parameters: [] });
    }

    if (!store.hasGroup(groupId)) {
      if (has('unknown-group-400')) return fail(c, { status: 400, errorCode: 'INVALID_GROUP_ID', detail: `Invalid group ${groupId}.`, parameters: [groupId] });
      return fail(c, { status: 404, errorCode: 'GROUP_NOT_FOUND', detail: `No project with ID ${groupId} exists.`, parameters: [groupId] });
    }
    if (principal.groups && !principal.groups.has(groupId)) {
      return fail(c, { status: 403, errorCode: 'USER_CANNOT_ACCESS_GROUP', detail: `This credential cannot access project ${groupId}.`, parameters: [groupId] });
    }
    const id = route.operationId as Op;
    const writes = id === 'createGroupStreamConnection' || id === 'deleteGroupStreamConnection';
    const allowed = !writes ? canRead(principal.roles) : canWrite(principal.roles) || (id === 'createGroupStreamConnection' && has('ignore-roles') && canRead(principal.roles));
    if (!allowed) {
      return fail(c, { status: 403, errorCode: 'USER_UNAUTHORIZED', detail: 'The current user is not authorized to perform this action.', parameters: [] });
    }
    if (!store.hasTenant(groupId, tenant)) {
      if (has('unknown-tenant-400')) return fail(c, { status: 400, errorCode: 'INVALID_STREAM_TENANT', detail: `Invalid stream instance ${tenant}.`, parameters: [tenant] });
      return fail(c, {
        status: 404,
        errorCode: 'STREAM_TENANT_NOT_FOUND_FOR_NAME',
        detail: `No stream instance named ${tenant} exists in project ${groupId}.`,
        parameters: [tenant, groupId],
      });
    }
    const name = params.connectionName ?? '';
    switch (id) {
      case 'createGroupStreamConnection':
        return createConnection(c, groupId, tenant);
      case 'getGroupStreamConnection':
        return getConnection(c, groupId, tenant, name);
      case 'deleteGroupStreamConnection':
        return deleteConnection(c, groupId, tenant, name);
      case 'listGroupStreamConnections':
        return listConnections(c, groupId, tenant, coercedQuery);
    }
  };

  return {
    setBaseUrl(url: string) {
      baseUrl = url.replace(/\/$/, '');
    },
    handle(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const rawQuery = q < 0 ? '' : url.slice(q + 1);
      const c: Ctx = { req, res, fmt: formatOf(rawQuery), headers: {} };
      route(c, path, rawQuery).catch((e: unknown) => {
        // Name and frames only: a message may quote request data, secrets included.
        const frames = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' < ') : '';
        log(`unexpected error on ${req.method} ${path.slice(0, 200)}: ${e instanceof Error ? e.name : typeof e} ${frames}`);
        try {
          fail(c, { status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' });
        } catch {
          res.destroy();
        }
      });
    },
  };
}
