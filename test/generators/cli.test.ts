// The generate command as a user runs it: a child process writing NDJSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { CONNECTION_TYPES, DEFAULT_FIXTURES } from '../../contracts/types';
import { createGenContext, enumerateInvalid, type InvalidCase, labelHolds, validHolds } from '../../generators';

const BIN = fileURLToPath(new URL('../../bin/stream-conformance.mjs', import.meta.url));
const contract = loadContract();

function generate(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'generate', ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  let parsed: Record<string, unknown>[] | undefined;
  // Parsed on first use: --help prints text, not NDJSON.
  const records = () => (parsed ??= lines.map((l) => JSON.parse(l) as Record<string, unknown>));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, get records() { return records(); } };
}

describe('stream-conformance generate', () => {
  it('--valid writes {type, body} lines, the deterministic phase then --count random bodies', () => {
    const r = generate('--type', 'Https', '--valid', '--count', '25', '--seed', '7');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.records.length).toBeGreaterThan(25);
    for (const rec of r.records) {
      expect(Object.keys(rec).sort()).toEqual(['body', 'type']);
      expect(rec.type).toBe('Https');
      expect(validHolds(rec.body, contract, DEFAULT_FIXTURES)).toBe(true);
    }
    const only = generate('--type', 'Https', '--valid', '--count', '25', '--seed', '7', '--no-matrix');
    expect(only.records).toHaveLength(25);
  });

  it('--invalid writes the matrix first, then random labelled cases; same seed, same bytes', () => {
    const a = generate('--type', 'SchemaRegistry', '--invalid', '--count', '40', '--seed', '11', '--run-prefix', 'clitest');
    expect(a.status).toBe(0);
    const matrix = enumerateInvalid('SchemaRegistry', createGenContext({ runPrefix: 'clitest' }), 11);
    expect(a.records.slice(0, matrix.length)).toEqual(JSON.parse(JSON.stringify(matrix)));
    expect(a.records).toHaveLength(matrix.length + 40);
    for (const rec of a.records) {
      const keys = Object.keys(rec).sort();
      expect(keys).toEqual(['level', 'operator', 'path', 'rule', 'type', 'raw' in rec ? 'raw' : 'body'].sort());
      expect(labelHolds(rec as unknown as InvalidCase, contract, DEFAULT_FIXTURES), JSON.stringify(rec).slice(0, 300)).toBe(true);
    }
    expect(a.records.some((rec) => 'raw' in rec)).toBe(true);
    const b = generate('--type', 'SchemaRegistry', '--invalid', '--count', '40', '--seed', '11', '--run-prefix', 'clitest');
    expect(b.stdout).toBe(a.stdout);
    const c = generate('--type', 'SchemaRegistry', '--invalid', '--count', '40', '--seed', '12', '--run-prefix', 'clitest');
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('--type all covers every type; --fixtures supplies sample sources and clusters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-gen-'));
    const file = join(dir, 'fixtures.json');
    writeFileSync(file, JSON.stringify({ sampleSources: ['sample_weather'], clusterNames: ['Prod'] }));
    const r = generate('--type', 'all', '--valid', '--count', '3', '--seed', '1', '--fixtures', file);
    expect(r.status).toBe(0);
    expect(new Set(r.records.map((x) => x.type))).toEqual(new Set(CONNECTION_TYPES));
    for (const rec of r.records.filter((x) => x.type === 'Sample')) expect((rec.body as { name: string }).name).toBe('sample_weather');
    for (const rec of r.records.filter((x) => x.type === 'Cluster')) expect((rec.body as { clusterName: string }).clusterName).toBe('Prod');
  });

  it('bad flags: one clear stderr line, exit 2, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-gen-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"sampleSources": "nope"}');
    const cases: [string[], RegExp][] = [
      [['--type', 'Kafka'], /exactly one of --valid and --invalid/],
      [['--type', 'Kafka', '--valid', '--invalid'], /exactly one of --valid and --invalid/],
      [['--valid'], /--type is required/],
      [['--type', 'kafka', '--valid'], /unknown --type "kafka"/],
      [['--type', 'Kafka', '--valid', '--count=-1'], /--count must be between/],
      [['--type', 'Kafka', '--valid', '--seed', '99999999999'], /--seed must be between/],
      [['--type', 'Kafka', '--valid', '--count', 'ten'], /--count must be a whole number/],
      [['--type', 'Kafka', '--valid', '--seed', '1.5'], /--seed must be a whole number/],
      [['--type', 'Kafka', '--valid', '--frobnicate'], /frobnicate/],
      [['--type', 'Kafka', '--valid', '--fixtures', join(dir, 'missing.json')], /cannot read --fixtures/],
      [['--type', 'Kafka', '--valid', '--fixtures', bad], /bad --fixtures .*sampleSources/],
    ];
    for (const [args, message] of cases) {
      const r = generate(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('--help prints usage and exits 0', () => {
    const r = generate('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--type T/);
  });
});
