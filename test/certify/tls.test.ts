// certify against an https target whose certificate a private CA signed: refused (exit 2, one line) until the CA is
// given with --ca or NODE_EXTRA_CA_CERTS; --insecure runs with a warning; --tls certifies the bundled target over
// HTTPS. Flags that cannot go together are refused.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTarget } from '../../reference/child';
import type { RunningTarget } from '../../reference/server';
import { parseCertifyArgs, UsageError } from '../../cli/commands/certify';

const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;

function certify(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; reportDir: string }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'sc-tls-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'certify', '--runs', '1', '--types', 'Sample', '--seed', '5', '--report-dir', reportDir, ...args], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`certify did not end\n${stderr}`));
    }, 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, reportDir });
    });
  });
}

const readCertificate = (dir: string) => JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Record<string, unknown>;

let target: RunningTarget;
let targetArgs: string[];
beforeAll(async () => {
  target = await spawnTarget({ tls: { kind: 'generated' } });
  const i = target.info;
  targetArgs = ['--target', i.url, '--group-id', i.groupId, '--tenant', i.tenant, '--auth', i.auth];
});
afterAll(() => target?.close());

describe('certify over TLS', () => {
  it('refuses an https target signed by an unknown CA with exit 2 and one line naming --ca', async () => {
    expect(target.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await certify(targetArgs);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TLS certificate is not trusted.*--ca FILE/);
  });

  it('certifies it with --ca FILE, and with NODE_EXTRA_CA_CERTS', async () => {
    const withCa = await certify([...targetArgs, '--ca', target.info.caFile!]);
    expect(withCa.code, withCa.stderr).toBe(0);
    expect(withCa.stderr).toContain('Verdict: CONFORMANT');
    expect(readCertificate(withCa.reportDir)).toMatchObject({ tls: { verified: true, privateCa: true }, qualification: { partial: false } });
    const viaEnv = await certify(targetArgs, { NODE_EXTRA_CA_CERTS: target.info.caFile! });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
  });

  it('runs with --insecure only after a warning, and the certificate says the target was not verified', async () => {
    const r = await certify([...targetArgs, '--insecure']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^WARNING: --insecure/m);
    expect(r.stderr).toMatch(/Verdict: CONFORMANT \(partial: the TLS certificate of https:.* was not verified \(--insecure\)/);
    expect(readCertificate(r.reportDir)).toMatchObject({ tls: { verified: false, privateCa: false }, qualification: { partial: true } });
  });

  it('certifies the bundled target over HTTPS with --tls', async () => {
    const r = await certify(['--tls', '--launch', 'process']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Reference target up at https:\/\/127\.0\.0\.1:\d+/);
  });

  it('refuses --tls with --target, and a --ca that is not a PEM certificate', () => {
    expect(() => parseCertifyArgs(['--tls', ...targetArgs], {})).toThrow(UsageError);
    const notPem = join(mkdtempSync(join(tmpdir(), 'sc-tls-')), 'ca.pem');
    writeFileSync(notPem, 'hello');
    expect(() => parseCertifyArgs(['--ca', notPem, ...targetArgs], {})).toThrow(/no PEM certificate/);
    expect(() => parseCertifyArgs(['--ca', '/nonexistent/ca.pem', ...targetArgs], {})).toThrow(/cannot read/);
    expect(parseCertifyArgs(['--ca', target.info.caFile!, ...targetArgs], {}).caPem).toBe(target.info.ca);
  });
});
