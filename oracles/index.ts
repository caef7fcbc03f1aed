// The oracles: small pure functions, each judging one exchange (or a small group) for one rule of
// contracts/rules.ts. Oracles whose rule concerns only some answers (200s, 4xx, errors, 429s, a `reason` string)
// return PASS for the others; callers that count cases should ask only those answers (see each oracle's note).
export { status200, rejectsInvalid, rejectsShould, no5xx, exact400 } from './status';
export { successMediaType, isVendorMediaType } from './media-type';
export { responseSchema, responseNameType } from './response-schema';
export { noSecretLeak, secretsIn, type SentSecret, MIN_SUBSTRING_SECRET } from './secrets';
export { errorShape } from './error-shape';
export { authMissing, authInvalid, authRole } from './auth';
export { groupIdFormat, unknownGroup, unknownTenant } from './path';
export { duplicate409, concurrentCreate } from './conflict';
export { envelope, unwrapEnvelope, semanticStatus, PER_CONNECTION, type Envelope, type EnvelopeExpectation } from './envelope';
export { pretty } from './pretty';
export { versionServed, versionRejected } from './accept';
export { echoFields } from './echo';
export { reasonPhrase, standardPhrases } from './reason';
export { errorCode, EXPECTED_ERROR_CODES } from './error-codes';
export { readBack } from './read-back';
export { cleanupGone } from './cleanup';
export { retryAfter } from './rate-limit';
export { unsupportedMediaType, payloadTooLarge } from './request-limits';
export { parseMediaType, jsonDiff, type MediaType, type Difference } from './common';
