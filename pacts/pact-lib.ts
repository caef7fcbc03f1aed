// What this package takes from @pact-foundation/pact, through its public index only (its internal module paths are
// not part of its API and move between releases). Loaded only by the verifier's own process and the pact tools,
// never by the certify process or the vitest worker.
export { MatchersV3, Verifier } from '@pact-foundation/pact';
