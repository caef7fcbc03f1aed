// A HAR written by a tool nobody here wrote: Playwright's recordHar, in Debian's Chromium, of a page that fetch()es
// a target (through a pass-through on the page's own origin, as a same-origin app calls its API). The recording
// holds unrelated traffic (the page itself), a bearer token and a write-only password in clear. Used by judge's and
// compare's tests. Needs /usr/bin/chromium (Debian: `apt-get install -y chromium`).
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import type { ReadyInfo } from '../../reference/server';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
// CI installs it (.ci/run) and requires the tests: there a missing browser is a failure, not a skip.
if (!HAVE_CHROMIUM && process.env.CHROMIUM_TEST_REQUIRED === '1') throw new Error(`${CHROMIUM} is absent but CHROMIUM_TEST_REQUIRED=1`);

export const PAGE_PASSWORD = 'pw-secret-in-the-page-123';

const PAGE = (groupId: string, tenant: string, token: string) => `<!doctype html><title>recorded</title><script>
const base = '/api/atlas/v2/groups/${groupId}/streams/${tenant}/connections';
const h = { accept: 'application/vnd.atlas.2023-02-01+json', 'content-type': 'application/vnd.atlas.2023-02-01+json', authorization: 'Bearer ${token}' };
const body = { name: 'pw-kafka', type: 'Kafka', bootstrapServers: 'broker.example.org:9092',
  authentication: { mechanism: 'PLAIN', username: 'app', password: '${PAGE_PASSWORD}' }, security: { protocol: 'SASL_SSL' }, config: { 'retries': '3' } };
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

/** Records the page's steps against `target` with Playwright's recordHar into `dir`; the HAR's text and the
 *  statuses the page saw. */
export async function recordWithPlaywright(target: ReadyInfo, dir: string): Promise<{ har: string; harPath: string; statuses: number[] }> {
  const upstream = new URL(target.url);
  const site = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(target.groupId, target.tenant, target.bearer));
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
  const origin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
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
    await context.close(); // writes the HAR
    return { har: readFileSync(harPath, 'utf8'), harPath, statuses };
  } finally {
    await browser.close();
    await new Promise((ok) => site.close(ok));
  }
}
