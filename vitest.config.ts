import { defineConfig } from 'vitest/config';
import { MATRIX } from './vitest.matrix.config';

// `npm test` runs the project's self-tests (test/). The conformance suites in suites/ need a target and are
// run by `stream-conformance certify` with its own configuration (cli/commands/certify.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The full matrices (every fault through the realistic target, ...) run with `npm run test:matrix`.
    exclude: ['**/node_modules/**', ...MATRIX],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker per core but one (a single worker on these 2-core machines). Most files wait
    // on child processes, sockets and a nested vitest run: three files at once keep both cores busy.
    maxWorkers: 3,
    reporters: ['default', './test/reporters/loop-time.ts'],
  },
});
