#!/usr/bin/env node
// The package ships TypeScript sources; tsx compiles them on load so `npx stream-conformance` needs no build step.
import { enableTypeScript } from './ts-loader.mjs';

enableTypeScript();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
