// An oracle is one value: the pure function that judges, the rule it judges and the profile's words it enforces.
// Suites call the value and hand its judgement to the engine; the rule travels with the judgement, so no suite
// names a rule again, and the audit (contracts/AUDIT.md) and the fault tests read the same declaration.
import type { RuleId } from '../contracts/rules';
import type { Verdict } from './verdict';

/** A verdict and the rule it is about: what every oracle answers. */
export type Judgement = Verdict & { readonly rule: RuleId };

export interface OracleInfo {
  /** The exported name (AUDIT.md, messages). */
  readonly oracleName: string;
  readonly rule: RuleId;
  /** The profile's words it enforces (contracts/conformance-profile.md), quoted; ` ... ` joins fragments. Absent
   *  only for the pact's rules, whose basis is the consumer pact's interactions. */
  readonly profile?: string;
}

export type Oracle<A extends unknown[]> = ((...args: A) => Judgement) & OracleInfo;

export function defineOracle<A extends unknown[]>(info: OracleInfo, judge: (...args: A) => Verdict): Oracle<A> {
  const oracle = (...args: A): Judgement => ({ ...judge(...args), rule: info.rule });
  return Object.assign(oracle, info);
}

export function isOracle(v: unknown): v is Oracle<unknown[]> {
  return typeof v === 'function' && typeof (v as Partial<OracleInfo>).rule === 'string' && typeof (v as Partial<OracleInfo>).oracleName === 'string';
}
