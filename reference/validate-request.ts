// The request's parameters and version negotiation, checked after the credentials: path and declared query
// parameters against the contract (400 INVALID_QUERY_PARAMETER, groupId 400 INVALID_GROUP_ID), then the
// versioned Accept (406 INVALID_VERSION_DATE).
import { negotiateVersion } from './accept';
import type { Exchange } from './exchange';
import type { FaultHooks } from './fault-hooks';
import type { Scope } from './present';
import type { ErrorSpec } from './respond';
import type { Route, Router } from './routes';
import type { ConnectionStore } from './store';

const GROUP_ID = /^[a-f0-9]{24}$/;

export interface CheckedRequest {
  scope: Scope;
  /** The connection name of the path; '' for the collection. */
  name: string;
  /** Declared query parameters, coerced (booleans, integers). */
  query: Record<string, unknown>;
}

export type RequestCheck = { ok: true; request: CheckedRequest } | { ok: false; error: ErrorSpec };

export interface RequestCheckDeps {
  router: Router;
  store: ConnectionStore;
  /** Where a normalised unknown group id goes (the group-id fault). */
  defaultGroup: string;
  hooks: Pick<FaultHooks, 'normaliseGroupId' | 'malformedGroupId' | 'checkAccept' | 'crashOnUndeclaredQuery'>;
}

const refuse = (error: ErrorSpec): RequestCheck => ({ ok: false, error });

export function checkRequest(x: Exchange, route: Route, params: Record<string, string>, deps: RequestCheckDeps): RequestCheck {
  const { hooks } = deps;
  if (hooks.crashOnUndeclaredQuery && [...new URLSearchParams(x.rawQuery).keys()].some((k) => !route.queryNames.has(k))) {
    return refuse({ status: 500, errorCode: 'UNEXPECTED_ERROR', detail: 'Unexpected error.' });
  }
  const checked = deps.router.check(route, params, x.rawQuery);
  const others = checked.errors.filter((e) => e.instancePath !== '/path/groupId');
  if (others.length > 0) {
    const fields = others.map((e) => {
      const field = e.instancePath.split('/').pop() ?? '';
      return { field, description: `${field} ${e.message ?? 'is invalid'}` };
    });
    return refuse({ status: 400, errorCode: 'INVALID_QUERY_PARAMETER', detail: fields.map((f) => f.description).join('; '), parameters: fields.map((f) => f.field), fields });
  }
  if (checked.errors.length > 0 && !hooks.normaliseGroupId) {
    return refuse(hooks.malformedGroupId);
  }
  let groupId = params.groupId ?? '';
  if (hooks.normaliseGroupId && !GROUP_ID.test(groupId)) {
    const lower = groupId.toLowerCase();
    groupId = deps.store.hasGroup(lower) ? lower : deps.defaultGroup;
  }
  if (hooks.checkAccept) {
    const v = negotiateVersion(x.req.headers.accept);
    if (!v.ok) return refuse({ status: 406, errorCode: 'INVALID_VERSION_DATE', detail: v.detail, parameters: [] });
  }
  return { ok: true, request: { scope: { groupId, tenant: params.tenantName ?? '' }, name: params.connectionName ?? '', query: checked.query } };
}
