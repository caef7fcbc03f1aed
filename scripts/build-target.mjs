#!/usr/bin/env node
// Bundles the reference target into one self-contained ES module, dist/container/target.mjs, with every dependency
// inlined, so the container image needs node and nothing else: no npm, no registry, no node_modules at build time.
// The loader finds the contract from the package root (util/package-root.ts: the folder whose package.json names
// this package), so the bundle gets the same layout: a package.json of its own and contracts/openapi.yaml.
//
//   node scripts/build-target.mjs [--out DIR]        (npm run build:target)
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function outDirFrom(argv) {
  const i = argv.indexOf('--out');
  if (i === -1) return join(repoRoot, 'dist', 'container');
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
  await mkdir(join(outDir, 'contracts'), { recursive: true });
  await copyFile(join(repoRoot, 'contracts', 'openapi.yaml'), join(outDir, 'contracts', 'openapi.yaml'));
  // The contract's parse from the tsup build (contracts/document.ts), at the same place under the bundle's root.
  await mkdir(join(outDir, 'dist'), { recursive: true });
  await copyFile(join(repoRoot, 'dist', 'openapi.json'), join(outDir, 'dist', 'openapi.json'));
  const { name, version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ name, version, type: 'module', private: true }, null, 2)}\n`);
  const inputs = Object.keys(result.metafile.inputs).length;
  const size = (await stat(outfile)).size;
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `build-target: ${relative(repoRoot, outfile) || outfile} (${(size / 1024).toFixed(0)} KiB, ${inputs} inputs) + contracts/openapi.yaml, dist/openapi.json in ${ms} ms\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`build-target: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
