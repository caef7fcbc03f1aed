// The run's exchanges as a HAR file (certify --record, the preset's `record`), redacted like every other report:
// each exchange through the one redactor, then the whole text checked again; a file in which a secret is still
// found is not written at all.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Exchange } from '../client/exchange';
import { toHar } from '../results/har-write';
import { packageVersion } from '../util/package-root';
import { createRedactor, type Secret } from '../results/redact';

export interface WriteHarOptions {
  secrets: readonly Secret[];
  onWarning?: (message: string) => void;
  comment?: string;
}

/** The HAR text of some exchanges, secrets redacted; throws when a secret would still be in it. */
export function renderHar(exchanges: readonly Exchange[], opts: WriteHarOptions): string {
  const redactor = createRedactor(opts.secrets, opts.onWarning ? { onWarning: opts.onWarning } : {});
  const har = toHar(exchanges.map((x) => redactor.exchange(x)), { name: 'stream-conformance', version: packageVersion(), ...(opts.comment ? { comment: opts.comment } : {}) });
  const text = redactor.text(`${JSON.stringify(har, null, 2)}\n`);
  const left = redactor.find(text);
  if (left !== undefined) throw new Error(`the HAR file is not written: it still holds the secret ${left} after redaction`);
  return text;
}

export async function writeHar(path: string, exchanges: readonly Exchange[], opts: WriteHarOptions): Promise<void> {
  const text = renderHar(exchanges, opts);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
