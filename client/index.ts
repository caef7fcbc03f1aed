export { type Credential, type CredentialKind, parseCredential, credentialSecrets, describeCredential } from './credentials';
export {
  TargetClient,
  type ClientOptions,
  type SendRequest,
  type CallOptions,
  type CreateOptions,
  DEFAULT_TIMEOUT_MS,
  connectionsPath,
} from './client';
export { parseRetryAfterMs } from './retry-after';
export { BudgetExhausted, CircuitOpen, isNotSent, NotSent, RateLimited, type BudgetLimits, type BudgetReport } from './budget';
export { createRunPolicies, mergePoliciesReports, policiesReport, type PoliciesReport, type RunPolicies, type FlakyIncident } from './policies';
export type { BreakerReport, ClassReport } from './breaker';
export type { BackoffReport } from './backoff';
export { AuthSetupError, TOKEN_PATH } from './service-account';
export { BODY_LOG_LIMIT } from './transport';
