// The test loop's cost in the unit the project holds it to: `npm test`'s wall time against one default
// certification measured in the same run (test/certify/cli.test.ts "certifies the bundled reference target with no
// flags" records its certify's wall time as test meta). Printed at the end of every run and written beside the
// reports (reports/out/test-loop.json), so a slower loop shows in every CI log.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export const YARDSTICK_META = 'defaultCertificationMs';

export default class LoopTimeReporter implements Reporter {
  private started = Date.now();
  private yardstickMs: number | undefined;

  onInit(): void {
    this.started = Date.now();
  }

  onTestCaseResult(test: TestCase): void {
    const ms = (test.meta() as Record<string, unknown>)[YARDSTICK_META];
    if (typeof ms === 'number') this.yardstickMs = ms;
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const wallMs = Date.now() - this.started;
    const ratio = this.yardstickMs ? wallMs / this.yardstickMs : undefined;
    const line = `test loop: ${(wallMs / 1000).toFixed(0)} s for ${modules.length} files${
      this.yardstickMs ? `; one default certification took ${(this.yardstickMs / 1000).toFixed(1)} s in this run, so the loop costs ${ratio!.toFixed(0)} of them (goal: at most 50)` : ''
    }`;
    process.stdout.write(`\n${line}\n`);
    try {
      mkdirSync(join('reports', 'out'), { recursive: true });
      writeFileSync(join('reports', 'out', 'test-loop.json'), `${JSON.stringify({ wallMs, files: modules.length, defaultCertificationMs: this.yardstickMs, ratio }, null, 2)}\n`);
    } catch {
      // a read-only checkout still prints the line
    }
  }
}
