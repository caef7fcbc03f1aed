// Pieces of flag handling the commands share: one error type for "the call's words are off" (exit 2), whole-number
// options, connection-type lists, negative numbers that node:util parseArgs would take for flags, and TLS trust
// (--ca, --insecure).
import { readFileSync } from 'node:fs';
import { CONNECTION_TYPES, type ConnectionType, isConnectionType } from '../contracts/types';
import type { TlsTrust } from '../client/transport';
import { UsageError } from '../util/usage-error';

export { UsageError };

/** A whole-number option: `fallback` when absent, a UsageError naming the flag when malformed or out of
 *  [min, max]. */
export function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max?: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  const n = Number(text);
  if (max !== undefined && (n < min || n > max)) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  if (n < min) throw new UsageError(`--${name} must be at least ${min}, got ${n}`);
  return n;
}

/** `Kafka,Https` -> the types in catalogue order; a UsageError naming any unknown one. */
export function connectionTypes(text: string): ConnectionType[] {
  const wanted = text.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = wanted.filter((t) => !isConnectionType(t));
  if (bad.length > 0 || wanted.length === 0) throw new UsageError(`--types: unknown connection type(s) ${bad.join(', ') || '(none given)'}; known: ${CONNECTION_TYPES.join(', ')}`);
  return CONNECTION_TYPES.filter((t) => wanted.includes(t));
}

/** `--seed -5` would read -5 as a flag: join a negative number to the option before it (`--seed=-5`). */
export function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(a) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

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
