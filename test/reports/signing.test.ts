// A real signed run (the reference target, certified in process), checked by `verify`, then tampered with byte by
// byte: every change to any report makes the check fail and names the file.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyReports } from '../../cli/commands/verify';
import { writeReports } from '../../reports';
import { keyFingerprint, SIGNATURE_FILE } from '../../reports/signing';
import { qualify } from '../../results/qualify';
import { certifyReference } from '../certify/harness';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const keys = mkdtempSync(join(tmpdir(), 'sc-keys-'));
const publicPem = join(keys, 'public.pem');
const otherPem = join(keys, 'other.pem');
writeFileSync(publicPem, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(otherPem, other.publicKey.export({ type: 'spki', format: 'pem' }));

let dir: string;
const files = ['certificate.json', 'junit.xml', 'report.html', 'summary.md', SIGNATURE_FILE];

beforeAll(async () => {
  const run = await certifyReference({ types: ['Kafka'], runs: 2 });
  dir = mkdtempSync(join(tmpdir(), 'sc-signed-'));
  const provenance = { toolVersion: '0.1.0', nodeVersion: process.version, commandLine: ['stream-conformance', 'certify'] };
  await writeReports(dir, qualify(run.certificate, {}), { secrets: run.secrets, provenance, signingKey: privateKey });
}, 120_000);

/** Runs `check` with one byte of `file` changed, and puts it back. */
async function withByteChanged<T>(file: string, at: number, check: () => Promise<T>): Promise<T> {
  const path = join(dir, file);
  const original = readFileSync(path);
  const changed = Buffer.from(original);
  changed[at] = changed[at]! ^ (changed[at] === 0x2e ? 0x01 : 0x20); // never turn the JWS separator into another one
  writeFileSync(path, changed);
  try {
    return await check();
  } finally {
    writeFileSync(path, original);
  }
}

describe('a signed run', () => {
  it('verifies untouched, and names the signer in every human report', async () => {
    const result = await verifyReports(dir, publicPem);
    expect(result).toMatchObject({ ok: true });
    const fp = keyFingerprint(publicKey);
    for (const f of ['report.html', 'summary.md', 'junit.xml']) expect(readFileSync(join(dir, f), 'utf8')).toContain(fp);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(Object.keys(cert.provenance.manifest).sort()).toEqual(['junit.xml', 'report.html', 'summary.md']);
    expect(cert.provenance).toMatchObject({ signedBy: fp, nodeVersion: process.version });
  });

  it('fails with another key', async () => {
    expect(await verifyReports(dir, otherPem)).toMatchObject({ ok: false });
  });

  for (const file of files) {
    it(`fails, naming ${file}, when any byte of it changes`, async () => {
      const size = readFileSync(join(dir, file)).length;
      // Every byte of the small files; of the large ones, 300 positions spread over the whole file, ends included.
      const positions = size <= 600 ? [...Array(size).keys()] : [...new Set([0, size - 1, ...Array.from({ length: 298 }, (_, i) => Math.floor(((i + 1) * size) / 299))])];
      for (const at of positions) {
        const result = await withByteChanged(file, at, () => verifyReports(dir, publicPem));
        expect(result.ok, `${file} byte ${at}`).toBe(false);
        const named = file === SIGNATURE_FILE ? 'certificate.json' : file;
        if (!result.ok) expect(result.problems.join('\n'), `${file} byte ${at}`).toContain(named);
      }
    }, 120_000);
  }
});
