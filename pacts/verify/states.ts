// Provider-state handlers for verification, built from the interactions' states and run through the target's own
// API: "connection N exists" creates it, "connection N does not exist" deletes it (and deletes it again after the
// interaction, so repeated runs start clean), "stream instance exists" checks it and hands the verifier the
// target's group id and stream instance to inject into the request path.
import type { Exchange } from '../../client/exchange';
import type { TargetClient } from '../../client';
import { DEFAULT_SETTLE_MS, pollUntil, statusIs, waited } from '../../client/settle';
import type { InteractionSpec } from '../interactions';
import type { ProviderStateSpec } from '../names';

export interface StateContext {
  /** Admin client that honours 429 (state changes must not be refused by the rate limit). */
  client: TargetClient;
  /** Admin client that does not retry 429, for draining the rate limit. */
  probeClient: TargetClient;
  groupId: string;
  tenant: string;
  hasReadOnly: boolean;
  /** Most requests sent to bring the target to its rate limit; 0: none (the probe is off). */
  rateLimitProbe: number;
  /** Most time to wait for a deleted connection to be gone (DELETING). */
  deleteWaitMs?: number;
  /** The settle bound, ms: a DELETE refused 409 while the connection deploys (or 404 before its create shows) is
   *  asked again with back-off this long; a created connection is awaited this long before the interaction. */
  settleMs?: number;
  /** Connections that were there before the verification: never deleted, so a state that needs one gone cannot be set. */
  foreign?: ReadonlySet<string>;
  /** Told when the rate-limit state is set (a 429 seen): the verifier's next request is the one that should meet it. */
  onLimited?: () => void;
}

type Injected = Record<string, string>;
type Fn = (params?: unknown) => Promise<Injected | undefined>;
/** pact-js's state handler shapes: a setup function, or setup and teardown. */
export type Handler = Fn | { setup?: Fn; teardown?: Fn };
export type StateHandlers = Record<string, Handler>;

/** A state change that failed, in the order they happened (pact-js logs and swallows them; we keep them). */
export interface StateFailure {
  state: string;
  action: 'setup' | 'teardown';
  message: string;
  /** The precondition is one the profile lets a target lack (no 429 ever, no read-only credential given). */
  unavailable?: boolean;
}

/**
 * A provider state that cannot be set up for a reason that is no fault of the target: the profile says "429 (if
 * any)", and a read-only credential is optional. Interactions behind such a state are not assessed.
 */
export class PreconditionUnavailable extends Error {
  override name = 'PreconditionUnavailable';
}

export function buildStateHandlers(specs: readonly InteractionSpec[], ctx: StateContext, failures: StateFailure[]): StateHandlers {
  const handlers: StateHandlers = {};
  const byName = new Map<string, ProviderStateSpec>();
  for (const spec of specs) for (const s of spec.states) byName.set(s.name, s);
  for (const [name, state] of byName) handlers[name] = recording(name, handlerFor(state, ctx), failures);
  return handlers;
}


function recording(name: string, handler: Handler, failures: StateFailure[]): Handler {
  const wrap = (fn: Fn | undefined, action: StateFailure['action']): Fn | undefined =>
    fn &&
    (async (params) => {
      try {
        return await fn(params);
      } catch (e) {
        failures.push({ state: name, action, message: (e as Error).message, ...(e instanceof PreconditionUnavailable ? { unavailable: true } : {}) });
        throw e;
      }
    });
  if (typeof handler === 'function') return wrap(handler, 'setup')!;
  const setup = wrap(handler.setup, 'setup');
  const teardown = wrap(handler.teardown, 'teardown');
  return { ...(setup ? { setup } : {}), ...(teardown ? { teardown } : {}) };
}

function handlerFor(state: ProviderStateSpec, ctx: StateContext): Handler {
  const where = { groupId: ctx.groupId, tenantName: ctx.tenant };
  switch (state.kind) {
    case 'instanceExists':
      return async () => {
        const ex = await ctx.client.list(ctx.groupId, ctx.tenant);
        const status = statusOf(ex);
        if (status !== 200) throw new Error(`state "${state.name}": listing connections of ${ctx.tenant} in group ${ctx.groupId} answered ${describe(ex)}, expected 200 (check --group and --tenant)`);
        return where as Injected;
      };
    case 'instanceMissing':
      return async () => ({ groupId: ctx.groupId }) as Injected;
    case 'connectionAbsent': {
      const name = String(state.params.connectionName);
      return {
        setup: async () => {
          await ensureAbsent(ctx, name, state.name);
          return where as Injected;
        },
        teardown: async () => {
          await ensureAbsent(ctx, name, state.name);
          return undefined;
        },
      };
    }
    case 'connectionExists': {
      const name = String(state.params.connectionName);
      const body = state.params.connection;
      return {
        setup: async () => {
          await ensureAbsent(ctx, name, state.name);
          const ex = await ctx.client.create(ctx.groupId, ctx.tenant, body);
          // The state only needs the connection to exist; judging the create's status is the success interactions' job.
          // A create whose answer was lost after it took effect (client.ts) made it all the same.
          const status = statusOf(ex) ?? 0;
          const done = ex.outcome === 'transport-error' && ex.transportRetry?.tookEffect === true;
          if (!done && (status < 200 || status > 299)) throw new Error(`state "${state.name}": creating ${name} answered ${describe(ex)}, expected 2xx`);
          // The interaction reads it: wait, within the settle bound, until the target shows it.
          const shown = await pollUntil(() => ctx.client.get(ctx.groupId, ctx.tenant, name), (g) => !statusIs(g, 404), { boundMs: ctx.settleMs ?? DEFAULT_SETTLE_MS });
          if (!shown.settled) throw new Error(`state "${state.name}": ${name} was created but GET still answered 404 after ${waited(shown.waitedMs)}`);
          return where as Injected;
        },
        teardown: async () => {
          await ensureAbsent(ctx, name, state.name);
          return undefined;
        },
      };
    }
    case 'readOnlyCaller':
      return async () => {
        if (!ctx.hasReadOnly) throw new PreconditionUnavailable(`state "${state.name}": no read-only credential was given (--readonly-auth)`);
        return where as Injected;
      };
    case 'rateLimited':
      return async () => {
        if (ctx.rateLimitProbe <= 0) {
          throw new PreconditionUnavailable(
            `state "${state.name}": the rate-limit probe is off, so the 429 interaction is not verifiable (a target that never answers 429 is conformant; opt in with --rate-limit-probe N)`,
          );
        }
        // A burst, several requests in flight: a window-based limit is reached sooner than one request at a time,
        // and a target that never limits costs a fraction of the time.
        let sent = 0;
        let limited = false;
        let failure: string | undefined;
        const probe = async () => {
          while (!limited && failure === undefined && sent < ctx.rateLimitProbe) {
            sent += 1;
            const ex = await ctx.probeClient.list(ctx.groupId, ctx.tenant);
            if (statusOf(ex) === 429) limited = true;
            else if (ex.outcome === 'transport-error') failure ??= describe(ex);
          }
        };
        await Promise.all(Array.from({ length: RATE_LIMIT_BURST }, probe));
        if (limited) {
          ctx.onLimited?.();
          return where as Injected;
        }
        if (failure !== undefined) throw new Error(`state "${state.name}": ${failure}`);
        throw new PreconditionUnavailable(
          `state "${state.name}": the target answered no 429 to ${ctx.rateLimitProbe} requests, so the rate-limit interaction cannot be verified (raise --rate-limit-probe, or give the target a rate limit)`,
        );
      };
  }
}

/** Requests in flight while probing for a rate limit. */
const RATE_LIMIT_BURST = 8;

/** Deletes the connection if present and waits until GET answers 404 (a delete may pass through DELETING). */
export async function ensureAbsent(ctx: Pick<StateContext, 'client' | 'groupId' | 'tenant' | 'deleteWaitMs' | 'foreign' | 'settleMs'>, name: string, stateName: string): Promise<void> {
  if (ctx.foreign?.has(name)) {
    throw new PreconditionUnavailable(`state "${stateName}": ${name} was in ${ctx.tenant} before the verification; it is not ours to delete`);
  }
  const first = await ctx.client.get(ctx.groupId, ctx.tenant, name);
  if (statusOf(first) === 404) return;
  if (statusOf(first) !== 200) throw new Error(`state "${stateName}": reading ${name} answered ${describe(first)}, expected 200 or 404`);
  // Refused 409 while it deploys (STREAM_KAFKA_CONNECTION_IS_DEPLOYING): asked again with back-off, within the bound.
  const asked = await pollUntil(() => ctx.client.delete(ctx.groupId, ctx.tenant, name), (d) => !statusIs(d, 409), { boundMs: ctx.settleMs ?? DEFAULT_SETTLE_MS, firstMs: 250 });
  const del = asked.ex;
  const ds = statusOf(del);
  const lost = del.outcome === 'transport-error' && del.transportRetry?.tookEffect === true;
  if (!lost && ds !== 202 && ds !== 200 && ds !== 204 && ds !== 404) throw new Error(`state "${stateName}": deleting ${name} answered ${describe(del)}${asked.tries > 1 ? ` after asking for ${waited(asked.waitedMs)}` : ''}`);
  const deadline = Date.now() + (ctx.deleteWaitMs ?? 10_000);
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    const ex = await ctx.client.get(ctx.groupId, ctx.tenant, name);
    if (statusOf(ex) === 404) return;
    if (Date.now() > deadline) throw new Error(`state "${stateName}": ${name} still readable ${ctx.deleteWaitMs ?? 10_000} ms after DELETE (last: ${describe(ex)})`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

function statusOf(ex: Exchange): number | undefined {
  return ex.outcome === 'response' ? ex.response.status : undefined;
}

function describe(ex: Exchange): string {
  if (ex.outcome === 'transport-error') return `no answer (${ex.error.kind}: ${ex.error.message})`;
  const code = (ex.response.json as { errorCode?: unknown } | undefined)?.errorCode;
  return `${ex.response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
}
