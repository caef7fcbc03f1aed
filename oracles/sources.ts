// What each oracle enforces, in the profile's words (contracts/conformance-profile.md), quoted; ` ... ` joins
// quoted fragments. contracts/AUDIT.md lists them; a test checks every oracle of index.ts is here and every
// fragment is in the profile.
import type { RuleId } from '../contracts/rules';

export interface OracleSource {
  oracle: string;
  rule: RuleId;
  profile: string;
}

export const ORACLE_SOURCES: readonly OracleSource[] = [
  { oracle: 'status200', rule: 'status-200', profile: 'success status 200' },
  { oracle: 'successMediaType', rule: 'success-media-type', profile: 'Success: 200, Content-Type application/vnd.atlas.2023-02-01+json (parameters such as charset allowed).' },
  { oracle: 'responseSchema', rule: 'response-schema', profile: 'success body matches the variant schema selected by `type`.' },
  { oracle: 'responseNameType', rule: 'response-name-type', profile: "response name and type equal the request's." },
  { oracle: 'noSecretLeak', rule: 'no-secret-leak', profile: 'no write-only value appears anywhere in any response body (200 or error), nor in headers.' },
  { oracle: 'rejectsInvalid', rule: 'reject-invalid', profile: 'schema violations (...) -> 4xx (SHOULD exactly 400), never 2xx/5xx.' },
  { oracle: 'rejectsShould', rule: 'essential-fields', profile: 'essential fields and description-level enums above -> 400 when violated; an empty name -> 400.' },
  { oracle: 'exact400', rule: 'exact-400', profile: 'exactly 400 (not another 4xx) for body violations.' },
  { oracle: 'no5xx', rule: 'no-5xx', profile: 'no request ever produces a 5xx.' },
  { oracle: 'errorShape', rule: 'error-shape', profile: 'every error response: application/json, ApiError shape, error == HTTP status.' },
  { oracle: 'authMissing', rule: 'auth-missing', profile: 'no credentials -> 401' },
  { oracle: 'authInvalid', rule: 'auth-invalid', profile: 'wrong credentials -> 401' },
  { oracle: 'authRole', rule: 'auth-role', profile: 'authenticated without the role -> 401 or 403.' },
  { oracle: 'groupIdFormat', rule: 'group-id-format', profile: 'groupId not matching ^[a-f0-9]{24}$ -> 400 or 404' },
  { oracle: 'unknownGroup', rule: 'unknown-group', profile: 'unknown well-formed groupId -> 401/403/404' },
  { oracle: 'unknownTenant', rule: 'unknown-tenant', profile: 'unknown tenant -> 404.' },
  { oracle: 'duplicate409', rule: 'duplicate-409', profile: 'duplicate name in the same tenant -> 409, original unchanged' },
  { oracle: 'concurrentCreate', rule: 'concurrent-create', profile: 'N concurrent creates of one name -> exactly one 200, rest 409.' },
  { oracle: 'envelope', rule: 'envelope', profile: 'envelope=true -> body {status:int == semantic status, content: un-enveloped body}; HTTP status may be real or 200.' },
  { oracle: 'retryAfter', rule: 'rate-limit', profile: '429 (if any) carries Retry-After' },
  { oracle: 'unsupportedMediaType', rule: 'unsupported-media-type', profile: 'request Content-Type other than application/json or the vendor type -> 415' },
  { oracle: 'payloadTooLarge', rule: 'payload-too-large', profile: 'a body over 1 MiB -> 413 (400 tolerated); neither ever 5xx.' },
  { oracle: 'echoFields', rule: 'echo-fields', profile: 'non-secret fields sent are returned unchanged (config, headers, bootstrapServers, aws.*, ...); response may add defaults/id/state/links.' },
  { oracle: 'reasonPhrase', rule: 'reason-phrase', profile: 'reason == standard reason phrase of the status. ... reason?:string|null' },
  { oracle: 'errorCode', rule: 'error-codes', profile: 'errorCodes: 409 STREAM_CONNECTION_NAME_ALREADY_EXISTS; 404 tenant STREAM_TENANT_NOT_FOUND_FOR_NAME; 406 INVALID_VERSION_DATE.' },
  { oracle: 'versionServed', rule: 'versioned-accept', profile: 'Accept: later date (e.g. 2025-03-12) served as 2023-02-01' },
  { oracle: 'versionRejected', rule: 'versioned-accept', profile: 'missing/application/json/earlier/malformed version -> 406.' },
  { oracle: 'pretty', rule: 'pretty', profile: 'pretty=true -> multi-line indented JSON, same content.' },
  { oracle: 'readBack', rule: 'read-back', profile: 'created connection readable by GET with same name/type' },
  { oracle: 'cleanupGone', rule: 'cleanup', profile: 'DELETE 202 then GET 404 (poll through DELETING).' },
];

/** Exports of index.ts that judge nothing: helpers the suites and other oracles use. */
export const ORACLE_HELPERS = ['secretsIn', 'isVendorMediaType', 'unwrapEnvelope', 'standardPhrases', 'parseMediaType', 'jsonDiff'] as const;
