// A HAR written by a tool nobody here wrote: Playwright's recordHar, in Debian's Chromium, of a page that fetch()es
// the reference target (through a pass-through on the page's own origin, as a same-origin app calls its API). The
// recording holds unrelated traffic (the page itself), a bearer token and a write-only password in clear; judge
// finds the operation's exchanges, pairs them and passes the conforming target, with no secret in a report.
// Needs /usr/bin/chromium (Debian: `apt-get install -y chromium`); skipped, saying so, where it is absent.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../reference/server';
import { readHar } from '../../traffic/har-read';
import { judgeRecording } from '../../traffic/judge';
import { writeReports } from '../../reports';
import { CHROMIUM, HAVE_CHROMIUM, PAGE_PASSWORD, recordWithPlaywright } from './playwright-har';

if (!HAVE_CHROMIUM) console.warn(`test/traffic/playwright.test.ts skipped: ${CHROMIUM} is absent (Debian: apt-get install -y chromium)`);

describe.skipIf(!HAVE_CHROMIUM)('judge of a Playwright recordHar recording', () => {
  let target: RunningTarget;
  const dir = mkdtempSync(join(tmpdir(), 'pw-har-'));
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds, pairs and passes the operation; no recorded secret in a report', async () => {
    const { har: text, statuses } = await recordWithPlaywright(target.info, dir);
    expect(statuses).toEqual([200, 200, 409, 200, 400, 202, 404]);
    expect(JSON.parse(text).log.creator.name).toMatch(/Playwright/i);
    expect(text).toContain(target.info.bearer); // the tool recorded it in clear
    const recording = readHar(text, 'playwright.har');
    const outcome = judgeRecording(recording, { files: ['playwright.har'] });
    expect(outcome.unrelated).toBeGreaterThan(0); // the page itself
    expect(outcome.operations).toBe(7);
    const c = outcome.certificate;
    const status = (id: string) => c.rules.find((r) => r.id === id)!.status;
    expect(c.verdict, JSON.stringify(c.rules.filter((r) => r.status === 'failed'))).toBe('conformant');
    for (const id of ['status-200', 'response-schema', 'echo-fields', 'no-secret-leak', 'read-back', 'duplicate-409', 'reject-invalid', 'cleanup', 'error-codes']) expect(status(id), id).toBe('passed');
    const reports = join(dir, 'reports');
    await writeReports(reports, c, { secrets: outcome.secrets });
    for (const f of readdirSync(reports)) {
      const r = readFileSync(join(reports, f), 'utf8');
      expect(r, f).not.toContain(target.info.bearer);
      expect(r, f).not.toContain(PAGE_PASSWORD);
    }
  }, 120_000);
});
