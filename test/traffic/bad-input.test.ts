// judge on hand-made recordings: unusable input is refused with one clear line and exit 2; odd input (HTTP/2
// pseudo-headers, base64 and binary bodies, missing timings, unrelated traffic) is read as far as it goes; secrets
// recorded in clear never reach a report.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { readHar } from '../../traffic/har-read';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const out = mkdtempSync(join(tmpdir(), 'judge-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function judge(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['judge', ...args]);
    return { code, stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('judge: unusable input', () => {
  it.each([
    ['not-har.json', /not HAR: it has no `log` object/],
    ['truncated.har', /JSON ends too early \(a truncated file\?\)/],
    ['no-such-file.har', /cannot read/],
  ])('%s: exit 2 and says why', async (file, message) => {
    const r = await judge(join(FIXTURES, file), '--report-dir', join(out, file));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a HAR without the operation: exit 2, nothing to judge', async () => {
    const r = await judge(join(FIXTURES, 'unrelated-only.har'), '--report-dir', join(out, 'unrelated'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no exchange of the operation .*\(1 unrelated/);
  });
});

describe('judge: odd but usable input', () => {
  it('HTTP/2 pseudo-headers and base64 bodies are read; the leak fails; no recorded secret reaches a report', async () => {
    const dir = join(out, 'h2');
    const r = await judge(join(FIXTURES, 'http2-base64-secrets.har'), '--report-dir', dir);
    expect(r.stderr).toMatch(/pseudo-header/);
    expect(r.stderr).toMatch(/base64/);
    expect(r.code).toBe(1);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    const rule = (id: string) => cert.rules.find((x: { id: string }) => x.id === id);
    expect(rule('no-secret-leak').status).toBe('failed');
    expect(rule('read-back').status).toBe('passed');
    expect(rule('cleanup').status).toBe('passed');
    expect(rule('status-200').status).toBe('passed');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const secret of ['hunter2-very-secret-pw', 'tok-abcdef123456789-secret', 'cookie-value-987654321']) expect(text, `${f} holds ${secret}`).not.toContain(secret);
    }
  });

  it('missing timings and a binary body: read, noted, and no rule judged on the binary body', async () => {
    const rec = readHar(readFileSync(join(FIXTURES, 'no-timings-binary.har'), 'utf8'), 'no-timings-binary.har');
    expect(rec.exchanges).toHaveLength(2);
    expect(rec.exchanges[1]!.responseBodyMissing).toBe(true);
    expect(rec.notes.join('\n')).toMatch(/no start time/);
    expect(rec.notes.join('\n')).toMatch(/not UTF-8/);
    const r = await judge(join(FIXTURES, 'no-timings-binary.har'), '--report-dir', join(out, 'untimed'));
    expect(r.code).toBe(0);
    const cert = JSON.parse(readFileSync(join(out, 'untimed', 'certificate.json'), 'utf8'));
    // The GET's body was binary: read-back is not judged on it.
    expect(cert.rules.find((x: { id: string }) => x.id === 'read-back').status).toBe('not-assessed');
    expect(cert.rules.find((x: { id: string }) => x.id === 'concurrent-create').status).toBe('not-assessed');
  });

  it('every rule is passed, failed or not assessed with a reason', async () => {
    const cert = JSON.parse(readFileSync(join(out, 'h2', 'certificate.json'), 'utf8'));
    for (const r of cert.rules) if (r.status === 'not-assessed') expect(r.note, r.id).toMatch(/\w/);
  });
});
