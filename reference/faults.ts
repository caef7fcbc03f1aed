// The reference target's fault switches: each one makes the target break one rule of the catalogue on purpose,
// so the suite's self-tests can show that every rule fails when it should (`--fault NAME`, repeatable).
// `alsoBreaks` lists rules a fault cannot help breaking too (a 5xx answer to an invalid body also breaks the
// 4xx rule, say); the self-test asserts the fault's own rule fails and no rule outside these lists does.
import type { RuleId } from '../contracts/rules';

export interface Fault {
  name: string;
  breaks: RuleId;
  alsoBreaks: readonly RuleId[];
  description: string;
  /** For a rule every answer is judged by (no-5xx, error-shape, reason-phrase, no-secret-leak, rate-limit): the
   *  suites whose requests meet the fault. The self-test certifies only the suites that can show a fault's rule. */
  showsIn?: readonly string[];
}

export const FAULTS = [
  { name: 'status-201', breaks: 'status-200', alsoBreaks: ['concurrent-create', 'versioned-accept'], description: 'answers a valid create 201 instead of 200' },
  { name: 'success-json-media-type', breaks: 'success-media-type', alsoBreaks: ['versioned-accept'], description: 'answers a valid create with Content-Type application/json' },
  { name: 'response-bad-state', breaks: 'response-schema', alsoBreaks: [], description: 'answers a valid create with state "ACTIVE" (outside the enum)' },
  { name: 'response-wrong-name', breaks: 'response-name-type', alsoBreaks: ['echo-fields'], description: 'answers a valid create with the name trimmed of its last character' },
  { name: 'leak-password', breaks: 'no-secret-leak', alsoBreaks: [], description: 'echoes write-only fields (passwords, client secrets, SSL keys) in the 200 body', showsIn: ['positive'] },
  { name: 'leak-secret-in-error', breaks: 'no-secret-leak', alsoBreaks: [], description: 'quotes the request body, secrets included, in the detail of 400 answers', showsIn: ['negative'] },
  { name: 'accept-invalid', breaks: 'reject-invalid', alsoBreaks: ['exact-400', 'essential-fields', 'description-enums', 'no-secret-leak', 'envelope', 'response-schema', 'response-name-type', 'echo-fields', 'cleanup'], description: 'skips schema validation of the body and stores whatever it is sent' },
  { name: '500-on-unknown-property', breaks: 'no-5xx', alsoBreaks: [], description: 'answers 500 UNEXPECTED_ERROR when the body has a property its variant does not declare', showsIn: ['negative'] },
  { name: 'error-status-mismatch', breaks: 'error-shape', alsoBreaks: [], description: 'writes `error` one more than the HTTP status in error bodies', showsIn: ['path'] },
  // A Digest client's first request carries no credentials (it waits for the challenge), so serving those as the
  // admin also lets wrong and read-only Digest credentials through.
  { name: 'auth-optional', breaks: 'auth-missing', alsoBreaks: ['auth-invalid', 'auth-role'], description: 'serves requests without credentials as the admin key' },
  { name: 'auth-accept-wrong-password', breaks: 'auth-invalid', alsoBreaks: [], description: 'accepts a Digest response computed with any password for a known user, and any bearer token' },
  { name: 'ignore-roles', breaks: 'auth-role', alsoBreaks: [], description: 'lets a read-only credential create connections' },
  { name: 'group-id-case-insensitive', breaks: 'group-id-format', alsoBreaks: ['read-back'], description: 'accepts upper-case and otherwise malformed group ids by normalising them' },
  { name: 'unknown-group-400', breaks: 'unknown-group', alsoBreaks: [], description: 'answers 400 for a well-formed but unknown group id' },
  { name: 'unknown-tenant-400', breaks: 'unknown-tenant', alsoBreaks: ['error-codes'], description: 'answers 400 for an unknown stream instance' },
  // Concurrent creates of one name with bodies of several types: the stored one is a refused loser's (read-back).
  { name: 'duplicate-overwrites', breaks: 'duplicate-409', alsoBreaks: ['read-back'], description: 'answers a duplicate 409 but stores its body over the original' },
  { name: 'racy-create', breaks: 'concurrent-create', alsoBreaks: [], description: 'checks for a duplicate name and stores the connection in separate turns of the event loop' },
  { name: 'envelope-ignored', breaks: 'envelope', alsoBreaks: [], description: 'ignores envelope=true' },
  { name: '429-without-retry-after', breaks: 'rate-limit', alsoBreaks: [], description: 'answers every 25th request 429 without a Retry-After header', showsIn: ['positive'] },
  { name: 'essentials-optional', breaks: 'essential-fields', alsoBreaks: ['exact-400'], description: 'accepts bodies missing essential fields, unknown sample sources or clusters, and empty names' },
  { name: 'kafka-enums-unchecked', breaks: 'description-enums', alsoBreaks: ['exact-400'], description: 'accepts any Kafka mechanism and protocol, and missing credentials' },
  { name: '422-for-invalid', breaks: 'exact-400', alsoBreaks: ['reason-phrase'], description: 'answers body violations 422 instead of 400' },
  { name: 'ignore-content-type', breaks: 'unsupported-media-type', alsoBreaks: [], description: 'parses any request Content-Type as JSON' },
  { name: 'no-body-limit', breaks: 'payload-too-large', alsoBreaks: [], description: 'accepts bodies of any size' },
  { name: 'drop-config', breaks: 'echo-fields', alsoBreaks: [], description: 'leaves Kafka `config` and Https `headers` out of answers' },
  { name: 'wrong-reason', breaks: 'reason-phrase', alsoBreaks: [], description: 'writes "Error" as the reason of every error', showsIn: ['path'] },
  { name: 'generic-error-codes', breaks: 'error-codes', alsoBreaks: [], description: 'writes errorCode UNEXPECTED_ERROR for 404, 406 and 409 answers' },
  { name: 'ignore-accept', breaks: 'versioned-accept', alsoBreaks: [], description: 'serves any Accept header, missing or malformed ones included' },
  { name: 'pretty-ignored', breaks: 'pretty', alsoBreaks: [], description: 'ignores pretty=true' },
  { name: 'read-back-wrong-type', breaks: 'read-back', alsoBreaks: [], description: 'answers GET of one connection with its type lower-cased' },
  // Sample connections are named after the fixture's sample sources: once one is never deleted, later Sample
  // creates meet a taken name (409).
  // Every probe that sends a valid body with a non-ASCII name gets no answer (which of them do depends on the seed).
  { name: 'hang-on-non-ascii-name', breaks: 'no-5xx', alsoBreaks: ['status-200', 'envelope', 'versioned-accept', 'pretty', 'duplicate-409', 'concurrent-create'], description: 'never answers a valid create whose name has a non-ASCII character', showsIn: ['positive'] },
  // The Pact verifier's gateway hands every answer over as it came (no retry): an interaction answered 429 fails.
  { name: '429-every-third-create', breaks: 'rate-limit', alsoBreaks: ['pact-should', 'pact-must'], description: 'answers every third create 429 without a Retry-After header', showsIn: ['positive'] },
  { name: 'delete-ignored', breaks: 'cleanup', alsoBreaks: ['status-200', 'concurrent-create'], description: 'answers DELETE 202 but keeps the connection' },
  // Every answer that shows the connection folds its name: the create's (response-name-type), the fields echoed
  // (echo-fields) and the read-back's. Only names with upper case or outer spaces show it: the boundary cases.
  { name: 'name-folded-back', breaks: 'response-name-type', alsoBreaks: ['echo-fields', 'read-back'], description: 'shows every connection with its name trimmed and lower-cased' },
  { name: '500-on-long-name', breaks: 'no-5xx', alsoBreaks: [], description: 'answers 500 UNEXPECTED_ERROR to a create whose name is over 64 characters', showsIn: ['positive'] },
  { name: 'empty-name-accepted', breaks: 'essential-fields', alsoBreaks: [], description: 'accepts an empty name (blank names are accepted by the reference anyway: the profile leaves them open)' },
  // The request's dimensions (suites/definitions/dimensions.ts): each a bug a server makes in one of them.
  { name: 'path-decoded-twice', breaks: 'unknown-tenant', alsoBreaks: ['group-id-format'], description: 'percent-decodes path parameters twice, so a double-encoded spelling of another name reaches the real project and stream instance' },
  { name: '500-on-deep-nesting', breaks: 'no-5xx', alsoBreaks: [], description: 'answers 500 UNEXPECTED_ERROR to a body nested more than 100 levels deep (unknown properties included)', showsIn: ['dimensions'] },
  // It crashes before validation, so a lone surrogate in an enum or pattern field (a schema violation) is not refused 4xx either.
  { name: '500-on-lone-surrogate', breaks: 'no-5xx', alsoBreaks: ['reject-invalid'], description: 'answers 500 UNEXPECTED_ERROR to a body with a lone surrogate in any string', showsIn: ['dimensions'] },
  { name: '500-on-unknown-query-flag', breaks: 'no-5xx', alsoBreaks: [], description: 'answers 500 UNEXPECTED_ERROR to a query parameter the operation does not declare', showsIn: ['dimensions'] },
  { name: 'pretty-ignored-on-errors', breaks: 'pretty', alsoBreaks: [], description: 'ignores pretty=true on error answers' },
  // A duplicate of another type overwrites the original, so concurrent creates of one name with bodies of several
  // types all win.
  { name: 'name-unique-per-type', breaks: 'duplicate-409', alsoBreaks: ['concurrent-create'], description: 'takes a name as taken only by a connection of the same type: a create of another type stores over it (200)' },
] as const satisfies readonly Fault[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}
