// The oracles: small pure functions, each judging one exchange (or a small group) for one rule of
// contracts/rules.ts. Oracles whose rule concerns only some answers (200s, 4xx, errors, 429s, a `reason` string)
// return PASS for the others; callers that count cases should ask only those answers (see each oracle's note).
export { status200, rejectsInvalid, rejectsEssential, rejectsEnum, no5xx, exact400 } from './status';
export { successMediaType, isVendorMediaType } from './media-type';
export { responseSchema, responseNameType } from './response-schema';
export { noSecretLeak, secretsIn, type SentSecret, MIN_SUBSTRING_SECRET } from './secrets';
export { errorShape } from './error-shape';
export { authMissing, authInvalid, authRole } from './auth';
export { groupIdFormat, unknownGroup, unknownTenant } from './path';
export { duplicate409, concurrentCreate, originalUnchanged } from './conflict';
export { envelope, mayBeEnveloped, unwrapEnvelope, semanticStatus, PER_CONNECTION, type Envelope, type EnvelopeExpectation } from './envelope';
export { pretty } from './pretty';
export { versionServed, versionRejected } from './accept';
export { echoFields } from './echo';
export { reasonPhrase, standardPhrases } from './reason';
export { errorCode, EXPECTED_ERROR_CODES } from './error-codes';
export { readBack } from './read-back';
export { cleanupGone } from './cleanup';
export { retryAfter } from './rate-limit';
export { unsupportedMediaType, payloadTooLarge } from './request-limits';
export { pactMust, pactShould, type InteractionOutcome } from './pact';
export { parseMediaType, jsonDiff, type MediaType, type Difference } from './common';
export { defineOracle, isOracle, type Judgement, type Oracle, type OracleInfo } from './define';

import * as accept from './accept';
import * as auth from './auth';
import * as cleanup from './cleanup';
import * as conflict from './conflict';
import * as echo from './echo';
import * as envelopeOracles from './envelope';
import * as errorCodes from './error-codes';
import * as errorShapeOracles from './error-shape';
import * as mediaType from './media-type';
import * as pact from './pact';
import * as path from './path';
import * as prettyOracles from './pretty';
import * as rateLimit from './rate-limit';
import * as readBackOracles from './read-back';
import * as reason from './reason';
import * as requestLimits from './request-limits';
import * as responseSchemaOracles from './response-schema';
import * as secrets from './secrets';
import * as status from './status';
import { isOracle, type OracleInfo } from './define';
import { RULES } from '../contracts/rules';

const RULE_ORDER: readonly string[] = RULES.map((r) => r.id);

/** Every oracle, as data: the audit, the catalogue's tests and the fault tests read this list. */
export const ORACLES: readonly OracleInfo[] = [
  status, mediaType, responseSchemaOracles, secrets, errorShapeOracles, auth, path, conflict, envelopeOracles, prettyOracles, accept, echo,
  reason, errorCodes, readBackOracles, cleanup, rateLimit, requestLimits, pact,
]
  .flatMap((m) => Object.values(m).filter(isOracle))
  // In the catalogue's order of rules, then by name: a module's namespace has no order every loader agrees on.
  .sort((a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) || a.oracleName.localeCompare(b.oracleName));
