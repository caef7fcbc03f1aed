import { defineConfig } from 'vitest/config';

// `npm run test:matrix`: the self-tests that cross every fault or seed with a slow target, too long for the
// minutes-long loop of `npm test` (vitest.config.ts): every fault through the realistic target with chaos, the
// realistic target on three seeds, and every fault recorded and judged from its HAR. Run nightly and before a release.
export const MATRIX = ['test/certify/realistic-faults.test.ts', 'test/certify/realistic.test.ts', 'test/traffic/faults-*.test.ts'];
/** Files that run in both, with more seeds here (STREAM_CONFORMANCE_MATRIX=1). */
const MORE_SEEDS = ['test/certify/vendor.test.ts'];

export default defineConfig({
  test: {
    include: [...MATRIX, ...MORE_SEEDS],
    env: { STREAM_CONFORMANCE_MATRIX: '1' },
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
