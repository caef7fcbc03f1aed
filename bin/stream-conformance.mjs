#!/usr/bin/env node
// The `stream-conformance` command: runs the compiled CLI (dist/, built by `npm run build` and shipped in the
// package), with no TypeScript compiler at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`stream-conformance: ${cli.pathname} is missing: in a checkout, run \`npm run build\` first\n`);
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
