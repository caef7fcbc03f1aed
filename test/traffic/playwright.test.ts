// A HAR written by a tool nobody here wrote: Playwright's recordHar, in Debian's Chromium, of a page that fetch()es
// the reference target (through a pass-through on the page's own origin, as a same-origin app calls its API). The
// recording holds unrelated traffic (the page itself), a bearer token and a write-only password in clear; judge
// finds the operation's exchanges, pairs them and passes the conforming target, with no secret in a report.
// Needs /usr/bin/chromium (Debian: `apt-get install -y chromium`); skipped, saying so, where it is absent.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../reference/server';
import { readHar } from '../../traffic/har-read';
import { judgeRecording } from '../../traffic/judge';
import { writeReports } from '../../reports';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
// CI installs it (.ci/run) and requires the test: there a missing browser is a failure, not a skip.
if (!HAVE_CHROMIUM && process.env.CHROMIUM_TEST_REQUIRED === '1') throw new Error(`${CHROMIUM} is absent but CHROMIUM_TEST_REQUIRED=1`);
if (!HAVE_CHROMIUM) console.warn(`test/traffic/playwright.test.ts skipped: ${CHROMIUM} is absent (Debian: apt-get install -y chromium)`);

const PAGE = (groupId: string, tenant: string, token: string) => `<!doctype html><title>recorded</title><script>
const base = '/api/atlas/v2/groups/${groupId}/streams/${tenant}/connections';
const h = { accept: 'application/vnd.atlas.2023-02-01+json', 'content-type': 'application/vnd.atlas.2023-02-01+json', authorization: 'Bearer ${token}' };
const body = { name: 'pw-kafka', type: 'Kafka', bootstrapServers: 'broker.example.org:9092',
  authentication: { mechanism: 'PLAIN', username: 'app', password: 'pw-secret-in-the-page-123' }, security: { protocol: 'SASL_SSL' }, config: { 'retries': '3' } };
window.steps = (async () => {
  const out = [];
  const go = async (url, init) => { const r = await fetch(url, init); out.push(r.status); await r.text(); };
  await go(base, { method: 'POST', headers: h, body: JSON.stringify(body) });
  await go(base + '/pw-kafka', { headers: h });
  await go(base, { method: 'POST', headers: h, body: JSON.stringify({ ...body, bootstrapServers: 'other.example.org:9092' }) });
  await go(base + '/pw-kafka', { headers: h });
  await go(base, { method: 'POST', headers: h, body: JSON.stringify({ name: 'pw-bad' }) });
  await go(base + '/pw-kafka', { method: 'DELETE', headers: h });
  await go(base + '/pw-kafka', { headers: h });
  return out;
})();
</script>`;

describe.skipIf(!HAVE_CHROMIUM)('judge of a Playwright recordHar recording', () => {
  let target: RunningTarget;
  let site: Server;
  let origin: string;
  const dir = mkdtempSync(join(tmpdir(), 'pw-har-'));
  beforeAll(async () => {
    target = await startTarget();
    const upstream = new URL(target.info.url);
    site = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(target.info.groupId, target.info.tenant, target.info.bearer));
        return;
      }
      // Everything else goes to the target as it came. (No request without credentials: a 401's challenge would
      // open the browser's credential dialog.)
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host'));
      const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (r) => {
        res.writeHead(r.statusCode!, r.statusMessage, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => site?.close(ok));
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds, pairs and passes the operation; no recorded secret in a report', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const harPath = join(dir, 'playwright.har');
    try {
      const context = await browser.newContext({ recordHar: { path: harPath } });
      const page = await context.newPage();
      await page.goto(origin);
      const statuses = await page.evaluate(() => (globalThis as unknown as { steps: Promise<number[]> }).steps);
      expect(statuses).toEqual([200, 200, 409, 200, 400, 202, 404]);
      await context.close(); // writes the HAR
    } finally {
      await browser.close();
    }
    const text = readFileSync(harPath, 'utf8');
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
      expect(r, f).not.toContain('pw-secret-in-the-page-123');
    }
  }, 120_000);
});
