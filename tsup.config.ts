// The package's build (npm run build, and prepack so `npm pack` always holds fresh output): ES modules for Node 20
// in dist/, with bundled type declarations for the public entry points. Dependencies stay external (installed
// beside the package); our own modules are split into shared chunks, so the suites vitest loads, the CLI and the
// library entry points share one copy of each module. The reference target's container bundle is built apart
// (scripts/build-target.mjs), self-contained. The contract's parse goes beside them (dist/openapi.json), and the
// hash of the sources they were built from (dist/build-stamp.json).
import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { writeParsedContract } from './contracts/document';
import { writeBuildStamp } from './util/build-stamp';

/** The public entry points: `exports` in package.json maps each to dist/<name>.js and dist/<name>.d.ts. */
export const PUBLIC_ENTRIES = {
  cli: 'entry/cli.ts',
  target: 'entry/target.ts',
  generators: 'entry/generators.ts',
  contract: 'entry/contract.ts',
  vitest: 'entry/vitest.ts',
} as const;

/** Every vitest suite file (suites/<name>.suite.ts), each its own entry: vitest loads them by path. */
const SUITES = readdirSync('suites').filter((f) => f.endsWith('.suite.ts')).map((f) => f.slice(0, -'.suite.ts'.length));

export default defineConfig({
  entry: {
    ...PUBLIC_ENTRIES,
    // The vitest suites certify runs (dist/suites/*.suite.js) and the Pact verifier's child process.
    ...Object.fromEntries(SUITES.map((s) => [`suites/${s}.suite`, `suites/${s}.suite.ts`])),
    'pact-verifier-child': 'pacts/verify/isolated-child.ts',
  },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  splitting: true,
  clean: ['!container/**'],
  sourcemap: false,
  dts: { entry: PUBLIC_ENTRIES },
  tsconfig: 'tsconfig.build.json',
  // The contract's parse, read at run time instead of its YAML (contracts/document.ts).
  onSuccess: async () => {
    writeParsedContract();
    // Which sources this dist/ was built from: a run from a checkout refuses a stale one (util/build-stamp.ts).
    writeBuildStamp();
  },
});
