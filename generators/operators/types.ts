// An invalid-case operator: a mutation of a valid body, described as data. `targets` lists where it applies for
// a type (each target one row of the deterministic matrix), `params` draws what the mutation needs, `apply`
// makes the case (pure: same base, target and params, same case). Adding an operator is one entry in index.ts.
import type fc from 'fast-check';
import type { Contract } from '../../contracts/loader';
import type { Level, RuleId } from '../../contracts/rules';
import type { ConnectionOf, ConnectionType, Fixtures } from '../../contracts/types';

export interface OperatorEnv {
  contract: Contract;
  fixtures: Fixtures;
}

export interface Target {
  /** Unique within the operator and type: the site plus a variant, e.g. `networking.access.type` or `name/number`. */
  id: string;
  /** The contract field path (FieldSpec.path) the label points at, or `` for the body as a whole. */
  site: string;
}

/** What `apply` makes: the labelled path and the body (or raw text); rule/level only when they differ per case. */
export type Mutation = { path: string; rule?: RuleId; level?: Level } & ({ body: unknown } | { raw: string });

export interface Operator<P = any> {
  name: string;
  rule: RuleId;
  level: Level;
  /** One line on what it does, for reports and --help. */
  description: string;
  /**
   * The words of the conformance profile (contracts/conformance-profile.md) the operator enforces, quoted; ` ... `
   * joins quoted fragments. contracts/AUDIT.md lists them, and a test checks every fragment is in the profile.
   */
  profile: string;
  targets(type: ConnectionType, env: OperatorEnv): readonly Target[];
  params(type: ConnectionType, target: Target, env: OperatorEnv): fc.Arbitrary<P>;
  /** undefined when this base cannot carry the mutation as labelled (the caller draws another base). */
  apply(base: ConnectionOf<ConnectionType>, type: ConnectionType, target: Target, params: P, env: OperatorEnv): Mutation | undefined;
}

export function defineOperator<P>(op: Operator<P>): Operator<P> {
  return op;
}
