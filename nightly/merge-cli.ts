// `tsx nightly/merge-cli.ts --out DIR [--target-label LABEL] CERTIFICATE.json...`: merges certificates of one run
// split by --types and writes the four reports of the merged certificate into DIR. Exit 0 conformant, 1 a MUST rule
// failed, 2 nothing could be merged. (`npm run nightly -- --shards DIR` does this and more: flakes, comparison.)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCertificate, writeReports } from '../reports';
import { environmentSecrets } from './certify-cli';
import { mergeCertificates } from './merge';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const err = (l: string) => process.stderr.write(`merge: ${l}\n`);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, 'target-label': { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (e) {
    err((e as Error).message.split('\n')[0]!);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!values.out || positionals.length === 0) {
    err('usage: tsx nightly/merge-cli.ts --out DIR [--target-label LABEL] CERTIFICATE.json...');
    return 2;
  }
  try {
    const certs = positionals.map((f) => parseCertificate(readFileSync(f, 'utf8'), f));
    const merged = mergeCertificates(certs, { names: positionals, ...(values['target-label'] ? { target: values['target-label'] } : {}) });
    const paths = await writeReports(values.out, merged, { secrets: environmentSecrets(env), onWarning: (m) => err(`warning: ${m}`) });
    process.stdout.write(`${merged.verdict}: ${merged.rules.filter((r) => r.status === 'failed').length} rule(s) failed; ${paths.certificate}\n`);
    return merged.verdict === 'conformant' ? 0 : 1;
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
