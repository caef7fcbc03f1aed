// A suite is data: a name and the tests it makes for a run's configuration, run under vitest (suites/*.suite.ts)
// by `certify`, the self-tests and the vitest preset alike.
import type { ConnectionType } from '../contracts/types';
import type { RunConfig } from './config';
import type { SuiteContext } from './context';

export interface SuiteTest {
  name: string;
  type?: ConnectionType;
  run(ctx: SuiteContext): Promise<void>;
}

export interface SuiteDef {
  name: string;
  /** One line saying what the suite checks (progress output, reports). */
  summary: string;
  tests(config: RunConfig): SuiteTest[];
  /** Work to start in the background when a run that includes this suite begins (its first suite, whichever that
   *  is), so it is ready by the time this suite runs. */
  warmUp?(config: RunConfig): void;
}

export { seedFor } from '../util/seed';
