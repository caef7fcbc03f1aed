// Runs suite definitions in this process, without vitest: the self-tests' fast path (dozens of certifications of
// faulty targets), with exactly the definitions `certify` runs under vitest.
import { isNotSent } from '../client';
import type { ProgressSink } from '../progress/events';
import type { RunConfig } from './config';
import { closeSuiteContext, openSuiteContext } from './context';
import { sweep } from './lifecycle';
import type { SuiteDef } from './suite';

export async function runSuitesDirect(
  config: RunConfig,
  suites: readonly SuiteDef[],
  onSuiteEnd?: (name: string, ms: number) => void,
  onFirstSuite?: () => void,
  onProgress?: ProgressSink,
): Promise<void> {
  onFirstSuite?.();
  for (const def of suites) {
    const started = performance.now();
    onProgress?.({ kind: 'suite-start', name: def.name });
    const ctx = openSuiteContext(config, def.name, onProgress);
    try {
      for (const test of def.tests(config)) {
        try {
          await test.run(ctx);
        } catch (e) {
          if (isNotSent(e)) ctx.rec.cutTest(test.name, test.type);
          else ctx.rec.incident(`${def.name} / ${test.name} stopped: ${(e as Error).message}`);
        }
      }
    } finally {
      await sweep(ctx).catch((e: Error) => ctx.rec.incident(`${def.name}: cleanup stopped: ${e.message}`));
      await closeSuiteContext(ctx);
      onSuiteEnd?.(def.name, performance.now() - started);
    }
  }
}
