// The reference target's request pipeline, composed of one module per role: routing (routes.ts, from our
// contract through openapi-backend), credentials (auth.ts), parameters and version negotiation
// (validate-request.ts), project, role and stream instance (authorize.ts), and the operations (operations/),
// registered by operationId. Fault switches reach them only as hook points (fault-hooks.ts).
// Order of checks, each answering with an ApiError: rate limit (429) -> route (404/405) -> credentials (401) ->
// parameters (400, groupId INVALID_GROUP_ID) -> versioned Accept (406) -> project (404, or 403 when the
// credential is scoped to other projects) -> role (403) -> stream instance (404) -> operation (415, 413, 400, 409).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadContract } from '../contracts/loader';
import { CONNECTION_TYPES, isConnectionType } from '../contracts/types';
import { Authenticator } from './auth';
import { authorize, unauthorized } from './authorize';
import { ConfigError, type TargetConfig } from './config';
import { drawStream } from './draws';
import { Exchange } from './exchange';
import { hooksFor, NO_FAULT } from './fault-hooks';
import type { FaultName } from './faults';
import { type LenientName, lenientConfig, REALISTIC, withLenient } from './lenient';
import { issueToken, revokeToken } from './oauth';
import { CONNECTION_OPERATIONS, type OperationDeps } from './operations';
import { Presenter } from './present';
import { FixedWindow, type RateLimiter, TokenBucket } from './rate-limit';
import { Responder } from './respond';
import { Router } from './routes';
import { ConnectionStore } from './store';
import { checkRequest } from './validate-request';
import { undeclaredProperty } from './view';

export interface TargetApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Base URL used in `links` (known once the server listens). */
  setBaseUrl(url: string): void;
}

export interface AppOptions {
  config: TargetConfig;
  faults?: readonly FaultName[];
  /** Lenient variants (lenient.ts): the other things the profile allows. */
  lenient?: readonly LenientName[];
  /** Behave as the vendor's service does (lenient.ts REALISTIC: eventual reads, PENDING then READY, Kafka deletes
   *  refused while deploying, its rate limit, charset, server defaults, no links, PLAINTEXT). */
  realistic?: boolean;
  /** Seed of the drawn delays (default 1). */
  seed?: number;
  /** Diagnostics (never secrets); default: nothing. */
  log?: (line: string) => void;
  now?: () => number;
}

/** Operations served before and without the API's credentials (they take their own). */
type OpenHandler = (x: Exchange, auth: Authenticator) => Promise<void>;
const OPEN_OPERATIONS: Record<string, OpenHandler> = {
  createServiceAccountToken: (x, auth) => issueToken(x.req, x.res, auth, x.headers),
  revokeServiceAccountToken: (x, auth) => revokeToken(x.req, x.res, auth, x.headers),
};

const isConnectionOperation = (id: string): id is keyof typeof CONNECTION_OPERATIONS => Object.hasOwn(CONNECTION_OPERATIONS, id);

export async function createTargetApp(opts: AppOptions): Promise<TargetApp> {
  const lenient = [...new Set([...(opts.realistic ? REALISTIC : []), ...(opts.lenient ?? [])])];
  const config = lenientConfig(opts.config, lenient);
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const contract = loadContract();
  const undeclared = (body: unknown) => undeclaredProperty(contract, body);
  const seed = opts.seed ?? 1;
  const lenientHooks = withLenient(NO_FAULT, lenient, {
    undeclaredProperty: undeclared,
    fixtures: config.fixtures,
    realistic: config.realistic,
    draws: (stream) => drawStream(seed, stream),
    readOnlyPaths: (type) => (isConnectionType(type) ? contract.readOnlyPaths(type) : []),
    hasNetworking: (type) => isConnectionType(type) && contract.fields(type).some((f) => f.path === 'networking'),
  });
  // Faults over the variants: a fault stays visible whatever variant (the realistic target included) is on.
  const hooks = hooksFor(opts.faults ?? [], { undeclaredProperty: undeclared }, lenientHooks);

  const router = await Router.fromContract(contract);
  for (const id of router.operationIds()) {
    if (!isConnectionOperation(id) && !Object.hasOwn(OPEN_OPERATIONS, id)) throw new Error(`no handler registered for operation ${id}`);
  }
  const auth = new Authenticator(config, hooks, now);
  const store = new ConnectionStore(config.groups, now);
  seedConnections(store, config, contract);
  const bucket: RateLimiter = hooks.vendorRateLimit
    ? new FixedWindow(config.realistic.rateLimit.limit, config.realistic.rateLimit.windowMs, now)
    : config.rateLimit
      ? new TokenBucket(config.rateLimit.capacity, config.rateLimit.refillPerSecond, true, now)
      : new TokenBucket(1000, 1000, false, now);
  // The vendor spells them so (header names are case-insensitive, but recordings and naive clients are not).
  const [limitHeader, remainingHeader] = hooks.vendorRateLimit ? ['Ratelimit-Limit', 'Ratelimit-Remaining'] : ['RateLimit-Limit', 'RateLimit-Remaining'];
  const respond = new Responder(hooks);
  const present = new Presenter(new Map(CONNECTION_TYPES.map((t) => [t, contract.writeOnlyPaths(t)])), hooks, (c) => store.stateOf(c));
  const deps: OperationDeps = { contract, config, store, present, hooks };
  const defaultGroup = config.groups[0]!.id;
  let requestCount = 0;

  const serve = async (x: Exchange): Promise<void> => {
    requestCount += 1;
    const early = hooks.beforeRequest(requestCount);
    if (early) return x.fail(early);
    const rate = bucket.take();
    if (hooks.rateLimitHeaders) {
      x.headers[limitHeader] = rate.limit;
      x.headers[remainingHeader] = rate.remaining;
    }
    if (!rate.allowed) {
      // A window that ends with this answer says so: retry in a second, not when the bucket would have refilled.
      if (hooks.liftRateLimitAfter429) bucket.refill();
      const retryAfter = hooks.liftRateLimitAfter429 ? 1 : rate.retryAfterSeconds;
      return x.fail({ status: 429, errorCode: 'RATE_LIMITED', detail: 'Too many requests.', headers: { 'Retry-After': String(retryAfter) } });
    }

    const match = router.match(x.method, x.path);
    if (match.kind === 'not-found') return x.fail({ status: 404, errorCode: 'RESOURCE_NOT_FOUND', detail: 'No resource at this path.' });
    if (match.kind === 'method-not-allowed') return x.fail({ status: 405, errorCode: 'METHOD_NOT_ALLOWED', detail: `Method ${x.method} is not allowed here.` });
    const open = match.kind === 'ok' ? OPEN_OPERATIONS[match.route.operationId] : undefined;
    if (open) return open(x, auth);

    const outcome = auth.authenticate(x.req.headers.authorization, x.method, x.req.url ?? '/');
    if (!outcome.ok) return x.fail(unauthorized(outcome, auth.nonces));
    if (match.kind === 'bad-encoding') {
      return x.fail({ status: 400, errorCode: 'INVALID_PATH_PARAMETER', detail: 'The path has a malformed percent-encoding.', parameters: [] });
    }
    const params = hooks.pathParams(match.params);
    const odd = hooks.pathParamError(params);
    if (odd) return x.fail(odd);
    const checked = checkRequest(x, match.route, params, { router, store, defaultGroup, hooks });
    if (!checked.ok) return x.fail(checked.error);
    const id = match.route.operationId;
    if (!isConnectionOperation(id)) throw new Error(`no handler for ${id}`);
    const op = CONNECTION_OPERATIONS[id];
    const refusal = authorize(outcome.principal, checked.request.scope, op.access, store, hooks);
    if (refusal) return x.fail(refusal);
    return op.handle(x, checked.request, deps);
  };

  return {
    setBaseUrl: (url) => present.setBaseUrl(url),
    handle(req, res) {
      const x = new Exchange(req, res, respond, hooks.rewriteQuery);
      serve(x).catch((e: unknown) => {
        // Name and frames only: a message may quote request data, secrets included.
        const frames = e instanceof Error ? (e.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' < ') : '';
        log(`unexpected error on ${req.method} ${x.path.slice(0, 200)}: ${e instanceof Error ? e.name : typeof e} ${frames}`);
        try {
          x.fail({ status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' });
        } catch {
          res.destroy();
        }
      });
    },
  };
}

/** Puts the connections the instances hold from the start into the store: the sample connections, when asked, and
 *  the configured ones (each checked against the contract; a bad one is a ConfigError). */
function seedConnections(store: ConnectionStore, config: TargetConfig, contract: ReturnType<typeof loadContract>): void {
  const seeded = config.connections.map((c) => ({ ...c }));
  if (config.sampleConnections) {
    for (const g of config.groups) {
      for (const tenant of g.tenants) for (const name of config.fixtures.sampleSources) seeded.push({ groupId: g.id, tenant, body: { name, type: 'Sample' } });
    }
  }
  for (const c of seeded) {
    const group = config.groups.find((g) => g.id === (c.groupId ?? config.groups[0]!.id));
    const tenant = c.tenant ?? group?.tenants[0];
    const name = String(c.body.name);
    if (!group || tenant === undefined || !store.hasTenant(group.id, tenant)) {
      throw new ConfigError(`invalid target config: /connections: no stream instance ${tenant ?? '(none)'} in project ${c.groupId ?? config.groups[0]!.id} for ${name}`);
    }
    const violations = contract.validateRequestBody(c.body);
    if (violations.length > 0) throw new ConfigError(`invalid target config: /connections: ${name} is not a valid connection (${violations[0]!.message})`);
    if (!store.insert(group.id, tenant, name, c.body)) throw new ConfigError(`invalid target config: /connections: ${name} is there twice in ${tenant}`);
  }
}
