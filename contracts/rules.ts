// The rule catalogue: every rule of ../shared/reference/conformance-profile.md with a stable id.
// MUST = what the published schema and HTTP semantics require; SHOULD = errata and observed Atlas behaviour
// (reported, never fatal to the verdict). Ids are part of the certificate format: never rename one.

export type Level = 'MUST' | 'SHOULD';

/** Where a rule comes from: the vendor spec, one of our errata (contracts/ERRATA.md), HTTP semantics, or observation. */
export type RuleSource =
  | { kind: 'spec'; ref: string }
  | { kind: 'errata'; number: number }
  | { kind: 'http'; ref: string }
  | { kind: 'observed'; ref: string };

export interface Rule {
  id: string;
  level: Level;
  source: RuleSource;
  statement: string;
}

export const RULES = [
  // ------------------------------------------------------------------------------------------------ MUST
  {
    id: 'status-200',
    level: 'MUST',
    source: { kind: 'spec', ref: 'POST responses: 200 is the only success response' },
    statement: 'A valid create is answered 200 (not 201 or any other 2xx).',
  },
  {
    id: 'success-media-type',
    level: 'MUST',
    source: { kind: 'spec', ref: 'POST 200 content application/vnd.atlas.2023-02-01+json' },
    statement: 'A 200 answer has Content-Type application/vnd.atlas.2023-02-01+json (parameters such as charset allowed).',
  },
  {
    id: 'response-schema',
    level: 'MUST',
    source: { kind: 'spec', ref: 'StreamsConnection discriminator `type` (errata 8: acyclic variants)' },
    statement: 'A 200 body matches the variant schema selected by its `type`.',
  },
  {
    id: 'response-name-type',
    level: 'MUST',
    source: { kind: 'spec', ref: 'StreamsConnection name, type' },
    statement: "The response's name and type equal the request's.",
  },
  {
    id: 'no-secret-leak',
    level: 'MUST',
    source: { kind: 'errata', number: 7 },
    statement: 'No write-only value sent (passwords, client secrets, SSL keys) appears in any response body or header, on success or error.',
  },
  {
    id: 'reject-invalid',
    level: 'MUST',
    source: { kind: 'spec', ref: 'request body schema (errata 2, 3: S3 in enum, name and type required)' },
    statement:
      'A schema violation (wrong JSON type, unknown or missing type, missing name, enum or pattern violation, SchemaRegistry required/maxItems/uniqueItems/uri, non-object body, malformed JSON) is answered 4xx, never 2xx or 5xx.',
  },
  {
    id: 'no-5xx',
    level: 'MUST',
    source: { kind: 'http', ref: 'RFC 9110 section 15.6: 5xx means the server failed' },
    statement: 'No request, valid or not, is answered with a 5xx.',
  },
  {
    id: 'error-shape',
    level: 'MUST',
    source: { kind: 'spec', ref: 'components.schemas.ApiError' },
    statement: 'Every error answer is application/json with an ApiError body whose `error` equals the HTTP status.',
  },
  {
    id: 'auth-missing',
    level: 'MUST',
    source: { kind: 'spec', ref: 'security: DigestAuth, ServiceAccounts; 401 response' },
    statement: 'A request without credentials is answered 401.',
  },
  {
    id: 'auth-invalid',
    level: 'MUST',
    source: { kind: 'spec', ref: 'security: DigestAuth, ServiceAccounts; 401 response' },
    statement: 'A request with a wrong Digest password or a wrong bearer token is answered 401.',
  },
  {
    id: 'auth-role',
    level: 'MUST',
    source: { kind: 'spec', ref: 'x-rolesRequirements: Organization Stream Processing Admin, Project Stream Processing Manager' },
    statement: 'A credential that authenticates but lacks the create role is answered 401 or 403.',
  },
  {
    id: 'group-id-format',
    level: 'MUST',
    source: { kind: 'spec', ref: 'parameters.groupId pattern ^([a-f0-9]{24})$' },
    statement: 'A groupId not matching ^[a-f0-9]{24}$ is answered 400 or 404.',
  },
  {
    id: 'unknown-group',
    level: 'MUST',
    source: { kind: 'spec', ref: 'POST responses 401/403/404' },
    statement: 'A well-formed groupId the caller has no project for is answered 401, 403 or 404.',
  },
  {
    id: 'unknown-tenant',
    level: 'MUST',
    source: { kind: 'spec', ref: 'POST response 404' },
    statement: 'An unknown stream instance (tenantName) is answered 404.',
  },
  {
    id: 'duplicate-409',
    level: 'MUST',
    source: { kind: 'errata', number: 1 },
    statement: 'A second create with a name already used in the stream instance is answered 409 and leaves the original unchanged.',
  },
  {
    id: 'concurrent-create',
    level: 'MUST',
    source: { kind: 'errata', number: 1 },
    statement: 'Of N concurrent creates of one name, exactly one is answered 200 and the rest 409.',
  },
  {
    id: 'envelope',
    level: 'MUST',
    source: { kind: 'errata', number: 6 },
    statement: 'With envelope=true the body is {status: <semantic status>, content: <the un-enveloped body>}; the HTTP status may be the real one or 200.',
  },
  {
    id: 'rate-limit',
    level: 'MUST',
    source: { kind: 'spec', ref: 'responses.tooManyRequests headers Retry-After' },
    statement: 'A 429 answer carries Retry-After (seconds); the suite honours it and retries.',
  },
  {
    id: 'pact-must',
    level: 'MUST',
    source: { kind: 'spec', ref: 'consumer pact contracts/pacts (interactions of MUST level)' },
    statement: 'The target satisfies the MUST-level interactions of the consumer pact (401 without or with wrong credentials, 401/403 read-only, 429 with Retry-After).',
  },
  // ------------------------------------------------------------------------------------------------ SHOULD
  {
    id: 'essential-fields',
    level: 'SHOULD',
    source: { kind: 'errata', number: 3 },
    statement:
      "A body missing a type's essential field, naming an unknown sample source or cluster, or with an empty name is answered 400.",
  },
  {
    id: 'description-enums',
    level: 'SHOULD',
    source: { kind: 'errata', number: 5 },
    statement:
      'A Kafka mechanism or security protocol outside the enumerations in the descriptions, or a mechanism without the credentials it needs, is answered 400.',
  },
  {
    id: 'exact-400',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'VALIDATION_ERROR answers are 400' },
    statement: 'Body violations are answered exactly 400, not another 4xx.',
  },
  {
    id: 'unsupported-media-type',
    level: 'SHOULD',
    source: { kind: 'http', ref: 'RFC 9110 section 15.5.16' },
    statement: 'A request Content-Type other than application/json or the vendor type is answered 415, never 5xx.',
  },
  {
    id: 'payload-too-large',
    level: 'SHOULD',
    source: { kind: 'http', ref: 'RFC 9110 section 15.5.14' },
    statement: 'A body over 1 MiB is answered 413 (400 tolerated), never 2xx or 5xx.',
  },
  {
    id: 'echo-fields',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'Atlas returns the non-secret fields it was sent' },
    statement: 'Non-secret fields sent are returned unchanged; the response may add defaults, id, state and links.',
  },
  {
    id: 'reason-phrase',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'ApiError.reason is the status reason phrase' },
    statement: "An error's `reason` is the standard reason phrase of its status.",
  },
  {
    id: 'error-codes',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'public logs of real runs' },
    statement:
      'errorCode is STREAM_CONNECTION_NAME_ALREADY_EXISTS for a duplicate (409), STREAM_TENANT_NOT_FOUND_FOR_NAME for an unknown tenant (404), INVALID_VERSION_DATE for a bad version (406).',
  },
  {
    id: 'versioned-accept',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'versioning: later Accept dates are served by the latest version not after them' },
    statement:
      'An Accept with a later date (e.g. 2025-03-12) is served as 2023-02-01; a missing, application/json, earlier or malformed versioned Accept is answered 406.',
  },
  {
    id: 'pretty',
    level: 'SHOULD',
    source: { kind: 'spec', ref: 'parameters.pretty' },
    statement: 'With pretty=true the body is multi-line indented JSON with the same content.',
  },
  {
    id: 'read-back',
    level: 'SHOULD',
    source: { kind: 'spec', ref: 'GET .../connections/{connectionName}' },
    statement: 'A created connection is readable by GET with the same name and type.',
  },
  {
    id: 'cleanup',
    level: 'SHOULD',
    source: { kind: 'spec', ref: 'DELETE .../connections/{connectionName} 202' },
    statement: 'DELETE of a created connection is answered 202 and GET then answers 404 (after DELETING); nothing the run created remains.',
  },
  {
    id: 'pact-should',
    level: 'SHOULD',
    source: { kind: 'observed', ref: 'consumer pact contracts/pacts (interactions of SHOULD level)' },
    statement:
      'The target satisfies the other interactions of the consumer pact (a 200 per connection type with the fields echoed, 400 with badRequestDetail, 404/406/409 with their error codes).',
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

const BY_ID = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): Rule {
  return BY_ID.get(id)!;
}

export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id);
}
