#!/usr/bin/env node
// Bundles the reference target into one self-contained ES module, dist/target/target.mjs, with every dependency
// inlined, so the container image needs node and nothing else: no npm, no registry, no node_modules at build time.
// The contract the loader reads at run time (new URL('./openapi.yaml', import.meta.url)) is copied beside it.
//
//   node scripts/build-target.mjs [--out DIR]        (npm run build:target)
import { build } from 'esbuild';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function outDirFrom(argv) {
  const i = argv.indexOf('--out');
  if (i === -1) return join(repoRoot, 'dist', 'target');
  const value = argv[i + 1];
  if (!value || value.startsWith('--')) throw new Error('--out needs a directory');
  return resolve(value);
}

async function main() {
  const outDir = outDirFrom(process.argv.slice(2));
  const started = performance.now();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'target.mjs');
  const result = await build({
    entryPoints: [join(repoRoot, 'reference', 'standalone.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies call require() for node built-ins; an ES module has no require of its own.
    banner: {
      js: "import { createRequire as __scCreateRequire } from 'node:module'; const require = __scCreateRequire(import.meta.url);",
    },
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  await copyFile(join(repoRoot, 'contracts', 'openapi.yaml'), join(outDir, 'openapi.yaml'));
  const inputs = Object.keys(result.metafile.inputs).length;
  const size = (await stat(outfile)).size;
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `build-target: ${relative(repoRoot, outfile) || outfile} (${(size / 1024).toFixed(0)} KiB, ${inputs} inputs) + openapi.yaml in ${ms} ms\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`build-target: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
