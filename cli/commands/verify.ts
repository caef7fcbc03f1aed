// `stream-conformance verify DIR --public-key FILE`: checks a signed run's reports. The detached JWS must be a
// signature of certificate.json's exact bytes by that key, every file of the certificate's manifest must hash as
// recorded, and the verdict must follow from the rule results. Exit 0 untouched, 1 anything changed (the file is
// named), 2 the check could not be made (bad flags, no such folder, a key that is not an Ed25519 public key).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagUsage, type FlagTable, parseFlags } from '../../util/flags';
import { parseCertificate } from '../../reports/certificate-json';
import { REPORT_FILES } from '../../reports';
import { KeyFileError, keyFingerprint, readPublicKey, sha256, SIGNATURE_FILE, verifyDetached } from '../../reports/signing';
import type { Certificate } from '../../results/model';
import { deriveVerdict, tally } from '../../results/qualify/verdict';

const FLAGS = {
  'public-key': { type: 'string', value: 'FILE', help: 'the Ed25519 public key (PEM) the run was signed with' },
  help: { type: 'boolean', help: 'this text' },
} as const satisfies FlagTable;

export function verifyUsage(): string {
  return [
    'usage: stream-conformance verify DIR --public-key FILE',
    '',
    '  DIR                 the report folder of a signed certify run',
    ...flagUsage(FLAGS, 19),
    '',
    'Exit status: 0 the reports are as signed, 1 a report was changed (named), 2 the check could not be made.',
  ].join('\n');
}

export type VerifyResult = { ok: true; lines: string[] } | { ok: false; problems: string[] };

export async function verifyReports(dir: string, publicKeyFile: string): Promise<VerifyResult> {
  const key = readPublicKey(publicKeyFile);
  const certPath = join(dir, REPORT_FILES.certificate);
  const jwsPath = join(dir, SIGNATURE_FILE);
  if (!existsSync(certPath)) return { ok: false, problems: [`${REPORT_FILES.certificate}: missing`] };
  if (!existsSync(jwsPath)) return { ok: false, problems: [`${SIGNATURE_FILE}: missing (the run was not signed, or the signature was removed)`] };
  const bytes = readFileSync(certPath);
  const problems: string[] = [];
  if (!(await verifyDetached(readFileSync(jwsPath, 'utf8'), bytes, key))) {
    problems.push(`${REPORT_FILES.certificate}: the signature in ${SIGNATURE_FILE} does not hold for it with this key (the certificate or the signature was changed, or another key signed it)`);
  }
  let cert: Certificate;
  try {
    cert = parseCertificate(bytes.toString('utf8'), REPORT_FILES.certificate);
  } catch (e) {
    return { ok: false, problems: [...problems, (e as Error).message] };
  }
  const fingerprint = keyFingerprint(key);
  if (cert.provenance?.signedBy !== fingerprint) problems.push(`${REPORT_FILES.certificate}: names signer ${cert.provenance?.signedBy ?? '(none)'}, the key given is ${fingerprint}`);
  const manifest = cert.provenance?.manifest ?? {};
  const expected = Object.values(REPORT_FILES).filter((f) => f !== REPORT_FILES.certificate);
  for (const f of expected) if (!(f in manifest)) problems.push(`${f}: not in the certificate's manifest`);
  for (const [file, hash] of Object.entries(manifest)) {
    const path = join(dir, file);
    if (file.includes('/') || file.includes('\\') || file.startsWith('.')) problems.push(`${file}: not a report file name`);
    else if (!existsSync(path)) problems.push(`${file}: missing`);
    else if (sha256(readFileSync(path)) !== hash) problems.push(`${file}: changed (its SHA-256 is not the one the certificate records)`);
  }
  try {
    problems.push(...verdictProblems(cert));
  } catch (e) {
    // A changed certificate may parse yet lack what the verdict is derived from.
    problems.push(`${REPORT_FILES.certificate}: the verdict cannot be re-derived from it (${(e as Error).message})`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lines: [`verified: ${dir} is as signed by key sha256:${fingerprint}`, `verdict: ${cert.verdictText ?? cert.verdict.toUpperCase()} (re-derived from the ${cert.rules.length} rule results)`] };
}

/** The verdict, its words and the summary must follow from the rule results; each rule's status from its failures. */
function verdictProblems(cert: Certificate): string[] {
  const out: string[] = [];
  const derived = deriveVerdict(cert);
  if (derived.verdict !== cert.verdict) out.push(`${REPORT_FILES.certificate}: verdict ${cert.verdict} does not follow from the rule results (${derived.verdict})`);
  if (cert.verdictText !== undefined && derived.verdictText !== cert.verdictText) out.push(`${REPORT_FILES.certificate}: verdict text "${cert.verdictText}" does not follow from the rule results ("${derived.verdictText}")`);
  for (const level of ['MUST', 'SHOULD'] as const) {
    const t = tally(cert.rules, level);
    const s = cert.summary?.[level === 'MUST' ? 'must' : 'should'];
    if (!s) {
      out.push(`${REPORT_FILES.certificate}: has no ${level} summary`);
      continue;
    }
    if (JSON.stringify(t) !== JSON.stringify({ passed: s.passed, failed: s.failed, 'not-assessed': s['not-assessed'], ...(s.waived !== undefined ? { waived: s.waived } : {}) })) {
      out.push(`${REPORT_FILES.certificate}: the ${level} summary does not match the rule results`);
    }
  }
  for (const r of cert.rules) {
    const unwaived = r.failures.filter((f) => f.waived === undefined).length;
    if ((r.status === 'passed' || r.status === 'not-assessed') && r.failures.length > 0) out.push(`${REPORT_FILES.certificate}: rule ${r.id} is ${r.status} but lists failures`);
    if (r.status === 'waived' && (unwaived > 0 || r.failures.length === 0)) out.push(`${REPORT_FILES.certificate}: rule ${r.id} is waived but not every failure is`);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let dir: string | undefined;
  let keyFile: string | undefined;
  try {
    const { values, positionals } = parseFlags(argv, FLAGS, { positionals: true });
    if (values.help) {
      process.stdout.write(`${verifyUsage()}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new Error('give exactly one report folder');
    dir = positionals[0]!;
    keyFile = values['public-key'];
    if (keyFile === undefined) throw new Error('--public-key FILE is required');
  } catch (e) {
    err(`stream-conformance verify: ${(e as Error).message.split('\n')[0]}`);
    err(verifyUsage());
    return 2;
  }
  if (!existsSync(dir)) {
    err(`stream-conformance verify: no such folder ${dir}`);
    return 2;
  }
  let result: VerifyResult;
  try {
    result = await verifyReports(dir, keyFile);
  } catch (e) {
    if (!(e instanceof KeyFileError)) throw e;
    err(`stream-conformance verify: --public-key: ${e.message}`);
    return 2;
  }
  if (result.ok) {
    for (const l of result.lines) process.stdout.write(`${l}\n`);
    return 0;
  }
  for (const p of result.problems) err(`NOT VERIFIED: ${p}`);
  return 1;
}
