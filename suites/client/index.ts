export { type Credential, type CredentialKind, parseCredential, credentialSecrets, describeCredential } from './credentials';
export {
  TargetClient,
  type ClientOptions,
  type SendRequest,
  type CallOptions,
  type CreateOptions,
  DEFAULT_TIMEOUT_MS,
  connectionsPath,
  parseRetryAfterMs,
} from './client';
export { AuthSetupError, TOKEN_PATH } from './service-account';
export { BODY_LOG_LIMIT } from './transport';
