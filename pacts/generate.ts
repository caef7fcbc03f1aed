// `npm run pacts:generate`: runs the consumer tests and writes contracts/pacts/ (commit the result).
// Options: --seed N (default DEFAULT_PACT_SEED), --dir DIR (default contracts/pacts).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writePacts } from './consumer';
import { DEFAULT_PACT_SEED, PACTS_DIR } from './names';

export async function main(argv: string[]): Promise<number> {
  let values: { seed?: string; dir?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, dir: { type: 'string' } }, strict: true }));
  } catch (e) {
    process.stderr.write(`pacts generate: ${(e as Error).message}\nusage: pacts generate [--seed N] [--dir DIR]\n`);
    return 2;
  }
  const seed = values.seed === undefined ? DEFAULT_PACT_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed)) {
    process.stderr.write(`pacts generate: --seed must be an integer, got ${JSON.stringify(values.seed)}\n`);
    return 2;
  }
  const dir = values.dir ?? fileURLToPath(PACTS_DIR);
  try {
    const { file, interactions } = await writePacts({ dir, seed });
    process.stdout.write(`wrote ${interactions} interactions to ${file} (seed ${seed})\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`pacts generate: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
