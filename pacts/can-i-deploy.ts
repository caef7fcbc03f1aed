// `npm run pacts:can-i-deploy [-- --to-environment ENV] [--dry-run]`: asks the broker whether this consumer version
// (git sha) is compatible with what is deployed in ENV (default $PACT_ENVIRONMENT, else production).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canIDeployArgs } from './broker';
import { type RunBrokerIo, runBroker } from './run-broker';

export function main(argv: string[], io: RunBrokerIo): number {
  let values: { 'dry-run'?: boolean; 'to-environment'?: string; 'retry-while-unknown'?: string; 'retry-interval'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'dry-run': { type: 'boolean' }, 'to-environment': { type: 'string' }, 'retry-while-unknown': { type: 'string' }, 'retry-interval': { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    io.err(`pacts can-i-deploy: ${(e as Error).message}\nusage: pacts:can-i-deploy [--to-environment ENV] [--retry-while-unknown N] [--retry-interval S] [--dry-run]\n`);
    return 2;
  }
  const count = (name: 'retry-while-unknown' | 'retry-interval'): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a non-negative integer`);
    return n;
  };
  let retryWhileUnknown: number | undefined;
  let retryInterval: number | undefined;
  try {
    retryWhileUnknown = count('retry-while-unknown');
    retryInterval = count('retry-interval');
  } catch (e) {
    io.err(`pacts can-i-deploy: ${(e as Error).message}\n`);
    return 2;
  }
  const environment = values['to-environment'] ?? io.env.PACT_ENVIRONMENT ?? 'production';
  return runBroker('can-i-deploy', values['dry-run'] === true, io, (b, v) =>
    canIDeployArgs(b, v, {
      environment,
      ...(retryWhileUnknown !== undefined ? { retryWhileUnknown } : {}),
      ...(retryInterval !== undefined ? { retryInterval } : {}),
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2), { env: process.env, out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
}
