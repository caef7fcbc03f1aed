// The previous night's certificate: a file named by flag or environment, else the newest earlier local night
// (`<root>/nightly-*/merged/certificate.json`), and its comparison with tonight's via reports/compare.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareCertificates, parseCertificate, renderComparisonMarkdown } from '../reports';
import type { CertificateComparison } from '../reports/compare';
import { code, md } from '../reports/summary-md';
import type { Certificate } from '../results/model';

export type PreviousLookup =
  | { kind: 'found'; source: string; certificate: Certificate }
  /** No previous night to compare with (the first night, or none given); not an error. */
  | { kind: 'none'; reason: string }
  /** A previous certificate was named or found but cannot be read; tonight's results still stand. */
  | { kind: 'unreadable'; source: string; reason: string };

export const NIGHT_PREFIX = 'nightly-';
const MERGED_CERTIFICATE = join('merged', 'certificate.json');

/**
 * The merged certificate of the newest night under `root` older than `current` (run folders are named
 * `nightly-<ISO stamp>`, so name order is time order), or undefined.
 */
export function findPreviousCertificate(root: string, current: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const me = basename(resolve(current));
  const nights = readdirSync(root, { withFileTypes: true })
    // A run folder not named like a night (a custom --out) is later than every night already there.
    .filter((d) => d.isDirectory() && d.name.startsWith(NIGHT_PREFIX) && d.name !== me && (!me.startsWith(NIGHT_PREFIX) || d.name < me))
    .map((d) => d.name)
    .sort()
    .reverse();
  for (const night of nights) {
    const file = join(root, night, MERGED_CERTIFICATE);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function loadPrevious(file: string | undefined, searched?: string): PreviousLookup {
  if (file === undefined) {
    return { kind: 'none', reason: searched ? `No previous certificate: no earlier night under ${searched}` : 'No previous certificate given' };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    return { kind: 'unreadable', source: file, reason: errno === 'ENOENT' ? 'no such file' : (e as Error).message };
  }
  try {
    return { kind: 'found', source: file, certificate: parseCertificate(text, file) };
  } catch (e) {
    return { kind: 'unreadable', source: file, reason: (e as Error).message };
  }
}

export interface NightComparison {
  comparison?: CertificateComparison;
  markdown: string;
}

export function compareWithPrevious(previous: PreviousLookup, current: Certificate): NightComparison {
  if (previous.kind === 'none') return { markdown: `## Compared with the previous run\n\n${md(previous.reason)}.\n` };
  if (previous.kind === 'unreadable') {
    return { markdown: `## Compared with the previous run\n\nThe previous certificate (${code(previous.source)}) could not be read: ${md(previous.reason)}. No comparison made.\n` };
  }
  const comparison = compareCertificates(previous.certificate, current);
  return { comparison, markdown: `${renderComparisonMarkdown(comparison)}\nPrevious certificate: ${code(previous.source)}\n` };
}
