// The TLS flags the commands that reach a target share (--ca, --insecure); the flag parser itself is util/flags.ts.
import { readFileSync } from 'node:fs';
import type { TlsTrust } from '../client/transport';
import { UsageError } from '../util/usage-error';

export { UsageError };

/** The PEM text of a --ca file; a UsageError when it cannot be read or holds no certificate. */
export function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--ca: cannot read ${file}: ${(e as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: ${file} holds no PEM certificate`);
  return text;
}

/** What a run trusts of an https target: --ca, else the CA the bundled target made, and --insecure. */
export function tlsTrust(args: { caPem?: string; insecure: boolean }, bundledCa?: string): TlsTrust | undefined {
  const ca = args.caPem ?? bundledCa;
  if (ca === undefined && !args.insecure) return undefined;
  return { ...(ca !== undefined ? { ca } : {}), ...(args.insecure ? { insecure: true } : {}) };
}
