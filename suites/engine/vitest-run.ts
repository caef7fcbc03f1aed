// Runs the vitest suites against the target a RunConfig names, one file after another, printing one progress line
// per suite. The suites run compiled (dist/suites/*.suite.js, built by `npm run build` and shipped in the package),
// from a checkout and from an installed package alike. They write their results into config.resultsDir; this only
// drives vitest.
import { existsSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';
import { PACKAGE_ROOT, packagePath } from '../../util/package-root';
import { encodeRunConfig, RUN_CONFIG_ENV, type RunConfig } from './config';

export const SUITES_ROOT = PACKAGE_ROOT;
const SUITES_DIR = 'dist/suites';
const suiteFile = (name: string) => `${SUITES_DIR}/${name}.suite.js`;
/** The compiled chunks the suites import: loaded natively by the worker rather than through vite's module runner
 *  (one round trip to this process per module made the worker's start about half a second slower). */
const OWN_CHUNKS = new RegExp(`^${packagePath('dist').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?!suites/)`);

class ProgressReporter implements Reporter {
  private started = false;

  constructor(
    private readonly write: (line: string) => void,
    private readonly onFirstSuite?: () => void,
  ) {}

  onTestModuleStart(): void {
    if (this.started) return;
    this.started = true;
    this.onFirstSuite?.();
  }

  onTestModuleEnd(module: TestModule): void {
    const name = module.relativeModuleId.replace(/^.*\//, '').replace(/\.suite\.js$/, '');
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

let vitestNode: Promise<typeof import('vitest/node')> | undefined;

/** Loads vitest ahead of the run (certify calls it while the bundled target starts). */
export function preloadVitest(): Promise<typeof import('vitest/node')> {
  vitestNode ??= import('vitest/node');
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
): Promise<VitestRunOutcome> {
  const missing = suiteNames.filter((n) => !existsSync(packagePath(suiteFile(n))));
  if (missing.length > 0) {
    throw new Error(`the compiled suites ${missing.map(suiteFile).join(', ')} are missing under ${PACKAGE_ROOT}: in a checkout, run \`npm run build\``);
  }
  const { startVitest } = await preloadVitest();
  const previous = process.env[RUN_CONFIG_ENV];
  // Workers inherit the environment: the credentials travel there, never through a file.
  process.env[RUN_CONFIG_ENV] = encodeRunConfig(config);
  const errors: string[] = [];
  try {
    const vitest = await startVitest(
      'test',
      suiteNames.map(suiteFile),
      { watch: false, config: false, root: SUITES_ROOT, passWithNoTests: false },
      {
        test: {
          include: [`${SUITES_DIR}/*.suite.js`],
          // An installed package lives under node_modules, which vitest leaves out by default.
          exclude: [],
          reporters: [new ProgressReporter(write, onFirstSuite)],
          fileParallelism: false,
          pool: 'forks',
          // One worker runs every suite file in turn: a fresh fork per file cost ~0.4 s each in start-up and
          // re-compiled the contract's validators. The suites share only caches (contract, generator tables);
          // each opens its own context, client and recorder.
          isolate: false,
          maxWorkers: 1,
          server: { deps: { external: [OWN_CHUNKS] } },
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
