// A suite is data: a name and the tests it makes for a run's configuration. The same definitions run under vitest
// (suites/*.suite.ts, what `certify` runs) and directly (suites/engine/direct.ts, the self-tests' fast path).
import type { ConnectionType } from '../../contracts/types';
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

/** A per-(suite, type) seed derived from the run's seed, so types draw different but reproducible cases. */
export function seedFor(seed: number, ...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('/')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return (seed ^ h) | 0;
}
