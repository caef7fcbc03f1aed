// Turns a suite definition into vitest tests. A test fails when a MUST rule failed in it; SHOULD failures are
// reported (certificate, reports) without failing the test, as the profile says they are never fatal. The run's
// settings come from vitest's inject; the suite's results leave as the meta of its last test (vitest-channel.ts).
import { describe, expect, inject, it } from 'vitest';
import { RULES, type RuleId } from '../../contracts/rules';
import { warmVerifier } from '../../pacts/verify/isolated';
import { pact, pactVerifyOptions } from '../definitions/pact';
import type { RunConfig } from './config';
import { closeSuiteContext, openSuiteContext } from './context';
import { sweep } from './lifecycle';
import type { Recorder } from './recorder';
import type { SuiteDef } from './suite';
import { CHANNEL_KEY, RESULTS_TEST_NAME } from './vitest-channel';

const MUST = new Set<RuleId>(RULES.filter((r) => r.level === 'MUST').map((r) => r.id));

function mustFailures(rec: Recorder): Map<RuleId, number> {
  const out = new Map<RuleId, number>();
  for (const [rule, c] of Object.entries(rec.results().checks) as [RuleId, { failed: number }][]) {
    if (MUST.has(rule)) out.set(rule, c.failed);
  }
  return out;
}

const TEST_TIMEOUT_MS = 15 * 60_000;

function runSettings(): RunConfig {
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

/** The Pact verifier's process loads (about half a second of CPU) while the suites before it run. */
function warmUp(config: RunConfig): void {
  if (!firstSuite) return;
  firstSuite = false;
  if (config.suites.includes(pact.name)) warmVerifier(pactVerifyOptions(config));
}

export function defineSuite(def: SuiteDef): void {
  const config = runSettings();
  warmUp(config);
  const ctx = openSuiteContext(config, def.name);
  describe(def.name, () => {
    for (const test of def.tests(config)) {
      it(
        test.name,
        async () => {
          const before = mustFailures(ctx.rec);
          await test.run(ctx);
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
        try {
          await (config.sweeps === false ? Promise.resolve() : sweep(ctx)).catch((e: Error) => ctx.rec.incident(`${def.name}: cleanup stopped: ${e.message}`));
          await closeSuiteContext(ctx);
        } finally {
          task.meta[CHANNEL_KEY] = ctx.rec.results();
        }
      },
      TEST_TIMEOUT_MS,
    );
  });
}
