/** The verification could not be made (target down, credential refused, no stream instance): exit 2, not failures. */
export class VerifySetupError extends Error {
  override name = 'VerifySetupError';
}
