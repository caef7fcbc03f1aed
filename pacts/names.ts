// Fixed names of the pact: participants, file, example path values, provider states and placeholder credentials.
// Everything here ends up in contracts/pacts/*.json, so nothing may vary between runs (no counters, no clock).
import { packageUrl } from '../util/package-root';

export const CONSUMER = 'atlas-streams-client';
export const PROVIDER = 'atlas-admin-api-streams-connections';
export const PACT_FILE_NAME = `${CONSUMER}-${PROVIDER}.json`;
export const PACTS_DIR = new URL(`${packageUrl('contracts', 'pacts').href}/`);

/** Seed of the generators for the committed pact (regenerating with it gives the same bytes). */
export const DEFAULT_PACT_SEED = 20230201;

/** Example path values; a verifier replaces them with the target's through provider-state injection. */
export const EXAMPLE_GROUP_ID = '5f2b3c4d5e6f7a8b9c0d1e2f';
export const EXAMPLE_TENANT = 'pact-stream-instance';
/** A stream instance the 404 interaction expects not to exist (injected values are not used for it). */
export const MISSING_TENANT = 'pact-missing-stream-instance';
/** Name of the connection the 409 interaction expects to exist already. */
export const DUPLICATE_NAME = 'pact-existing-connection';

/**
 * Placeholder credentials. Obviously fake: they only say which kind of caller the interaction needs; the verifier's
 * request filter swaps each for a real credential of that kind (pacts/verify/auth.ts).
 */
export const PLACEHOLDER_AUTH = {
  admin: 'Bearer pact-placeholder-admin-token',
  readOnly: 'Bearer pact-placeholder-read-only-token',
  invalid: 'Bearer pact-placeholder-invalid-token',
} as const;
export type CallerKind = keyof typeof PLACEHOLDER_AUTH;

/** Placeholder for write-only values in request bodies: not a secret, and easy to search for in any response. */
export const FAKE_SECRET_PREFIX = 'pact-fake-secret';

/** Kinds of provider state; each interaction names its preconditions with these (names below, values in params). */
export type StateKind = 'instanceExists' | 'instanceMissing' | 'connectionExists' | 'connectionAbsent' | 'readOnlyCaller' | 'rateLimited';

export interface ProviderStateSpec {
  kind: StateKind;
  name: string;
  params: Record<string, unknown>;
}

export const STATE_NAMES = {
  instanceExists: `stream instance ${EXAMPLE_TENANT} exists in group G`,
  instanceMissing: `stream instance ${MISSING_TENANT} does not exist in group G`,
  connectionExists: (name: string) => `connection ${name} exists in stream instance ${EXAMPLE_TENANT}`,
  connectionAbsent: (name: string) => `connection ${name} does not exist in stream instance ${EXAMPLE_TENANT}`,
  readOnlyCaller: 'the caller has a read-only role in group G',
  rateLimited: 'the caller has exhausted its rate limit',
} as const;

/** Provider-state expression of the collection path: `${groupId}` and `${tenantName}` come from the state handler. */
export const COLLECTION_PATH_EXPRESSION = '/api/atlas/v2/groups/${groupId}/streams/${tenantName}/connections';
export const COLLECTION_PATH_MISSING_EXPRESSION = `/api/atlas/v2/groups/\${groupId}/streams/${MISSING_TENANT}/connections`;

export function collectionPath(groupId: string, tenantName: string): string {
  return `/api/atlas/v2/groups/${groupId}/streams/${encodeURIComponent(tenantName)}/connections`;
}
