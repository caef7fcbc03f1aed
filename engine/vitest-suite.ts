// Turns a suite definition into vitest tests. A test fails when a MUST rule failed in it; SHOULD failures are
// reported (certificate, reports) without failing the test, as the profile says they are never fatal. The run's
// settings come from vitest's inject; the suite's results leave as the meta of its last test (vitest-channel.ts).
import { describe, expect, inject, it, recordArtifact } from 'vitest';
import { PROGRESS_ARTIFACT, type ProgressArtifact } from './progress-events';
import { isNotSent } from '../client';
import { RULES, type RuleId } from '../contracts/rules';
import type { RunConfig } from './config';
import { closeSuiteContext, openSuiteContext } from './context';
import { sweep } from './lifecycle';
import type { Recorder } from './recorder';
import type { SuiteDef } from './suite';
import { CHANNEL_KEY, RESULTS_TEST_NAME, sendResults } from './vitest-channel';

const MUST = new Set<RuleId>(RULES.filter((r) => r.level === 'MUST').map((r) => r.id));

function mustFailures(rec: Recorder): Map<RuleId, number> {
  const out = new Map<RuleId, number>();
  for (const [rule, c] of Object.entries(rec.results().checks) as [RuleId, { failed: number }][]) {
    if (MUST.has(rule)) out.set(rule, c.failed);
  }
  return out;
}

const TEST_TIMEOUT_MS = 15 * 60_000;

/** The run's settings, as the host provided them (engine/vitest-channel.ts settingsForWorker). */
function settingsFromHost(): RunConfig {
  const config = inject(CHANNEL_KEY);
  if (config === undefined) {
    throw new Error('no run settings: the stream-conformance suites are run by `stream-conformance certify` or by vitest with the `stream-conformance/vitest` preset');
  }
  return config;
}

let firstSuite = true;

// The worker is a fork of the process that runs vitest. Should that process die (certify interrupted, a CI job
// killed), vitest leaves the worker running its suites against the target on its own: stop once the channel to
// the runner is gone, and with the worker its Pact verifier (which exits when its own channel closes).
if (process.send !== undefined) process.once('disconnect', () => process.exit(130));

/** With the run's first suite, the warm-up of every suite the run includes (the Pact verifier's process loads,
 *  about half a second of CPU, while the suites before it run). */
function warmUp(config: RunConfig, all: readonly SuiteDef[]): void {
  if (!firstSuite) return;
  firstSuite = false;
  for (const s of all) if (config.suites.includes(s.name)) s.warmUp?.(config);
}
declare module '@vitest/runner' {
  interface TestArtifactRegistry {
    'stream-conformance:progress': ProgressArtifact;
  }
}
const PROGRESS_FLUSH_MS = 250;

/** The vitest tests of one suite; `all` is every suite a run may include (for their warm-ups). */
export function defineSuite(def: SuiteDef, all: readonly SuiteDef[]): void {
  const config = settingsFromHost();
  warmUp(config, all);
  const ctx = openSuiteContext(config, def.name);
  describe(def.name, () => {
    for (const test of def.tests(config)) {
      it(
        test.name,
        async (context) => {
          // Progress leaves the worker as vitest artifacts, a batch of counts every quarter second.
          const flush = () => {
            const batch = ctx.progress.take();
            if (batch) void recordArtifact(context.task, { type: PROGRESS_ARTIFACT, batch }).catch(() => {});
          };
          const timer = setInterval(flush, PROGRESS_FLUSH_MS);
          const before = mustFailures(ctx.rec);
          try {
            await test.run(ctx);
          } catch (e) {
            // Cut by the run's budget: what it judged before stands; the rest is reported as cut.
            if (!(isNotSent(e))) throw e;
            ctx.rec.cutTest(test.name, test.type);
          } finally {
            clearInterval(timer);
            flush();
          }
          const newly = [...mustFailures(ctx.rec)].filter(([rule, n]) => n > (before.get(rule) ?? 0)).map(([rule, n]) => `${rule} (${n - (before.get(rule) ?? 0)} failed checks)`);
          expect(newly, 'MUST rules failed').toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );
    }
    // Last, whatever happened before: a test that fails or times out does not stop the ones after it.
    it(
      RESULTS_TEST_NAME,
      async ({ task }) => {
        let results;
        try {
          await (config.sweeps === false ? Promise.resolve() : sweep(ctx)).catch((e: Error) => ctx.rec.incident(`${def.name}: cleanup stopped: ${e.message}`));
          results = await closeSuiteContext(ctx);
        } finally {
          sendResults(task, results ?? ctx.rec.results());
        }
      },
      TEST_TIMEOUT_MS,
    );
  });
}
