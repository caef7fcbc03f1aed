// What this package takes from @pact-foundation/pact, through its public index only (its internal module paths are
// not part of its API and move between releases). Loaded only by the verifier's own process and the pact tools,
// never by the certify process or the vitest worker.
//
// The Pact core (Rust) sends anonymous usage events to https://www.google-analytics.com/collect when it verifies
// or mocks ("Pacts verified", "Pact consumer tests ran"), unless PACT_DO_NOT_TRACK is set; it reads the variable
// when it sends. A conformance run talks to its target and to nothing else, so tracking is off here unless the user
// has set the variable themselves.
process.env.PACT_DO_NOT_TRACK ??= 'true';

export { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
