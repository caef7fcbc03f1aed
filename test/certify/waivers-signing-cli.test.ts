// The certify and verify commands end to end on the bundled target: a waived MUST failure exits 0 naming the
// waiver, the same waiver expired exits 1; a signed run verifies, and one changed byte in junit.xml fails verify.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'sc-waive-sign-'));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const quick = ['--launch', 'process', '--types', 'Kafka', '--runs', '2', '--seed', '5', '--quiet'];

function waivers(expires: string): string {
  const file = join(work, `waivers-${expires}.yaml`);
  writeFileSync(file, ['- rule: status-200', '  reason: answers 201 until release 2.0 (ticket 42)', `  expires: ${expires}`, '- rule: concurrent-create', '  reason: same 201', `  expires: ${expires}`, ''].join('\n'));
  return file;
}

describe('waivers on the command line', () => {
  it('only waived MUST failures: exit 0, the verdict names the waivers, every report lists them', async () => {
    const dir = join(work, 'waived');
    const r = await cli(['certify', ...quick, '--fault', 'status-201', '--waivers', waivers('2999-12-31'), '--report-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Verdict: CONFORMANT with \d waivers? \(.*status-200/);
    for (const f of ['certificate.json', 'junit.xml', 'report.html', 'summary.md']) expect(readFileSync(join(dir, f), 'utf8'), f).toContain('ticket 42');
  }, 120_000);

  it('the same waivers expired: exit 1', async () => {
    const r = await cli(['certify', ...quick, '--fault', 'status-201', '--waivers', waivers('2020-01-01'), '--report-dir', join(work, 'expired')]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/expired/);
  }, 120_000);
});

describe('signing on the command line', () => {
  it('a signed run verifies; one changed byte in junit.xml makes verify exit 1, naming it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const priv = join(work, 'sign.pem');
    const pub = join(work, 'sign.pub.pem');
    writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    const dir = join(work, 'signed');
    const r = await cli(['certify', ...quick, '--sign-key', priv, '--report-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/signed .*by key fingerprint sha256:[0-9a-f]{64}/);
    const ok = await cli(['verify', dir, '--public-key', pub]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/verified: .*\nverdict: CONFORMANT/);
    const junit = join(dir, 'junit.xml');
    const bytes = readFileSync(junit);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(junit, bytes);
    const bad = await cli(['verify', dir, '--public-key', pub]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/NOT VERIFIED: junit\.xml: changed/);
    expect((await cli(['verify', dir])).code).toBe(2);
  }, 120_000);
});
