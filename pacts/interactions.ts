// The interactions of the pact, as data: one success per connection type and the eight errors a client must
// handle. Pure: the consumer tests (pacts/consumer.ts) record them, the verifier (pacts/verify/) replays them.
import { MatchersV3 as M } from './pact-lib';
import type { Contract } from '../contracts/loader';
import { CONNECTION_TYPES, type ConnectionType, VENDOR_MEDIA_TYPE } from '../contracts/types';
import type { ExampleBodies } from './bodies';
import {
  COLLECTION_PATH_EXPRESSION,
  COLLECTION_PATH_MISSING_EXPRESSION,
  type CallerKind,
  DUPLICATE_NAME,
  EXAMPLE_GROUP_ID,
  EXAMPLE_TENANT,
  MISSING_TENANT,
  PLACEHOLDER_AUTH,
  type ProviderStateSpec,
  STATE_NAMES,
  collectionPath,
} from './names';
import { connectionTemplate, escapeRegex, withFakeSecrets } from './templates';

/** A versioned Accept the resource version 2023-02-01 serves: that date or a later one (up to 2099). */
export const ACCEPT_REGEX = '^application/vnd\\.atlas\\.(2023-(0[2-9]|1[0-2])|20(2[4-9]|[3-9][0-9])-(0[1-9]|1[0-2]))-[0-3][0-9]\\+json$';
export const REQUEST_CONTENT_TYPE_REGEX = `^application/(${escapeRegex('vnd.atlas.2023-02-01+')})?json(\\s*;.*)?$`;
export const SUCCESS_CONTENT_TYPE_REGEX = `^${escapeRegex(VENDOR_MEDIA_TYPE)}(\\s*;.*)?$`;
export const ERROR_CONTENT_TYPE_REGEX = '^application/json(\\s*;.*)?$';
export const AUTHORIZATION_REGEX = '^(Bearer|Digest) \\S.*$';
export const ERROR_CODE_REGEX = '^[A-Z][A-Z0-9_]*$';
export const RETRY_AFTER_REGEX = '^[0-9]+$';
/** A version date before the resource's first one: no resource version serves it. */
export const UNSUPPORTED_ACCEPT = 'application/vnd.atlas.2000-01-01+json';

export type InteractionKind =
  | { kind: 'success'; type: ConnectionType }
  | { kind: 'error'; error: 'validation' | 'unauthenticated' | 'invalid-credentials' | 'read-only' | 'unknown-instance' | 'bad-version' | 'duplicate' | 'rate-limited' };

/** Path patterns: the group id by the contract's pattern, the stream instance as one path segment. */
export const COLLECTION_PATH_REGEX = '^/api/atlas/v2/groups/[a-f0-9]{24}/streams/[^/]+/connections$';
export const COLLECTION_PATH_MISSING_REGEX = `^/api/atlas/v2/groups/[a-f0-9]{24}/streams/${escapeRegex(MISSING_TENANT)}/connections$`;

export interface InteractionSpec {
  kind: InteractionKind;
  /**
   * The profile level of the strictest thing the interaction asserts: MUST when every part of it is a MUST rule,
   * SHOULD when a conformant provider may still fail it (echoed fields, exact 400 and badRequestDetail, named error
   * codes, 406). Certification can count a failure of a SHOULD interaction as a SHOULD finding only.
   */
  level: 'MUST' | 'SHOULD';
  description: string;
  states: ProviderStateSpec[];
  /** Who calls: the placeholder credential the request carries, or none. */
  caller: CallerKind | 'none';
  request: {
    pathExpression: string;
    pathRegex: string;
    /** The example path (the example group and stream instance). */
    path: string;
    headers: Record<string, unknown>;
    body: unknown;
  };
  /** What the consumer sends in its test (the example values, plain JSON). */
  send: { path: string; headers: Record<string, string>; body: Record<string, unknown> };
  response: {
    status: number;
    /** Other statuses the consumer accepts (read-only: 401 or 403). */
    statuses?: number[];
    headers: Record<string, unknown>;
    body: unknown;
  };
}

const EXAMPLE_PATH = collectionPath(EXAMPLE_GROUP_ID, EXAMPLE_TENANT);
const instance: ProviderStateSpec = { kind: 'instanceExists', name: STATE_NAMES.instanceExists, params: { groupId: EXAMPLE_GROUP_ID, tenantName: EXAMPLE_TENANT } };
const absent = (connectionName: string): ProviderStateSpec => ({
  kind: 'connectionAbsent',
  name: STATE_NAMES.connectionAbsent(connectionName),
  params: { connectionName },
});

function requestHeaders(caller: CallerKind | 'none', accept: unknown = M.regex(ACCEPT_REGEX, VENDOR_MEDIA_TYPE)): Record<string, unknown> {
  return {
    ...(caller === 'none' ? {} : { Authorization: M.regex(AUTHORIZATION_REGEX, PLACEHOLDER_AUTH[caller]) }),
    Accept: accept,
    'Content-Type': M.regex(REQUEST_CONTENT_TYPE_REGEX, VENDOR_MEDIA_TYPE),
  };
}

function sendHeaders(caller: CallerKind | 'none', accept = VENDOR_MEDIA_TYPE): Record<string, string> {
  return {
    ...(caller === 'none' ? {} : { Authorization: PLACEHOLDER_AUTH[caller] }),
    Accept: accept,
    'Content-Type': VENDOR_MEDIA_TYPE,
  };
}

/** An ApiError body template: `error` literal (it must equal the status), errorCode by regex. */
function apiError(status: number, errorCode: { regex: string; example: string }, extra: Record<string, unknown> = {}): unknown {
  return { error: status, errorCode: M.regex(errorCode.regex, errorCode.example), ...extra };
}
const exactly = (code: string) => ({ regex: `^${escapeRegex(code)}$`, example: code });
const anyCode = (example: string) => ({ regex: ERROR_CODE_REGEX, example });

const ERROR_HEADERS = { 'Content-Type': M.regex(ERROR_CONTENT_TYPE_REGEX, 'application/json') };

/**
 * All interactions. The pact file orders them by description: successes ("a valid request ...") sort before errors
 * ("an attempt ..."), so a stub server that finds several matches for a request picks the success by default.
 */
export function buildInteractions(bodies: ExampleBodies, contract: Contract): InteractionSpec[] {
  const success = CONNECTION_TYPES.map((type): InteractionSpec => {
    const body = withFakeSecrets(bodies[type], contract, type);
    const name = String(body.name);
    return {
      kind: { kind: 'success', type },
      // Echoing the non-secret fields sent is SHOULD (status, media type, name/type and no leak are MUST).
      level: 'SHOULD',
      description: `a valid request to create a connection of type ${type}`,
      states: [instance, absent(name)],
      caller: 'admin',
      request: { pathExpression: COLLECTION_PATH_EXPRESSION, pathRegex: COLLECTION_PATH_REGEX, path: EXAMPLE_PATH, headers: requestHeaders('admin'), body: connectionTemplate(body, contract, type, 'request') },
      send: { path: EXAMPLE_PATH, headers: sendHeaders('admin'), body },
      response: {
        status: 200,
        headers: { 'Content-Type': M.regex(SUCCESS_CONTENT_TYPE_REGEX, VENDOR_MEDIA_TYPE) },
        body: connectionTemplate(bodies[type], contract, type, 'response'),
      },
    };
  });

  // Error interactions send a valid Https body unless the error is about the body itself.
  const https = withFakeSecrets(bodies.Https, contract, 'Https');
  const httpsTemplate = connectionTemplate(https, contract, 'Https', 'request');
  const common = (caller: CallerKind | 'none') => ({
    caller,
    request: { pathExpression: COLLECTION_PATH_EXPRESSION, pathRegex: COLLECTION_PATH_REGEX, path: EXAMPLE_PATH, headers: requestHeaders(caller), body: httpsTemplate },
    send: { path: EXAMPLE_PATH, headers: sendHeaders(caller), body: https },
  });
  const httpsName = String(https.name);

  // A MUST-level schema violation: bootstrapServers of the wrong JSON type, everything else valid.
  const invalid: Record<string, unknown> = { ...withFakeSecrets(bodies.Kafka, contract, 'Kafka'), bootstrapServers: 9092 };
  const duplicate = { ...https, name: DUPLICATE_NAME };

  const errors: InteractionSpec[] = [
    {
      kind: { kind: 'error', error: 'validation' },
      level: 'SHOULD',
      description: 'an attempt to create a connection with an invalid body',
      states: [instance, absent(String(invalid.name))],
      caller: 'admin',
      request: { pathExpression: COLLECTION_PATH_EXPRESSION, pathRegex: COLLECTION_PATH_REGEX, path: EXAMPLE_PATH, headers: requestHeaders('admin'), body: connectionTemplate(invalid, contract, 'Kafka', 'request') },
      send: { path: EXAMPLE_PATH, headers: sendHeaders('admin'), body: invalid },
      response: {
        status: 400,
        headers: ERROR_HEADERS,
        body: apiError(400, anyCode('VALIDATION_ERROR'), {
          badRequestDetail: { fields: M.eachLike({ field: M.string('bootstrapServers'), description: M.string('must be a string') }, 1) },
        }),
      },
    },
    {
      kind: { kind: 'error', error: 'unauthenticated' },
      level: 'MUST',
      description: 'an attempt to create a connection without credentials',
      states: [instance, absent(httpsName)],
      ...common('none'),
      response: { status: 401, headers: ERROR_HEADERS, body: apiError(401, anyCode('NOT_AUTHENTICATED')) },
    },
    {
      kind: { kind: 'error', error: 'invalid-credentials' },
      level: 'MUST',
      description: 'an attempt to create a connection with invalid credentials',
      states: [instance, absent(httpsName)],
      ...common('invalid'),
      response: { status: 401, headers: ERROR_HEADERS, body: apiError(401, anyCode('NOT_AUTHENTICATED')) },
    },
    {
      kind: { kind: 'error', error: 'read-only' },
      level: 'MUST',
      description: 'an attempt to create a connection with a read-only credential',
      states: [instance, absent(httpsName), { kind: 'readOnlyCaller', name: STATE_NAMES.readOnlyCaller, params: { groupId: EXAMPLE_GROUP_ID } }],
      ...common('readOnly'),
      // The profile allows 401 or 403 here, so `error` is matched by type (it still equals the status, a certify rule).
      response: { status: 403, statuses: [401, 403], headers: ERROR_HEADERS, body: { error: M.integer(403), errorCode: M.regex(ERROR_CODE_REGEX, 'USER_UNAUTHORIZED') } },
    },
    {
      kind: { kind: 'error', error: 'unknown-instance' },
      level: 'SHOULD',
      description: 'an attempt to create a connection in an unknown stream instance',
      states: [{ kind: 'instanceMissing', name: STATE_NAMES.instanceMissing, params: { groupId: EXAMPLE_GROUP_ID, tenantName: MISSING_TENANT } }],
      caller: 'admin',
      request: {
        pathExpression: COLLECTION_PATH_MISSING_EXPRESSION,
        pathRegex: COLLECTION_PATH_MISSING_REGEX,
        path: collectionPath(EXAMPLE_GROUP_ID, MISSING_TENANT),
        headers: requestHeaders('admin'),
        body: httpsTemplate,
      },
      send: { path: collectionPath(EXAMPLE_GROUP_ID, MISSING_TENANT), headers: sendHeaders('admin'), body: https },
      response: { status: 404, headers: ERROR_HEADERS, body: apiError(404, exactly('STREAM_TENANT_NOT_FOUND_FOR_NAME')) },
    },
    {
      kind: { kind: 'error', error: 'bad-version' },
      level: 'SHOULD',
      description: 'an attempt to create a connection with an unsupported API version',
      states: [instance, absent(httpsName)],
      caller: 'admin',
      request: { pathExpression: COLLECTION_PATH_EXPRESSION, pathRegex: COLLECTION_PATH_REGEX, path: EXAMPLE_PATH, headers: requestHeaders('admin', UNSUPPORTED_ACCEPT), body: httpsTemplate },
      send: { path: EXAMPLE_PATH, headers: sendHeaders('admin', UNSUPPORTED_ACCEPT), body: https },
      response: { status: 406, headers: ERROR_HEADERS, body: apiError(406, exactly('INVALID_VERSION_DATE')) },
    },
    {
      kind: { kind: 'error', error: 'duplicate' },
      level: 'SHOULD',
      description: 'an attempt to create a connection whose name is taken',
      states: [instance, { kind: 'connectionExists', name: STATE_NAMES.connectionExists(DUPLICATE_NAME), params: { connectionName: DUPLICATE_NAME, connection: duplicate } }],
      caller: 'admin',
      request: { pathExpression: COLLECTION_PATH_EXPRESSION, pathRegex: COLLECTION_PATH_REGEX, path: EXAMPLE_PATH, headers: requestHeaders('admin'), body: connectionTemplate(duplicate, contract, 'Https', 'request') },
      send: { path: EXAMPLE_PATH, headers: sendHeaders('admin'), body: duplicate },
      response: { status: 409, headers: ERROR_HEADERS, body: apiError(409, exactly('STREAM_CONNECTION_NAME_ALREADY_EXISTS')) },
    },
    {
      kind: { kind: 'error', error: 'rate-limited' },
      level: 'MUST',
      description: 'an attempt to create a connection without remaining rate limit',
      // No "connection does not exist" state here: its cleanup would itself be refused until the limit refills.
      // The interaction sorts last in the file, so nothing the verifier does after it needs the target.
      states: [instance, { kind: 'rateLimited', name: STATE_NAMES.rateLimited, params: {} }],
      ...common('admin'),
      response: {
        status: 429,
        headers: { ...ERROR_HEADERS, 'Retry-After': M.regex(RETRY_AFTER_REGEX, '30') },
        body: apiError(429, anyCode('RATE_LIMITED')),
      },
    },
  ];
  return [...success, ...errors];
}
