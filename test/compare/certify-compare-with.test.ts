// certify --compare-with: the run against the first target, its traffic replayed against a second live target (its
// own project and stream instance), through the built CLI. The same target twice: exit as certify's verdict, no
// divergence; a second target with a fault: exit 1 naming the divergence; an unreachable second target: exit 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../reference/faults';
import { startTarget, type RunningTarget } from '../../reference/server';

const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'compare-with-'));
let first: RunningTarget;
beforeAll(async () => {
  first = await startTarget();
});
afterAll(async () => {
  await first?.close();
  rmSync(dir, { recursive: true, force: true });
});

function certify(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const i = first.info;
  const base = ['--target', i.url, '--group-id', i.groupId, '--tenant', i.tenant, '--auth', i.auth, '--suites', 'path,protocol,conflict', '--types', 'Kafka', '--runs', '1', '--seed', '3', '--timeout', '2000', '--settle', '2', '--quiet'];
  return new Promise((ok) => {
    const child = spawn(process.execPath, [BIN, 'certify', ...base, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => ok({ code, stderr }));
  });
}

async function withSecond(faults: FaultName[], out: string): Promise<{ code: number | null; stderr: string; summary: string }> {
  const second = await startTarget({ faults, config: { groups: [{ id: 'fedcba9876543210fedcba98', tenants: ['other-instance'] }] } });
  try {
    const s = second.info;
    const r = await certify(['--report-dir', out, '--compare-with', s.url, '--compare-group-id', s.groupId, '--compare-tenant', s.tenant, '--compare-auth', s.auth]);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(r.stderr + summary).not.toContain(s.auth.split(':')[2]!);
    return { ...r, summary };
  } finally {
    await second.close();
  }
}

describe('certify --compare-with', () => {
  it('a second target that answers alike: exit 0, no divergence, the table in the reports', async () => {
    const r = await withSecond([], join(dir, 'same'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Compared (\d+) of \1 exchange\(s\): \1 the same, 0 different/);
    expect(r.summary).toContain('Divergences from the recording');
  }, 60_000);

  it('a second target with a fault: exit 1, the divergence and the rule named', async () => {
    const r = await withSecond(['status-201'], join(dir, 'fault'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/FAILURE .*status: recorded 200, replayed 201/);
    expect(r.stderr).toContain('status-200 fails on the replayed answer');
    expect(r.stderr).toMatch(/Verdict: CONFORMANT/); // the first target's own verdict stands
    expect(r.summary).toContain('status\\-200 fails on the replayed answer');
  }, 60_000);

  it('an unreachable second target: exit 2 before the run, saying so', async () => {
    const r = await certify(['--report-dir', join(dir, 'none'), '--compare-with', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--compare-with: target unreachable at http:\/\/127\.0\.0\.1:9/);
  }, 60_000);
});
