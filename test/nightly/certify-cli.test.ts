// The certify child process as the pipeline drives it, with a stand-in script in place of the CLI: what goes on its
// command line, what in its environment, how its log is relayed, and how its exit is read.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCertificateJson } from '../../reports/certificate-json';
import { certifyCli } from '../../nightly/certify-cli';
import { makeCert } from './fixtures';

const SECRET = 'Kp29-the-private-key';
const dir = mkdtempSync(join(tmpdir(), 'sc-nightly-cli-'));
const CERT = renderCertificateJson(makeCert({ types: ['Sample'], seed: 3 }));

/** A stand-in for bin/stream-conformance.mjs: records argv and env, logs a line with the secret, exits as told. */
const FAKE = join(dir, 'fake-certify.mjs');
writeFileSync(
  FAKE,
  `import { writeFileSync, mkdirSync } from 'node:fs';
const argv = process.argv.slice(2);
const at = (f) => argv[argv.indexOf(f) + 1];
writeFileSync(process.env.FAKE_RECORD, JSON.stringify({ argv, auth: process.env.CONFORMANCE_AUTH, target: process.env.CONFORMANCE_TARGET }));
process.stderr.write('Certifying with digest key ' + (process.env.CONFORMANCE_AUTH || '').split(':')[2] + '\\npartial line without newline');
const mode = process.env.FAKE_MODE;
if (mode === 'usage') { process.stderr.write('\\nstream-conformance certify: --group-id must be 24 lower-case hex digits\\n'); process.exit(2); }
if (mode !== 'no-certificate') { mkdirSync(at('--report-dir'), { recursive: true }); writeFileSync(at('--report-dir') + '/certificate.json', process.env.FAKE_CERT); }
process.exit(1);
`,
);

function runFake(mode: string, reportDir: string) {
  const record = join(dir, `record-${mode}.json`);
  const lines: string[] = [];
  const cli = certifyCli({
    bin: FAKE,
    env: { PATH: process.env.PATH, CONFORMANCE_AUTH: `digest:pub:${SECRET}`, CONFORMANCE_TARGET: 'http://127.0.0.1:9', FAKE_RECORD: record, FAKE_MODE: mode, FAKE_CERT: mode === 'garbage' ? '{"verdict": 3}' : CERT },
    faults: ['status-201'],
    log: (l) => lines.push(l),
  });
  return cli({ types: ['Sample', 'Https'], seed: 3, runs: 2, reportDir, label: 'group-1/2' }).then((outcome) => ({ outcome, lines, record: JSON.parse(readFileSync(record, 'utf8')) }));
}

describe('certifyCli', () => {
  it('puts the shard on the command line and the target and credentials in the environment only', async () => {
    const { outcome, record } = await runFake('ok', join(dir, 'ok'));
    expect(record.argv).toEqual(['certify', '--types', 'Sample,Https', '--seed', '3', '--runs', '2', '--report-dir', join(dir, 'ok'), '--fault', 'status-201']);
    expect(record.auth).toBe(`digest:pub:${SECRET}`);
    expect(record.target).toBe('http://127.0.0.1:9');
    expect(outcome).toMatchObject({ kind: 'certificate', exitCode: 1, certificate: { seed: 3, types: ['Sample'] } });
  });

  it('relays the child\'s log lines with a prefix and every credential redacted', async () => {
    const { lines } = await runFake('ok', join(dir, 'ok2'));
    expect(lines).toEqual(['[group-1/2] Certifying with digest key ${CONFORMANCE_PRIVATE_KEY}', '[group-1/2] partial line without newline']);
  });

  it('reports a run that could not be made with certify\'s own last line', async () => {
    const { outcome, lines } = await runFake('usage', join(dir, 'usage'));
    expect(outcome).toEqual({ kind: 'no-run', exitCode: 2, reason: 'certify exited 2: --group-id must be 24 lower-case hex digits' });
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('treats a missing or malformed certificate as no run', async () => {
    expect((await runFake('no-certificate', join(dir, 'none'))).outcome).toMatchObject({ kind: 'no-run', exitCode: 2, reason: expect.stringMatching(/^certify exited 1/) });
    expect((await runFake('garbage', join(dir, 'garbage'))).outcome).toMatchObject({ kind: 'no-run', reason: expect.stringMatching(/not a certificate/) });
  });
});
