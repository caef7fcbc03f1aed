// The pipeline's wiring with a stand-in certify: groups, merge, re-runs, reports, comparison, summary, exit codes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import { parseCertificate } from '../../reports';
import { renderCertificateJson } from '../../reports/certificate-json';
import { parsePipelineArgs } from '../../nightly/args';
import type { CertifyCli, CertifyRequest } from '../../nightly/certify-cli';
import { loadShards, makeRunDir, runPipeline } from '../../nightly/pipeline';
import { compareWithPrevious, findPreviousCertificate, loadPrevious } from '../../nightly/previous';
import { makeCert, rule } from './fixtures';

const SECRET = 'Zq81-private-key-of-the-night';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'sc-nightly-'));
}

/** A stand-in certify: `fails(request)` lists the rules that fail (for the request's types); null: no run. */
function fakeCertify(fails: (req: CertifyRequest, call: number) => Partial<Record<RuleId, ConnectionType[]>> | null): CertifyCli & { calls: CertifyRequest[] } {
  const calls: CertifyRequest[] = [];
  const fn = async (req: CertifyRequest) => {
    calls.push(req);
    const plan = fails(req, calls.length);
    if (plan === null) return { kind: 'no-run' as const, exitCode: 2, reason: 'the bundled reference target did not start' };
    const rules = Object.fromEntries(
      Object.entries(plan).map(([id, types]) => [id, { status: 'failed' as const, failures: types!.map((type) => ({ type, message: `${id} failed for ${type}` })) }]),
    );
    const certificate = makeCert({ types: req.types, seed: req.seed, runs: req.runs ?? 5, rules, target: `http://127.0.0.1:${4000 + calls.length}` });
    return { kind: 'certificate' as const, exitCode: certificate.verdict === 'conformant' ? 0 : 1, certificate };
  };
  return Object.assign(fn, { calls });
}

function run(argv: string[], certify: CertifyCli, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const log: string[] = [];
  return runPipeline(parsePipelineArgs(argv, env), { certify, print: (t) => out.push(t), log: (l) => log.push(l) }).then((r) => ({ ...r, out: out.join('\n'), log: log.join('\n') }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('runPipeline', () => {
  it('certifies group by group, merges, classes the failures and writes the night', async () => {
    const dir = join(tmp(), 'nightly-run');
    // status-200 fails for Https tonight and in every re-run; pretty fails for Sample tonight only.
    const certify = fakeCertify((req, call) => {
      const plan: Partial<Record<RuleId, ConnectionType[]>> = {};
      if (req.types.includes('Https')) plan['status-200'] = ['Https'];
      if (call <= 2 && req.types.includes('Sample')) plan.pretty = ['Sample'];
      return plan;
    });
    const r = await run(['--types', 'Sample,Kafka,Https', '--groups', '2', '--seed', '77', '--runs', '3', '--out', dir], certify);
    expect(r.exitCode).toBe(1);
    expect(certify.calls.map((c) => [c.types, c.seed, c.runs, c.reportDir])).toEqual([
      [['Sample', 'Kafka'], 77, 3, join(dir, 'group-1')],
      [['Https'], 77, 3, join(dir, 'group-2')],
      [['Sample', 'Https'], 77, 3, join(dir, 'reruns', 'attempt-1')],
      [['Sample', 'Https'], 77, 3, join(dir, 'reruns', 'attempt-2')],
      [['Sample', 'Https'], 77, 3, join(dir, 'reruns', 'attempt-3')],
    ]);
    const merged = parseCertificate(readFileSync(join(dir, 'merged', 'certificate.json'), 'utf8'));
    expect(merged.types).toEqual(['Sample', 'Kafka', 'Https']);
    expect(merged.target).toBe('bundled reference target');
    expect(rule(merged, 'status-200').failures.map((f) => f.classification)).toEqual(['FAILED']);
    expect(rule(merged, 'pretty').failures.map((f) => f.classification)).toEqual(['FIXED']);
    for (const f of ['junit.xml', 'report.html', 'summary.md']) expect(readFileSync(join(dir, 'merged', f), 'utf8')).toMatch(/FAILED/);
    const flakes = JSON.parse(readFileSync(join(dir, 'flakes.json'), 'utf8'));
    expect(flakes.failures.map((f: { id: string; classification: string }) => [f.id, f.classification])).toEqual([
      ['status-200#1', 'FAILED'],
      ['pretty#1', 'FIXED'],
    ]);
    const night = readFileSync(join(dir, 'night.md'), 'utf8');
    expect(night).toContain('Non-conformant');
    expect(night).toContain('**1 FAILED, 0 FLAKY, 1 FIXED**');
    expect(night).toContain('No previous certificate');
    expect(r.out).toContain('Night: NON-CONFORMANT');
    expect(r.out).toContain('status-200 (1 failure; re-runs: 1 FAILED)');
    expect(r.log).toContain('group-2 of 2: Https');
  });

  it('exits 0 on a conformant night and re-runs nothing', async () => {
    const certify = fakeCertify(() => ({}));
    const r = await run(['--types', 'Sample,Kafka', '--groups', '2', '--out', join(tmp(), 'n')], certify);
    expect(r.exitCode).toBe(0);
    expect(certify.calls).toHaveLength(2);
    expect(readFileSync(join(r.runDir!, 'night.md'), 'utf8')).toContain('Nothing failed: nothing to re-run.');
  });

  it('skips the re-runs with --attempts 0', async () => {
    const certify = fakeCertify(() => ({ 'status-200': ['Sample'] }));
    const r = await run(['--types', 'Sample', '--groups', '1', '--attempts', '0', '--out', join(tmp(), 'n')], certify);
    expect(r.exitCode).toBe(1);
    expect(certify.calls).toHaveLength(1);
    expect(rule(r.merged!, 'status-200').failures[0]!.classification).toBeUndefined();
  });

  it('compares with the previous certificate given: newly failing and newly passing rules', async () => {
    const root = tmp();
    const previous = makeCert({ types: ['Sample'], rules: { 'echo-fields': { status: 'failed' } } });
    writeFileSync(join(root, 'prev.json'), renderCertificateJson(previous));
    const summaryFile = join(root, 'step-summary.md');
    writeFileSync(summaryFile, 'earlier step\n');
    const r = await run(['--types', 'Sample', '--groups', '1', '--previous', join(root, 'prev.json'), '--summary', summaryFile, '--out', join(root, 'n')], fakeCertify(() => ({ 'status-200': ['Sample'] })));
    const comparison = readFileSync(join(r.runDir!, 'comparison.md'), 'utf8');
    expect(comparison).toMatch(/### Newly failing \(1\)\n\n- MUST `status-200` \(passed → failed\)/);
    expect(comparison).toMatch(/### Newly passing \(1\)\n\n- SHOULD `echo-fields` \(failed → passed\)/);
    expect(r.out).toContain('1 newly failing (status-200), 1 newly passing (echo-fields)');
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('earlier step\n# Nightly certification')).toBe(true);
    expect(summary).toContain('### Newly failing (1)');
  });

  it('finds the previous night itself: the newest earlier run folder with a merged certificate', async () => {
    const root = tmp();
    const certify = fakeCertify(() => ({}));
    const first = await run(['--types', 'Sample', '--groups', '1', '--attempts', '0', '--out', join(root, 'nightly-2026-01-01T02-00-00-000Z')], certify);
    mkdirSync(join(root, 'nightly-2026-01-01T03-00-00-000Z')); // a night that never got merged
    const second = await run(['--types', 'Sample', '--groups', '1', '--out', join(root, 'nightly-2026-01-02T02-00-00-000Z')], fakeCertify(() => ({ 'no-5xx': ['Sample'] })));
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(1);
    const comparison = readFileSync(join(second.runDir!, 'comparison.md'), 'utf8');
    expect(comparison).toContain(join(root, 'nightly-2026-01-01T02-00-00-000Z', 'merged', 'certificate.json'));
    expect(comparison).toContain('### Newly failing (1)');
  });

  it('says when the previous certificate cannot be read, and still makes the night', async () => {
    const root = tmp();
    writeFileSync(join(root, 'prev.json'), '{"not": "a certificate"}');
    const r = await run(['--types', 'Sample', '--groups', '1', '--previous', join(root, 'prev.json'), '--out', join(root, 'n')], fakeCertify(() => ({})));
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(r.runDir!, 'comparison.md'), 'utf8')).toMatch(/could not be read: .*not a certificate/);
  });

  it('exits 2 and says which group is missing when a group could not be certified', async () => {
    const certify = fakeCertify((req) => (req.types.includes('Kafka') ? null : {}));
    const r = await run(['--types', 'Sample,Kafka', '--groups', '2', '--out', join(tmp(), 'n')], certify);
    expect(r.exitCode).toBe(2);
    expect(r.merged!.types).toEqual(['Sample']);
    expect(r.merged!.incidents).toEqual(['group-2 (Kafka) could not be certified: the bundled reference target did not start']);
    expect(r.log).toContain('incomplete night: group-2 could not be certified (exit 2)');
  });

  it('exits 2 without reports when no group could be certified, and says so in the summary file', async () => {
    const root = tmp();
    const summaryFile = join(root, 's.md');
    const r = await run(['--types', 'Sample', '--groups', '1', '--summary', summaryFile, '--out', join(root, 'n')], fakeCertify(() => null));
    expect(r.exitCode).toBe(2);
    expect(readdirSync(r.runDir!)).toEqual([]);
    expect(readFileSync(summaryFile, 'utf8')).toContain('The night could not be made: group-1: the bundled reference target did not start');
  });

  it('merges the certificates of CI\'s matrix jobs with --shards, and re-runs their failures', async () => {
    const root = tmp();
    const shards = join(root, 'shards');
    const g1 = makeCert({ types: ['Sample'], seed: 5, runs: 2, target: 'http://127.0.0.1:4101', rules: { 'status-200': { status: 'failed', failures: [{ type: 'Sample' }] } } });
    const g2 = makeCert({ types: ['Kafka'], seed: 5, runs: 2, target: 'http://127.0.0.1:4102' });
    for (const [name, c] of [['nightly-reference-group-1', g1], ['nightly-reference-group-2', g2]] as const) {
      mkdirSync(join(shards, name), { recursive: true });
      writeFileSync(join(shards, name, 'certificate.json'), renderCertificateJson(c));
    }
    expect(loadShards(shards).map((s) => [s.name, s.types])).toEqual([
      ['nightly-reference-group-1', ['Sample']],
      ['nightly-reference-group-2', ['Kafka']],
    ]);
    const certify = fakeCertify(() => ({ 'status-200': ['Sample'] }));
    const r = await run(['--shards', shards, '--types', 'Sample,Kafka', '--target-label', 'bundled reference target', '--out', join(root, 'night')], certify);
    expect(r.exitCode).toBe(1);
    expect(certify.calls.map((c) => [c.types, c.seed, c.runs])).toEqual([1, 2, 3].map(() => [['Sample'], 5, 2]));
    expect(r.merged!.types).toEqual(['Sample', 'Kafka']);
    expect(rule(r.merged!, 'status-200').failures[0]!.classification).toBe('FAILED');
  });

  it('exits 2 when a type expected has no shard certificate (a matrix job uploaded nothing)', async () => {
    const root = tmp();
    mkdirSync(join(root, 'shards', 'g1'), { recursive: true });
    writeFileSync(join(root, 'shards', 'g1', 'certificate.json'), renderCertificateJson(makeCert({ types: ['Sample'] })));
    const r = await run(['--shards', join(root, 'shards'), '--types', 'Sample,Kafka,Https', '--attempts', '0', '--out', join(root, 'n')], fakeCertify(() => ({})));
    expect(r.exitCode).toBe(2);
    expect(r.merged!.verdict).toBe('conformant');
    expect(r.merged!.incidents).toEqual([`missing (Kafka, Https) could not be certified: no certificate for these types under ${join(root, 'shards')}`]);
    expect(readFileSync(join(r.runDir!, 'night.md'), 'utf8')).toContain('missing (Kafka, Https): not made');
  });

  it('exits 2 when the shards cannot be merged', async () => {
    const root = tmp();
    for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
      mkdirSync(join(root, 'shards', name), { recursive: true });
      writeFileSync(join(root, 'shards', name, 'certificate.json'), renderCertificateJson(makeCert({ types: name === 'a' ? ['Sample'] : ['Kafka'], seed })));
    }
    const r = await run(['--shards', join(root, 'shards'), '--types', 'Sample,Kafka', '--out', join(root, 'n')], fakeCertify(() => ({})));
    expect(r.exitCode).toBe(2);
    expect(r.log).toContain('cannot merge: b has seed 2, a has 1');
  });

  it('never writes or prints a credential it was given, even one a certificate carried', async () => {
    const certify: CertifyCli = async (req) => {
      const certificate = makeCert({ types: req.types, seed: req.seed, rules: { 'no-secret-leak': { status: 'failed', failures: [{ type: req.types[0], message: `response echoed ${SECRET}` }] } } });
      return { kind: 'certificate', exitCode: 1, certificate };
    };
    const root = tmp();
    const summaryFile = join(root, 's.md');
    const r = await run(['--types', 'Kafka', '--groups', '1', '--summary', summaryFile, '--out', join(root, 'n')], certify, { CONFORMANCE_AUTH: `digest:pub:${SECRET}` });
    expect(r.exitCode).toBe(1);
    const written = [...filesUnder(r.runDir!), summaryFile].map((f) => readFileSync(f, 'utf8'));
    expect(written.length).toBeGreaterThan(5);
    for (const text of [...written, r.out, r.log]) expect(text).not.toContain(SECRET);
    expect(readFileSync(join(r.runDir!, 'merged', 'certificate.json'), 'utf8')).toContain('${CONFORMANCE_PRIVATE_KEY}');
  });
});

describe('previous night lookup', () => {
  it('picks the newest earlier night with a merged certificate, never tonight or a later one', () => {
    const root = tmp();
    const night = (name: string, merged: boolean) => {
      mkdirSync(join(root, name, 'merged'), { recursive: true });
      if (merged) writeFileSync(join(root, name, 'merged', 'certificate.json'), '{}');
    };
    night('nightly-2026-01-01T02-00-00-000Z', true);
    night('nightly-2026-01-02T02-00-00-000Z', true);
    night('nightly-2026-01-03T02-00-00-000Z', false);
    night('nightly-2026-01-05T02-00-00-000Z', true);
    night('something-else', true);
    expect(findPreviousCertificate(root, join(root, 'nightly-2026-01-04T02-00-00-000Z'))).toBe(join(root, 'nightly-2026-01-02T02-00-00-000Z', 'merged', 'certificate.json'));
    expect(findPreviousCertificate(root, join(root, 'nightly-2026-01-01T02-00-00-000Z'))).toBeUndefined();
    // A run folder with a name of its own comes after every night there.
    expect(findPreviousCertificate(root, join(root, 'my-run'))).toBe(join(root, 'nightly-2026-01-05T02-00-00-000Z', 'merged', 'certificate.json'));
    expect(findPreviousCertificate(join(root, 'absent'), 'x')).toBeUndefined();
  });

  it('names run folders nightly-<time>, with a suffix when one exists', () => {
    const root = tmp();
    const now = new Date('2026-03-04T05:06:07.089Z');
    expect(makeRunDir(root, now)).toBe(join(root, 'nightly-2026-03-04T05-06-07-089Z'));
    expect(makeRunDir(root, now)).toBe(join(root, 'nightly-2026-03-04T05-06-07-089Z-1'));
  });

  it('notes a missing previous certificate instead of failing', () => {
    const cur = makeCert({ types: ['Sample'] });
    expect(compareWithPrevious(loadPrevious(undefined), cur).markdown).toContain('No previous certificate given');
    const missing = loadPrevious(join(tmp(), 'nope.json'));
    expect(missing).toMatchObject({ kind: 'unreadable', reason: 'no such file' });
    expect(compareWithPrevious(missing, cur).comparison).toBeUndefined();
  });
});
