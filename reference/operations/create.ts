// createGroupStreamConnection: a checked body is stored under its name, or refused 409 when the name is taken.
// Check and insert happen in one turn of the event loop, so concurrent creates of one name have one winner.
import { isPlainObject } from '../../util/json';
import { checkCreateBody } from '../validate-body';
import type { Handler } from './types';

export const createConnection: Handler = async (x, { scope }, deps) => {
  const { store, hooks } = deps;
  const early = hooks.beforeCreate();
  if (early) return x.fail(early);
  const checked = await checkCreateBody(x, { contract: deps.contract, fixtures: deps.config.fixtures, hooks });
  if (checked.kind === 'aborted') return;
  if (checked.kind === 'refused') return x.fail(checked.error);
  const { body: sent } = checked;
  if (hooks.hangOnCreate(sent)) return;
  const body = hooks.storedBody(sent);
  const { groupId, tenant } = scope;
  const rawName = isPlainObject(body) ? body.name : undefined;
  const name = typeof rawName === 'string' ? rawName : JSON.stringify(rawName ?? null);
  const conflict = () =>
    x.fail({
      status: 409,
      errorCode: 'STREAM_CONNECTION_NAME_ALREADY_EXISTS',
      detail: `A stream connection named ${name} already exists in stream instance ${tenant}.`,
      parameters: [name, tenant],
    });
  const type = isPlainObject(body) ? body.type : undefined;
  const pendingMs = hooks.pendingMs(type);
  const deployingMs = hooks.deployingMs(type);
  // A connection that deploys is PENDING meanwhile, when the target shows PENDING at all.
  const timing = { settleMs: hooks.settleMs(type), pendingMs: pendingMs > 0 ? Math.max(pendingMs, deployingMs) : 0, deployingMs };
  let created;
  if (hooks.racyInsert) {
    const taken = store.get(groupId, tenant, name) !== undefined;
    await new Promise((r) => setTimeout(r, 10));
    if (taken) return conflict();
    created = store.put(groupId, tenant, name, body, timing);
  } else {
    if (store.get(groupId, tenant, name)) {
      if (hooks.duplicateOverwrites) store.put(groupId, tenant, name, body);
      return conflict();
    }
    const refusal = hooks.beforeInsert(body);
    if (refusal) return x.fail(refusal);
    created = store.insert(groupId, tenant, name, body, timing)!;
  }
  const shown = deps.present.connection(scope, created, hooks.showSecretsOnCreate);
  if (isPlainObject(shown)) {
    if (hooks.createdState !== undefined) shown.state = hooks.createdState;
    if (typeof shown.name === 'string') shown.name = hooks.createdName(shown.name);
  }
  x.success(hooks.createdStatus, shown, hooks.createdMediaType);
};
