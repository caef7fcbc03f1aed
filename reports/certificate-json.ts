// certificate.json: the certificate as written for machines (CI gates, the nightly comparison), and read back.
import type { Certificate } from '../results/model';

export function renderCertificateJson(cert: Certificate): string {
  return `${JSON.stringify(cert, null, 2)}\n`;
}

export class CertificateFormatError extends Error {
  override name = 'CertificateFormatError';
}

const STATUSES = ['passed', 'failed', 'not-assessed', 'waived'];

/** Reads certificate.json text, with a clear error naming every missing or malformed field. */
export function parseCertificate(text: string, source = 'certificate'): Certificate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CertificateFormatError(`${source}: not JSON (${(e as Error).message})`);
  }
  const problems = certificateProblems(value);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    throw new CertificateFormatError(
      `${source}: not a certificate: ${shown}${problems.length > 10 ? `; and ${problems.length - 10} more` : ''}`,
    );
  }
  return value as Certificate;
}

/** What a value lacks to be a certificate (empty when it is one). */
export function certificateProblems(value: unknown): string[] {
  if (!isObject(value)) return ['$ is not an object'];
  const p: string[] = [];
  const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!ok(value[key])) p.push(`$.${key} ${key in value ? 'is not' : 'is missing, expected'} ${what}`);
  };
  const str = (v: unknown) => typeof v === 'string';
  need('verdict', (v) => v === 'conformant' || v === 'non-conformant', '"conformant" or "non-conformant"');
  need('suiteVersion', str, 'a string');
  need('contractSha256', (v) => typeof v === 'string' && /^[a-f0-9]{64}$/i.test(v), 'a sha256 (64 hex digits)');
  need('target', str, 'a string');
  need('seed', (v) => typeof v === 'number' && Number.isFinite(v), 'a number');
  need('startedAt', str, 'a timestamp');
  need('endedAt', str, 'a timestamp');
  need('counts', isObject, 'an object of counts per type and operator');
  need('rules', Array.isArray, 'an array');
  if (Array.isArray(value.rules)) {
    value.rules.forEach((r: unknown, i: number) => {
      const at = `$.rules[${i}]`;
      if (!isObject(r)) return void p.push(`${at} is not an object`);
      if (typeof r.id !== 'string') p.push(`${at}.id is not a string`);
      if (r.level !== 'MUST' && r.level !== 'SHOULD') p.push(`${at}.level is not MUST or SHOULD`);
      if (!STATUSES.includes(r.status as string)) p.push(`${at}.status is not one of ${STATUSES.join(', ')}`);
      if (!Array.isArray(r.types)) p.push(`${at}.types is not an array`);
      if (typeof r.cases !== 'number') p.push(`${at}.cases is not a number`);
      if (!Array.isArray(r.failures)) p.push(`${at}.failures is not an array`);
      else
        r.failures.forEach((f: unknown, j: number) => {
          if (!isObject(f) || typeof f.message !== 'string') p.push(`${at}.failures[${j}] has no message`);
        });
    });
  }
  return p;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
