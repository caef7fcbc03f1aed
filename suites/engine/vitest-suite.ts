// Turns a suite definition into vitest tests. A test fails when a MUST rule failed in it; SHOULD failures are
// reported (certificate, reports) without failing the test, as the profile says they are never fatal.
import { afterAll, describe, expect, it, recordArtifact } from 'vitest';
import { PROGRESS_ARTIFACT, type ProgressArtifact } from '../progress/events';
import { RULES, type RuleId } from '../../contracts/rules';
import { isNotSent } from '../client';
import { runConfigFromEnv } from './config';
import { closeSuiteContext, openSuiteContext } from './context';
import { sweep } from './lifecycle';
import type { Recorder } from './recorder';
import type { SuiteDef } from './suite';

const MUST = new Set<RuleId>(RULES.filter((r) => r.level === 'MUST').map((r) => r.id));

function mustFailures(rec: Recorder): Map<RuleId, number> {
  const out = new Map<RuleId, number>();
  for (const [rule, c] of Object.entries(rec.results().checks) as [RuleId, { failed: number }][]) {
    if (MUST.has(rule)) out.set(rule, c.failed);
  }
  return out;
}

const TEST_TIMEOUT_MS = 15 * 60_000;

declare module '@vitest/runner' {
  interface TestArtifactRegistry {
    'stream-conformance:progress': ProgressArtifact;
  }
}
const PROGRESS_FLUSH_MS = 250;

export function defineSuite(def: SuiteDef): void {
  const config = runConfigFromEnv();
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
    afterAll(async () => {
      await sweep(ctx).catch((e: Error) => ctx.rec.incident(`${def.name}: cleanup stopped: ${e.message}`));
      await closeSuiteContext(ctx);
    }, TEST_TIMEOUT_MS);
  });
}
