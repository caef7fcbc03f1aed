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
}

export { seedFor } from '../util/seed';
