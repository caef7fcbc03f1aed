// What the verifier process takes from @pact-foundation/pact, imported from the modules that define it: the package's
// index loads every DSL it has (GraphQL, messages, the mock service) and took twice as long to load, with 15 MB more.
// pact is pinned (package.json), and these paths are the ones its own index re-exports.
export * as MatchersV3 from '@pact-foundation/pact/src/v3/matchers';
export { Verifier } from '@pact-foundation/pact/src/dsl/verifier';
