// What travels between the process that runs vitest (certify, or a team's own `vitest` with the preset) and the
// worker that runs the suites, all through vitest's own channel, and the four functions that carry it:
//   host -> worker: settingsForWorker(config) (vitest's `provide`), read by settingsFromHost() (`inject`, in
//   engine/vitest-suite.ts: this module is also loaded by the host, where `vitest` itself must not be);
//   worker -> host: sendResults(task, results) (the meta of each suite's last test), read by resultsOf(test) in a
//   reporter (runner/vitest-run.ts). Progress travels the same way as test artifacts (engine/progress-events.ts).
// No environment variable, file or signal carries either.
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

/** Host: the `provide` of the vitest config that hands the run's settings to the worker. */
export function settingsForWorker(config: RunConfig): { [CHANNEL_KEY]: RunConfig } {
  return { [CHANNEL_KEY]: config };
}

/** Worker: a suite's results, on its last test. */
export function sendResults(task: { meta: object }, results: SuiteResults): void {
  (task.meta as Record<string, unknown>)[CHANNEL_KEY] = results;
}

/** Host (a reporter): the suite's results a test carries, if it is a suite's last test. */
export function resultsOf(test: { meta(): object }): SuiteResults | undefined {
  // Read through an index so the declarations built for the preset do not depend on the augmentation above.
  return (test.meta() as Record<string, unknown>)[CHANNEL_KEY] as SuiteResults | undefined;
}
