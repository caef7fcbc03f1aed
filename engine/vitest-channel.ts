// What travels between the process that runs vitest (certify, or a team's own `vitest` with the preset) and the
// worker that runs the suites, all through vitest's own channel: the run's settings go out with provide/inject, and
// each suite's results come back as the meta of its last test, which reporters read. No environment variable, file
// or signal carries either.
import type { RunConfig } from './config';
import type { SuiteResults } from './recorder';

/** The provide/inject key of the run's settings, and the task-meta key of a suite's results. */
export const CHANNEL_KEY = 'streamConformance';

/** The last test of every suite: it sweeps what the suite created and carries the suite's results. */
export const RESULTS_TEST_NAME = 'cleanup and results';

declare module 'vitest' {
  export interface ProvidedContext {
    streamConformance: RunConfig;
  }
  export interface TaskMeta {
    streamConformance?: SuiteResults;
  }
}
