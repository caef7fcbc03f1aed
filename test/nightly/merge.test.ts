import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../reports';
import { renderCertificateJson } from '../../reports/certificate-json';
import { mergeCertificates, MergeError } from '../../nightly/merge';
import { CI_GROUPS, splitTypes } from '../../nightly/groups';
import { CONNECTION_TYPES } from '../../contracts/types';
import { makeCert, rule } from './fixtures';

describe('splitTypes', () => {
  it('cuts the types into contiguous groups within one of each other in size, in catalogue order', () => {
    expect(splitTypes(CONNECTION_TYPES, 3).map((g) => g.length)).toEqual([4, 3, 3]);
    expect(splitTypes(CONNECTION_TYPES, 3).flat()).toEqual([...CONNECTION_TYPES]);
    expect(splitTypes(['Sample', 'Https'], 5)).toEqual([['Sample'], ['Https']]);
    expect(splitTypes(['Sample', 'Https', 'Kafka'], 1)).toEqual([['Sample', 'Https', 'Kafka']]);
    expect(CI_GROUPS).toEqual(splitTypes(CONNECTION_TYPES, 3));
  });

  it('refuses a group count below one', () => {
    expect(() => splitTypes(CONNECTION_TYPES, 0)).toThrow(/at least 1/);
    expect(() => splitTypes(CONNECTION_TYPES, 1.5)).toThrow(/whole number/);
  });
});

describe('mergeCertificates', () => {
  const a = makeCert({
    types: ['Sample', 'Cluster'],
    rules: {
      'status-200': { status: 'failed', failures: [{ type: 'Sample', message: 'got 201' }, { type: 'Cluster', message: 'got 201 too' }], cases: 4 },
      'no-secret-leak': { status: 'not-assessed', note: 'no Kafka in this group' },
      'rate-limit': { status: 'not-assessed', note: 'no 429' },
      'echo-fields': { status: 'failed', failures: [{ type: 'Cluster' }] },
    },
    counts: { Sample: { valid: 3, 'wrong-type': 2 }, none: { 'no-credentials': 1 } },
    startedAt: '2026-01-01T02:00:05.000Z',
    endedAt: '2026-01-01T02:03:00.000Z',
    exchanges: 120,
    incidents: ['circuit breaker opened'],
  });
  const b = makeCert({
    types: ['Kafka'],
    rules: {
      'status-200': { status: 'passed', cases: 3 },
      'no-secret-leak': { status: 'passed', cases: 7 },
      'rate-limit': { status: 'not-assessed', note: 'no 429' },
      'auth-missing': { status: 'failed', failures: [{ operator: 'no-credentials', message: 'got 200' }] },
    },
    counts: { Kafka: { valid: 5 }, Sample: { valid: 1 }, none: { 'no-credentials': 1 } },
    startedAt: '2026-01-01T02:00:00.000Z',
    endedAt: '2026-01-01T02:02:00.000Z',
    exchanges: 80,
  });

  it('fails a rule that failed anywhere, passes one that passed somewhere and failed nowhere, else not assessed', () => {
    const m = mergeCertificates([a, b]);
    expect(rule(m, 'status-200').status).toBe('failed');
    expect(rule(m, 'no-secret-leak').status).toBe('passed');
    expect(rule(m, 'rate-limit').status).toBe('not-assessed');
    expect(rule(m, 'auth-missing').status).toBe('failed');
    expect(rule(m, 'echo-fields').status).toBe('failed');
    expect(rule(m, 'pretty').status).toBe('passed');
    expect(m.rules.map((r) => r.id)).toEqual(a.rules.map((r) => r.id));
  });

  it('keeps the notes that explain the merged status only', () => {
    const m = mergeCertificates([a, b]);
    expect(rule(m, 'rate-limit').note).toBe('no 429');
    // Passed in b: a's "not assessed" reason no longer applies.
    expect(rule(m, 'no-secret-leak').note).toBeUndefined();
  });

  it('concatenates failures with ids renumbered, sums cases, unites types', () => {
    const extra = makeCert({ types: ['Https'], rules: { 'status-200': { status: 'failed', failures: [{ type: 'Https', message: 'got 202' }], cases: 2 } } });
    const m = mergeCertificates([a, b, extra]);
    const r = rule(m, 'status-200');
    expect(r.failures.map((f) => [f.id, f.type, f.message])).toEqual([
      ['status-200#1', 'Sample', 'got 201'],
      ['status-200#2', 'Cluster', 'got 201 too'],
      ['status-200#3', 'Https', 'got 202'],
    ]);
    expect(r.cases).toBe(4 + 3 + 2);
    expect(r.types).toEqual(['Sample', 'Cluster', 'Kafka', 'Https']);
    expect(m.types).toEqual(['Sample', 'Cluster', 'Kafka', 'Https']);
  });

  it('sums counts per type and operator and the exchanges; spans the earliest start to the latest end', () => {
    const m = mergeCertificates([a, b]);
    expect(m.counts).toEqual({ Sample: { valid: 4, 'wrong-type': 2 }, Kafka: { valid: 5 }, none: { 'no-credentials': 2 } });
    expect(m.exchanges).toBe(200);
    expect(m.startedAt).toBe('2026-01-01T02:00:00.000Z');
    expect(m.endedAt).toBe('2026-01-01T02:03:00.000Z');
  });

  it('recomputes the summary and the verdict from the merged rules', () => {
    const m = mergeCertificates([a, b]);
    const must = m.rules.filter((r) => r.level === 'MUST');
    expect(m.summary.must.failed).toBe(must.filter((r) => r.status === 'failed').length);
    expect(m.summary.must.failed).toBe(2);
    expect(m.summary.should.failed).toBe(1);
    expect(m.verdict).toBe('non-conformant');
    // A SHOULD failure alone leaves the merged verdict conformant.
    const shouldOnly = mergeCertificates([makeCert({ types: ['Sample'], rules: { pretty: { status: 'failed' } } }), makeCert({ types: ['Kafka'] })]);
    expect(shouldOnly.verdict).toBe('conformant');
    expect(shouldOnly.summary.should.failed).toBe(1);
  });

  it('joins the incidents, saying which shard each came from', () => {
    const m = mergeCertificates([a, b], { names: ['group-1', 'group-2'] });
    expect(m.incidents).toEqual(['group-1 (Sample, Cluster): circuit breaker opened']);
  });

  it('keeps how an https target was checked: unverified if any shard did not verify it', () => {
    const tls = (verified: boolean, privateCa: boolean) => ({ target: 'https://t.example', tls: { verified, privateCa } });
    expect(mergeCertificates([{ ...a, ...tls(true, true) }, { ...b, ...tls(true, false) }]).tls).toEqual({ verified: true, privateCa: true });
    expect(mergeCertificates([{ ...a, ...tls(true, false) }, { ...b, ...tls(false, false) }]).tls).toEqual({ verified: false, privateCa: false });
    expect(mergeCertificates([a, b]).tls).toBeUndefined();
  });

  it('writes a certificate that reads back', () => {
    const m = mergeCertificates([a, b]);
    expect(parseCertificate(renderCertificateJson(m))).toEqual(m);
  });

  it('of one certificate gives the same results', () => {
    const m = mergeCertificates([a]);
    expect(m.rules).toEqual(a.rules);
    expect(m.verdict).toBe(a.verdict);
    expect(m.summary).toEqual(a.summary);
    expect(m.incidents).toEqual(a.incidents);
  });

  it('names the merged target by the label given, else the shards\' common target', () => {
    const other = makeCert({ types: ['Kafka'], target: 'http://127.0.0.1:5000' });
    expect(() => mergeCertificates([a, other])).toThrow(/different targets .*--target-label/);
    expect(mergeCertificates([a, other], { target: 'bundled reference target' }).target).toBe('bundled reference target');
    expect(mergeCertificates([a, b]).target).toBe(a.target);
  });

  it('refuses shards that are not of one run: other seed, runs, suite or contract', () => {
    const names = { names: ['g1', 'g2'] };
    expect(() => mergeCertificates([a, makeCert({ types: ['Kafka'], seed: 7 })], names)).toThrow(MergeError);
    expect(() => mergeCertificates([a, makeCert({ types: ['Kafka'], seed: 7 })], names)).toThrow('g2 has seed 7, g1 has 42');
    expect(() => mergeCertificates([a, makeCert({ types: ['Kafka'], runs: 9 })])).toThrow(/runs/);
    expect(() => mergeCertificates([a, makeCert({ types: ['Kafka'], suiteVersion: '0.2.0' })])).toThrow(/suiteVersion/);
    expect(() => mergeCertificates([a, makeCert({ types: ['Kafka'], contractSha256: 'b'.repeat(64) })])).toThrow(/contractSha256/);
  });

  it('refuses shards that certified the same type twice, and an empty list', () => {
    expect(() => mergeCertificates([a, makeCert({ types: ['Cluster', 'Kafka'] })], { names: ['g1', 'g2'] })).toThrow('type Cluster was certified by both g1 and g2');
    expect(() => mergeCertificates([])).toThrow(/nothing to merge/);
  });
});

describe('merge-cli', () => {
  it('merges certificate files into the four reports, exit 1 for a failed MUST rule, 2 for unreadable input', async () => {
    const { mkdtempSync, writeFileSync, readdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../../nightly/merge-cli');
    const dir = mkdtempSync(join(tmpdir(), 'sc-merge-cli-'));
    const one = makeCert({ types: ['Sample'], target: 'http://127.0.0.1:1', rules: { 'no-5xx': { status: 'failed', failures: [{ type: 'Sample' }] } } });
    const two = makeCert({ types: ['Kafka'], target: 'http://127.0.0.1:2' });
    writeFileSync(join(dir, 'a.json'), renderCertificateJson(one));
    writeFileSync(join(dir, 'b.json'), renderCertificateJson(two));
    const quiet = { stdout: process.stdout.write, stderr: process.stderr.write };
    process.stdout.write = process.stderr.write = (() => true) as typeof process.stdout.write;
    let codes: number[];
    try {
      codes = [
        await main(['--out', join(dir, 'out'), '--target-label', 'ref', join(dir, 'a.json'), join(dir, 'b.json')], {}),
        await main(['--out', join(dir, 'out2'), join(dir, 'a.json'), join(dir, 'b.json')], {}),
        await main(['--out', join(dir, 'out3'), join(dir, 'missing.json')], {}),
        await main([join(dir, 'a.json')], {}),
      ];
    } finally {
      process.stdout.write = quiet.stdout;
      process.stderr.write = quiet.stderr;
    }
    expect(codes).toEqual([1, 2, 2, 2]);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
    const merged = parseCertificate(readFileSync(join(dir, 'out', 'certificate.json'), 'utf8'));
    expect(merged).toMatchObject({ target: 'ref', types: ['Sample', 'Kafka'], verdict: 'non-conformant' });
  });
});
