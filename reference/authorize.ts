// What a caller may reach once authenticated: the project (404 unknown, 403 outside the credential's projects),
// the role the operation needs (403 USER_UNAUTHORIZED), then the stream instance (404). Also the 401 answer
// with its Digest challenge for a caller that did not authenticate.
import type { AuthOutcome, Principal } from './auth';
import { canRead, canWrite } from './config';
import { digestChallenge, type NonceStore } from './digest';
import type { FaultHooks } from './fault-hooks';
import type { Scope } from './present';
import type { ErrorSpec } from './respond';
import type { ConnectionStore } from './store';

/** What an operation needs of the caller's roles: `create` is a write a fault may open to readers. */
export type Access = 'read' | 'write' | 'create';

export function unauthorized(outcome: Extract<AuthOutcome, { ok: false }>, nonces: NonceStore): ErrorSpec {
  const detail = {
    missing: 'No credentials: authenticate with HTTP Digest (API key) or a bearer token.',
    malformed: 'Unsupported or malformed Authorization header.',
    wrong: 'Invalid credentials.',
    replay: 'The Digest nonce count was already used with this nonce.',
    'unknown-nonce': outcome.stale ? 'The Digest nonce has expired.' : 'Unknown Digest nonce.',
    'expired-token': 'The bearer token has expired.',
  }[outcome.why];
  return {
    status: 401,
    errorCode: 'UNAUTHORIZED',
    detail,
    headers: { 'WWW-Authenticate': digestChallenge(nonces.issue(), outcome.stale === true) },
  };
}

function allowed(roles: ReadonlySet<string>, access: Access, readersMayCreate: boolean): boolean {
  if (access === 'read') return canRead(roles);
  return canWrite(roles) || (access === 'create' && readersMayCreate && canRead(roles));
}

/** The refusal for this caller and scope, or undefined when it may go on. */
export function authorize(
  principal: Principal,
  scope: Scope,
  access: Access,
  store: ConnectionStore,
  hooks: Pick<FaultHooks, 'unknownGroup' | 'unknownTenant' | 'readersMayCreate'>,
): ErrorSpec | undefined {
  const { groupId, tenant } = scope;
  if (!store.hasGroup(groupId)) return hooks.unknownGroup(groupId);
  if (principal.groups && !principal.groups.has(groupId)) {
    return { status: 403, errorCode: 'USER_CANNOT_ACCESS_GROUP', detail: `This credential cannot access project ${groupId}.`, parameters: [groupId] };
  }
  if (!allowed(principal.roles, access, hooks.readersMayCreate)) {
    return { status: 403, errorCode: 'USER_UNAUTHORIZED', detail: 'The current user is not authorized to perform this action.', parameters: [] };
  }
  if (!store.hasTenant(groupId, tenant)) return hooks.unknownTenant(groupId, tenant);
  return undefined;
}
