// Writes the four reports of a run into one folder. Redaction is applied twice: to the certificate's data before
// rendering, and to the final text of every file before it is written (any secret a renderer could have re-created
// by formatting is caught there); a file in which a secret is still found is not written at all.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Certificate } from '../suites/model';
import { renderCertificateJson } from './certificate-json';
import { renderHtml } from './html';
import { renderJunitXml } from './junit-xml';
import { prepareCertificate } from './prepare';
import { createRedactor, type Secret } from './redact';
import { renderSummaryMd } from './summary-md';

export type { Secret } from './redact';
export { createRedactor } from './redact';
export { toCurl } from './curl';
export { compareCertificates, renderComparisonMarkdown } from './compare';
export { parseCertificate } from './certificate-json';

export interface ReportPaths {
  certificate: string;
  junit: string;
  html: string;
  summary: string;
}

export interface WriteReportsOptions {
  secrets: Secret[];
  /** Warnings about the secret list (never containing a secret); default: process.emitWarning. */
  onWarning?: (message: string) => void;
}

export const REPORT_FILES = {
  certificate: 'certificate.json',
  junit: 'junit.xml',
  html: 'report.html',
  summary: 'summary.md',
} as const satisfies Record<keyof ReportPaths, string>;

export async function writeReports(dir: string, cert: Certificate, opts: WriteReportsOptions): Promise<ReportPaths> {
  const onWarning = opts.onWarning ?? ((m: string) => process.emitWarning(m, 'RedactionWarning'));
  const redactor = createRedactor(opts.secrets, { onWarning });
  const prepared = prepareCertificate(cert, opts.secrets, redactor);
  const contents: Record<keyof ReportPaths, string> = {
    certificate: renderCertificateJson(prepared),
    junit: renderJunitXml(prepared),
    html: renderHtml(prepared),
    summary: renderSummaryMd(prepared),
  };
  await mkdir(dir, { recursive: true });
  const paths = {} as ReportPaths;
  for (const key of Object.keys(REPORT_FILES) as (keyof ReportPaths)[]) {
    const text = redactor.text(contents[key]);
    const left = redactor.find(text);
    if (left !== undefined) throw new Error(`${REPORT_FILES[key]} not written: it still holds the secret ${left} after redaction`);
    paths[key] = join(dir, REPORT_FILES[key]);
    await writeAtomically(paths[key], text);
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
