// `npm run nightly` end to end against the bundled reference target (a local process), small: two types in two
// groups, two runs per property, a fault switched on so that a failure exists to re-run, and a previous certificate
// to compare with. Five certify runs in all (two groups, three re-runs).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../reports';
import { renderCertificateJson } from '../../reports/certificate-json';
import { makeCert, rule } from './fixtures';
import { type CliRun, runProcess } from '../helpers/cli';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function nightly(args: string[], timeoutMs = 170_000): Promise<CliRun> {
  // The environment is the caller's less anything that would point certify elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_')));
  return runProcess(TSX, [join(ROOT, 'nightly', 'pipeline.ts'), ...args], { env, cwd: ROOT, timeoutMs, name: 'npm run nightly' });
}

describe('npm run nightly', () => {
  it('certifies the reference target by groups, merges, classes the failures and compares with the previous night', { timeout: 180_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'sc-nightly-e2e-'));
    // Last night: auth-missing failed, status-200 passed.
    const previous = makeCert({ types: ['Sample', 'Https'], seed: 7, runs: 2, target: 'bundled reference target', rules: { 'auth-missing': { status: 'failed' } } });
    writeFileSync(join(root, 'previous.json'), renderCertificateJson(previous));
    const runDir = join(root, 'nightly-tonight');

    const r = await nightly(['--types', 'Sample,Https', '--groups', '2', '--runs', '2', '--seed', '7', '--launch', 'process', '--fault', 'status-201', '--previous', join(root, 'previous.json'), '--out', runDir]);
    expect(r.code, r.stderr.slice(-3000)).toBe(1);

    // The groups and the re-runs each left their reports.
    for (const d of ['group-1', 'group-2', 'reruns/attempt-1', 'reruns/attempt-2', 'reruns/attempt-3']) expect(existsSync(join(runDir, d, 'certificate.json')), d).toBe(true);
    const g1 = parseCertificate(readFileSync(join(runDir, 'group-1', 'certificate.json'), 'utf8'));
    const g2 = parseCertificate(readFileSync(join(runDir, 'group-2', 'certificate.json'), 'utf8'));
    expect([g1.types, g2.types]).toEqual([['Sample'], ['Https']]);

    // The merged certificate: both types, the night's seed, the fault's rule failed for both and FAILED on re-run.
    const merged = parseCertificate(readFileSync(join(runDir, 'merged', 'certificate.json'), 'utf8'));
    expect(merged).toMatchObject({ types: ['Sample', 'Https'], seed: 7, runs: 2, verdict: 'non-conformant', target: 'bundled reference target (faults: status-201)' });
    expect(merged.exchanges).toBe(g1.exchanges + g2.exchanges);
    const status200 = rule(merged, 'status-200');
    expect(status200.status).toBe('failed');
    expect(new Set(status200.failures.map((f) => f.type).filter(Boolean))).toEqual(new Set(['Sample', 'Https']));
    expect(status200.failures.every((f) => f.classification === 'FAILED')).toBe(true);
    for (const r2 of merged.rules.filter((x) => x.status === 'failed')) {
      for (const f of r2.failures) expect(['FIXED', 'FLAKY', 'FAILED'], f.id).toContain(f.classification);
    }
    expect(readFileSync(join(runDir, 'merged', 'summary.md'), 'utf8')).toMatch(/`status-200` .*re-run: \d+ FAILED/);

    // The comparison with last night.
    const comparison = readFileSync(join(runDir, 'comparison.md'), 'utf8');
    expect(comparison).toMatch(/### Newly failing \(\d+\)\n\n(- .*\n)*- MUST `status-200` \(passed → failed\)/);
    expect(comparison).toMatch(/### Newly passing \(\d+\)\n\n(- .*\n)*- MUST `auth-missing` \(failed → passed\)/);

    // The night in one page and on the terminal.
    const night = readFileSync(join(runDir, 'night.md'), 'utf8');
    expect(night).toContain('## Re-runs of tonight\'s failures (3 each)');
    // Which failure comes first depends on the suites' order; a valid Sample create is among them.
    expect(night).toMatch(/\| `status-200#\d+` \| Sample \| valid \| ✗ ✗ ✗ \| FAILED \|/);
    expect(r.stdout).toContain('Night: NON-CONFORMANT');
    expect(r.stdout).toMatch(/Compared with the previous night: \d+ newly failing \([^)]*status-200/);
    expect(r.stderr).toContain('nightly: re-run 3 of 3: Sample, Https (seed 7, 2 runs)');
  });
});
