// Runs the vitest suites in suites/ against the target a RunConfig names, one file after another, printing one
// progress line per suite. The suites write their results into config.resultsDir; this only drives vitest.
import { fileURLToPath } from 'node:url';
import type { TestArtifact } from 'vitest';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { batchEvents, PROGRESS_ARTIFACT, type ProgressArtifact, type ProgressSink } from '../progress/events';
import { releaseTypeScript, TSX_IMPORT } from '../../bin/ts-loader.mjs';
import { encodeRunConfig, RUN_CONFIG_ENV, type RunConfig } from './config';

export const SUITES_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OWN_MODULES = new RegExp(`^${SUITES_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(bin|contracts|generators|pacts|reports|target|suites/(client|definitions|engine|oracles|progress|qualify))/`);

class ProgressReporter implements Reporter {
  private started = false;

  constructor(
    private readonly write: (line: string) => void,
    private readonly onFirstSuite?: () => void,
    private readonly onProgress?: ProgressSink,
  ) {}

  onTestModuleStart(module: TestModule): void {
    this.onProgress?.({ kind: 'suite-start', name: suiteName(module) });
    if (this.started) return;
    this.started = true;
    this.onFirstSuite?.();
  }

  onTestCaseArtifactRecord(_test: TestCase, artifact: TestArtifact): void {
    if (artifact.type === PROGRESS_ARTIFACT) for (const e of batchEvents((artifact as ProgressArtifact).batch)) this.onProgress?.(e);
  }

  onTestModuleEnd(module: TestModule): void {
    const name = suiteName(module);
    let passed = 0;
    let failed = 0;
    for (const t of module.children.allTests()) {
      const s = t.result().state;
      if (s === 'passed') passed++;
      else if (s === 'failed') failed++;
    }
    const seconds = (module.diagnostic().duration / 1000).toFixed(1);
    const mark = failed > 0 || module.state() === 'failed' ? 'x' : 'ok';
    this.write(`  ${mark.padEnd(2)} ${name.padEnd(9)} ${passed} tests passed, ${failed} with a failed MUST rule (${seconds}s)`);
  }
}

function suiteName(module: TestModule): string {
  return module.relativeModuleId.replace(/^suites\//, '').replace(/\.suite\.ts$/, '');
}

let vitestNode: Promise<typeof import('vitest/node')> | undefined;

/**
 * Loads vitest ahead of the run (certify calls it while the bundled target starts). Releases tsx first: see
 * bin/ts-loader.mjs. Every module of this process is loaded by the time a command runs (static imports), so
 * nothing after this needs tsx.
 */
export function preloadVitest(): Promise<typeof import('vitest/node')> {
  vitestNode ??= releaseTypeScript().then(() => import('vitest/node'));
  return vitestNode;
}

export interface VitestRunOutcome {
  /** Errors outside tests (a suite file that could not load, say): the run's results are incomplete. */
  errors: string[];
}

/** `onFirstSuite` is called once, in this process, when the first suite file starts. */
export async function runSuitesWithVitest(
  config: RunConfig,
  suiteNames: readonly string[],
  write: (line: string) => void,
  onFirstSuite?: () => void,
  onProgress?: ProgressSink,
): Promise<VitestRunOutcome> {
  const { startVitest, BaseSequencer } = await preloadVitest();
  // The suites run in the order given (SUITES: deterministic probes first, random cases last), not vitest's own.
  const rank = (moduleId: string) => suiteNames.findIndex((n) => moduleId.endsWith(`/suites/${n}.suite.ts`));
  class InGivenOrder extends BaseSequencer {
    override async sort(files: Parameters<InstanceType<typeof BaseSequencer>['sort']>[0]) {
      return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
    }
  }
  const previous = process.env[RUN_CONFIG_ENV];
  // Workers inherit the environment: the credentials travel there, never through a file.
  process.env[RUN_CONFIG_ENV] = encodeRunConfig(config);
  const errors: string[] = [];
  try {
    const vitest = await startVitest(
      'test',
      suiteNames.map((n) => `suites/${n}.suite.ts`),
      { watch: false, config: false, root: SUITES_ROOT, passWithNoTests: false },
      {
        test: {
          include: ['suites/*.suite.ts'],
          reporters: [new ProgressReporter(write, onFirstSuite, onProgress)],
          fileParallelism: false,
          sequence: { sequencer: InGivenOrder },
          pool: 'forks',
          // One worker runs every suite file in turn: a fresh fork per file cost ~0.4 s each in start-up and
          // re-compiled the contract's validators. The suites share only caches (contract, generator tables);
          // each opens its own context, client and recorder.
          isolate: false,
          maxWorkers: 1,
          // The suites' own modules (everything but the *.suite.ts files) load natively, compiled by tsx, rather
          // than through vite's module runner: one round trip to this process per module made the worker's start
          // about half a second slower.
          execArgv: [...TSX_IMPORT],
          server: { deps: { external: [OWN_MODULES] } },
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
          silent: true,
        },
      },
      { stdout: process.stderr, stderr: process.stderr },
    );
    for (const e of vitest.state.getUnhandledErrors()) errors.push(String((e as Error)?.message ?? e));
    for (const m of vitest.state.getTestModules()) {
      if (m.state() === 'failed') {
        for (const err of m.errors()) errors.push(`${m.relativeModuleId}: ${err.message}`);
      }
    }
    await vitest.close();
  } finally {
    if (previous === undefined) delete process.env[RUN_CONFIG_ENV];
    else process.env[RUN_CONFIG_ENV] = previous;
  }
  return { errors };
}
