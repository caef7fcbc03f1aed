// A suite is data: a name and the tests it makes for a run's configuration, run under vitest (suites/*.suite.ts)
// by `certify`, the self-tests and the vitest preset alike.
import type { ConnectionType } from '../contracts/types';
import type { RuleId } from '../contracts/rules';
import type { RunConfig } from './config';
import type { SuiteContext } from './context';
import { errorShape, no5xx, noSecretLeak, type OracleInfo, reasonPhrase, retryAfter } from '../oracles';

/** The oracles every answer of every suite is judged by (engine/context.ts `observe`, and any 429). */
export const EVERY_ANSWER: readonly OracleInfo[] = [no5xx, errorShape, reasonPhrase, noSecretLeak, retryAfter];

/** The rules a suite can show failing. */
export function rulesOf(def: SuiteDef): Set<RuleId> {
  return new Set([...EVERY_ANSWER, ...def.oracles].map((o) => o.rule));
}

export interface SuiteTest {
  name: string;
  type?: ConnectionType;
  run(ctx: SuiteContext): Promise<void>;
}

export interface SuiteDef {
  name: string;
  /** The oracles its tests call, besides those every answer is judged by (EVERY_ANSWER): what the suite can show
   *  failing, so a self-test of one rule runs only the suites that judge it (a test checks the list against the
   *  rules a reference run judged). */
  oracles: readonly OracleInfo[];
  /** One line saying what the suite checks (progress output, reports). */
  summary: string;
  tests(config: RunConfig): SuiteTest[];
  /** Work to start in the background when a run that includes this suite begins (its first suite, whichever that
   *  is), so it is ready by the time this suite runs. */
  warmUp?(config: RunConfig): void;
}

export { seedFor } from '../util/seed';
