// `npm run pacts:publish [-- --dry-run] [--build-url URL]`: publishes contracts/pacts to the Pact Broker or
// PactFlow at PACT_BROKER_BASE_URL (token in PACT_BROKER_TOKEN), consumer version = git sha, branch = git branch.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publishArgs } from './broker';
import { type RunBrokerIo, runBroker } from './run-broker';

export function main(argv: string[], io: RunBrokerIo): number {
  let values: { 'dry-run'?: boolean; 'build-url'?: string; dir?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, 'build-url': { type: 'string' }, dir: { type: 'string' } }, strict: true }));
  } catch (e) {
    io.err(`pacts publish: ${(e as Error).message}\nusage: pacts:publish [--dry-run] [--build-url URL] [--dir DIR]\n`);
    return 2;
  }
  const buildUrl = values['build-url'] ?? io.env.BUILD_URL;
  return runBroker('publish', values['dry-run'] === true, io, (b, v) =>
    publishArgs(b, v, { ...(buildUrl ? { buildUrl } : {}), ...(values.dir ? { pactsDir: values.dir } : {}) }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2), { env: process.env, out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
}
