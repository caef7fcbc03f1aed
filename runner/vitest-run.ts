/// <reference types="vitest/config" />
// Runs the vitest suites against the target a RunConfig names, one file after another in one worker, in the order
// the run gives (deterministic probes first, random cases last). The suites run compiled (dist/suites/*.suite.js,
// built by `npm run build` and shipped in the package), from a checkout and from an installed package alike. The
// settings go to the worker through vitest's provide; each suite's results come back as test meta and live progress
// as test artifacts, both collected by reporters here (vitest-channel.ts): the one engine behind `certify`, the
// self-tests and the `stream-conformance/vitest` preset.
import { existsSync } from 'node:fs';
import type { TestArtifact } from 'vitest';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import { PACKAGE_ROOT, packagePath } from '../util/package-root';
import { staleDist } from '../util/build-stamp';
import { batchEvents, PROGRESS_ARTIFACT, type ProgressArtifact, type ProgressSink } from '../engine/progress-events';
import type { RunConfig } from '../engine/config';
import type { SuiteResults } from '../engine/recorder';
import { RESULTS_TEST_NAME, resultsOf, settingsForWorker } from '../engine/vitest-channel';

const SUITES_DIR = 'dist/suites';
export const suiteFile = (name: string): string => packagePath(SUITES_DIR, `${name}.suite.js`);
const suiteName = (module: TestModule): string => module.moduleId.replace(/^.*\//, '').replace(/\.suite\.js$/, '');

/** The compiled chunks the suites import: loaded natively by the worker rather than through vite's module runner
 *  (one round trip to this process per module made the worker's start about half a second slower). */
const OWN_CHUNKS = new RegExp(`^${packagePath('dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?!suites/)`);

const TIMEOUT_MS = 15 * 60_000;

/** Collects each suite's results from the meta of its tests, and errors outside tests. */
export class SuiteResultsReporter implements Reporter {
  readonly results: SuiteResults[] = [];
  readonly errors: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const results = resultsOf(test);
    if (results) this.results.push(results);
  }

  onTestModuleEnd(module: TestModule): void {
    if (module.state() !== 'failed') return;
    for (const err of module.errors()) this.errors.push(`${module.moduleId.replace(/^.*\//, '')}: ${err.message}`);
  }

  onTestRunEnd(_modules: readonly TestModule[], unhandled: readonly { message?: string }[]): void {
    for (const e of unhandled) this.errors.push(String(e?.message ?? e));
  }
}

/** One line per suite as it ends, and the live events (suite started, exchanges, failed checks) to a sink. */
export class ProgressReporter implements Reporter {
  constructor(
    private readonly write: (line: string) => void,
    private readonly onProgress?: ProgressSink,
  ) {}

  onTestModuleStart(module: TestModule): void {
    this.onProgress?.({ kind: 'suite-start', name: suiteName(module) });
  }

  onTestCaseArtifactRecord(_test: TestCase, artifact: TestArtifact): void {
    if ((artifact as { type: string }).type === PROGRESS_ARTIFACT) for (const e of batchEvents((artifact as unknown as ProgressArtifact).batch)) this.onProgress?.(e);
  }

  onTestModuleEnd(module: TestModule): void {
    let passed = 0;
    let failed = 0;
    for (const t of module.children.allTests()) {
      if (t.name === RESULTS_TEST_NAME) continue;
      const s = t.result().state;
      if (s === 'passed') passed++;
      else if (s === 'failed') failed++;
    }
    const seconds = (module.diagnostic().duration / 1000).toFixed(1);
    const mark = failed > 0 || module.state() === 'failed' ? 'x' : 'ok';
    this.write(`  ${mark.padEnd(2)} ${suiteName(module).padEnd(9)} ${passed} tests passed, ${failed} with a failed MUST rule (${seconds}s)`);
  }
}

/** A RunConfig's suite files, or an error naming the missing ones (a checkout that was not built) or saying that
 *  they were built from other sources than the checkout's. */
export function suiteFiles(config: RunConfig): string[] {
  const files = config.suites.map(suiteFile);
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`the compiled suites ${missing.join(', ')} are missing: in a checkout, run \`npm run build\``);
  const stale = staleDist();
  if (stale !== undefined) throw new Error(`the compiled suites cannot be used: ${stale}`);
  return files;
}

/** A vitest sequencer that keeps the run's order of suite files (vitest's own sorts by size and past durations). */
export function inGivenOrder(files: readonly string[]) {
  const rank = (moduleId: string) => files.indexOf(moduleId);
  return class InGivenOrder {
    async shard(specs: TestSpecification[]): Promise<TestSpecification[]> {
      return specs;
    }
    async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
      return [...specs].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
    }
  };
}

/**
 * The vitest `test` settings of a run: the run's suite files in its order, its settings provided to the worker, one
 * worker for every suite in turn (a fresh fork per file cost ~0.4 s each in start-up and re-compiled the contract's
 * validators; the suites share only caches and the run's client policies, and each opens its own context, client
 * and recorder).
 */
export function suitesTestConfig(config: RunConfig, reporters: Reporter[]) {
  const include = suiteFiles(config);
  return {
    include,
    // An installed package lives under node_modules, which vitest leaves out by default.
    exclude: [],
    provide: settingsForWorker(config),
    reporters,
    sequence: { sequencer: inGivenOrder(include) },
    fileParallelism: false,
    pool: 'forks' as const,
    isolate: false,
    maxWorkers: 1,
    server: { deps: { external: [OWN_CHUNKS] } },
    testTimeout: TIMEOUT_MS,
    hookTimeout: TIMEOUT_MS,
    silent: true,
    passWithNoTests: false,
  };
}

let vitestNode: Promise<typeof import('vitest/node')> | undefined;

/** Loads vitest ahead of the run (certify calls it while the bundled target starts). */
export function preloadVitest(): Promise<typeof import('vitest/node')> {
  vitestNode ??= import('vitest/node');
  return vitestNode;
}

export interface SuitesOutcome {
  results: SuiteResults[];
  /** Errors outside tests (a suite file that could not load, say): the run's results are incomplete. */
  errors: string[];
}

export async function runSuitesWithVitest(config: RunConfig, write: (line: string) => void, onProgress?: ProgressSink): Promise<SuitesOutcome> {
  const collected = new SuiteResultsReporter();
  const test = suitesTestConfig(config, [collected, new ProgressReporter(write, onProgress)]);
  const { startVitest } = await preloadVitest();
  const vitest = await startVitest('test', test.include, { watch: false, config: false, root: PACKAGE_ROOT }, { test }, { stdout: process.stderr, stderr: process.stderr });
  await vitest.close();
  return { results: collected.results, errors: collected.errors };
}
