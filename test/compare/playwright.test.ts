// compare from a HAR written by a tool nobody here wrote (Playwright's recordHar in Debian's Chromium, with a bearer
// token, cookies of the page and a password in clear): replayed by the built CLI against another reference target
// (another project and stream instance, fresh names), the same answers; against a fault, the field that differs.
// Needs /usr/bin/chromium; skipped, saying so, where it is absent.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../reference/faults';
import { startTarget, type RunningTarget } from '../../reference/server';
import { CHROMIUM, HAVE_CHROMIUM, PAGE_PASSWORD, recordWithPlaywright } from '../traffic/playwright-har';

if (!HAVE_CHROMIUM) console.warn(`test/compare/playwright.test.ts skipped: ${CHROMIUM} is absent (Debian: apt-get install -y chromium)`);

const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;

describe.skipIf(!HAVE_CHROMIUM)('compare of a Playwright recordHar recording', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-compare-'));
  let recorded: RunningTarget;
  let harPath = '';
  beforeAll(async () => {
    recorded = await startTarget();
    const r = await recordWithPlaywright(recorded.info, dir);
    expect(r.statuses).toEqual([200, 200, 409, 200, 400, 202, 404]);
    harPath = r.harPath;
  }, 120_000);
  afterAll(async () => {
    await recorded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function compare(faults: FaultName[]): Promise<{ code: number | null; stderr: string; reports: string }> {
    const other = await startTarget({ faults, config: { groups: [{ id: 'fedcba9876543210fedcba98', tenants: ['other-instance'] }] } });
    const out = join(dir, `out-${faults.join('-') || 'none'}`);
    try {
      const i = other.info;
      const r = await new Promise<{ code: number | null; stderr: string }>((ok) => {
        const child = spawn(process.execPath, [BIN, 'compare', harPath, '--target', i.url, '--group-id', i.groupId, '--tenant', i.tenant, '--auth', i.auth, '--timeout', '2000', '--settle', '2', '--report-dir', out]);
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => ok({ code, stderr }));
      });
      const reports = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
      return { ...r, reports };
    } finally {
      await other.close();
    }
  }

  it('the same answers from another instance with fresh names: exit 0; no recorded secret anywhere', async () => {
    const r = await compare([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Compared 7 of 7 exchange\(s\): 7 the same, 0 different/);
    for (const text of [r.stderr, r.reports]) {
      expect(text).not.toContain(recorded.info.bearer);
      expect(text).not.toContain(PAGE_PASSWORD);
    }
  }, 60_000);

  it('against a target that drops `config`: exit 1, naming the field and the rule', async () => {
    const r = await compare(['drop-config']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/FAILURE #1 POST .*: body \$\.config: recorded \{"retries":"3"\}, replayed \(absent\)/);
    expect(r.stderr).toContain('echo-fields fails on the replayed answer');
  }, 60_000);
});
