// The one error for "the call's words are off" (a bad flag or value): every command reports it in one line and
// exits 2.
export class UsageError extends Error {
  override name = 'UsageError';
}
