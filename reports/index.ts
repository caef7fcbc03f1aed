// Writes the four reports of a run into one folder. Redaction is applied twice: to the certificate's data before
// rendering, and to the final text of every file before it is written (any secret a renderer could have re-created
// by formatting is caught there); a file in which a secret is still found is not written at all.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Certificate, Provenance } from '../results/model';
import { renderCertificateJson } from './certificate-json';
import { renderHtml } from './html';
import { renderJunitXml } from './junit-xml';
import { prepareCertificate } from './prepare';
import { createRedactor, type Secret } from '../results/redact';
import { keyFingerprint, sha256, SIGNATURE_FILE, signDetached } from './signing';
import { renderSummaryMd } from './summary-md';

export type { Secret } from '../results/redact';
export { createRedactor } from '../results/redact';
export { toCurl } from '../results/curl';
export { compareCertificates, renderComparisonMarkdown } from './compare';
export { parseCertificate } from './certificate-json';

export interface ReportPaths {
  certificate: string;
  junit: string;
  html: string;
  summary: string;
  /** certificate.jws, when signed. */
  signature?: string;
}

export interface WriteReportsOptions {
  secrets: Secret[];
  /** How the run was made; the manifest and the signer are filled in here. */
  provenance?: Omit<Provenance, 'manifest' | 'signedBy'>;
  /** Ed25519 private key: certificate.jws is written beside the certificate, and every report names its fingerprint. */
  signingKey?: KeyObject;
  /** Warnings about the secret list (never containing a secret); default: process.emitWarning. */
  onWarning?: (message: string) => void;
}

export const REPORT_FILES = {
  certificate: 'certificate.json',
  junit: 'junit.xml',
  html: 'report.html',
  summary: 'summary.md',
} as const satisfies Record<Exclude<keyof ReportPaths, 'signature'>, string>;

export async function writeReports(dir: string, cert: Certificate, opts: WriteReportsOptions): Promise<ReportPaths> {
  const onWarning = opts.onWarning ?? ((m: string) => process.emitWarning(m, 'RedactionWarning'));
  const redactor = createRedactor(opts.secrets, { onWarning });
  let prepared = prepareCertificate(cert, opts.secrets, redactor);
  const signedBy = opts.signingKey ? keyFingerprint(opts.signingKey) : undefined;
  if (opts.provenance) prepared = { ...prepared, provenance: { ...opts.provenance, manifest: {}, ...(signedBy ? { signedBy } : {}) } };
  const final = (key: keyof typeof REPORT_FILES, text: string) => {
    const out = redactor.text(text);
    const left = redactor.find(out);
    if (left !== undefined) throw new Error(`${REPORT_FILES[key]} not written: it still holds the secret ${left} after redaction`);
    return out;
  };
  // The other reports first: the certificate carries their hashes.
  const others = {
    junit: final('junit', renderJunitXml(prepared)),
    html: final('html', renderHtml(prepared)),
    summary: final('summary', renderSummaryMd(prepared)),
  };
  if (prepared.provenance) {
    const manifest = Object.fromEntries((Object.keys(others) as (keyof typeof others)[]).map((k) => [REPORT_FILES[k], sha256(others[k])]));
    prepared = { ...prepared, provenance: { ...prepared.provenance, manifest } };
  }
  const certificate = final('certificate', renderCertificateJson(prepared));
  await mkdir(dir, { recursive: true });
  const paths = {} as ReportPaths;
  const contents: Record<Exclude<keyof ReportPaths, 'signature'>, string> = { certificate, ...others };
  for (const key of Object.keys(REPORT_FILES) as (keyof typeof REPORT_FILES)[]) {
    paths[key] = join(dir, REPORT_FILES[key]);
    await writeAtomically(paths[key], contents[key]);
  }
  if (opts.signingKey) {
    paths.signature = join(dir, SIGNATURE_FILE);
    await writeAtomically(paths.signature, `${await signDetached(Buffer.from(certificate, 'utf8'), opts.signingKey)}\n`);
  }
  return paths;
}

/** Readers never see a half-written report: write a temporary file beside it, then rename it into place. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Creates and returns a fresh folder under `root` named for the current time (with a suffix if it exists). */
export function defaultReportDir(root = 'reports/out', now: Date = new Date()): string {
  mkdirSync(root, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let i = 0; ; i++) {
    const dir = join(root, i === 0 ? stamp : `${stamp}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw e;
    }
  }
}
export { renderHar, writeHar } from './har';
