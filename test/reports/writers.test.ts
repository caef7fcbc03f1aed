import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultReportDir, writeReports, type ReportPaths } from '../../reports';
import { parseCertificate, certificateProblems } from '../../reports/certificate-json';
import { renderHtml } from '../../reports/html';
import { renderJunitXml } from '../../reports/junit-xml';
import { renderSummaryMd } from '../../reports/summary-md';
import type { Certificate } from '../../results/model';
import { DIGEST_RESPONSE, SECRETS, failingCertificate, leakForms, passingCertificate } from './fixtures';
import { findAll, parseXml } from './xml-check';

let root: string;
let failing: ReportPaths;
let passing: ReportPaths;
const warnings: string[] = [];
const read = (p: string) => readFileSync(p, 'utf8');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sc-reports-'));
  failing = await writeReports(join(root, 'failing', 'nested'), failingCertificate(), { secrets: SECRETS, onWarning: (w) => warnings.push(w) });
  passing = await writeReports(join(root, 'passing'), passingCertificate(), { secrets: SECRETS, onWarning: (w) => warnings.push(w) });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes the four files, and nothing else (no temporary files left)', () => {
    expect(Object.values(failing).map((p) => p.split('/').at(-1)).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
    expect(readdirSync(join(root, 'failing', 'nested')).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
    for (const p of Object.values(failing)) expect(statSync(p).size).toBeGreaterThan(200);
    expect(warnings).toEqual([]);
  });

  it('leaves no planted secret in any written file, in any form', () => {
    const planted = [...SECRETS.map((s) => s.value), DIGEST_RESPONSE];
    for (const p of [...Object.values(failing), ...Object.values(passing)]) {
      const bytes = readFileSync(p);
      for (const value of planted) {
        for (const form of leakForms(value)) {
          expect(bytes.includes(Buffer.from(form, 'utf8')), `${p} holds ${JSON.stringify(form).slice(0, 12)}…`).toBe(false);
        }
      }
    }
    // and the secrets were really there to be removed: their references are in the files
    const all = Object.values(failing).map(read).join('\n');
    for (const s of SECRETS) expect(all).toContain(s.env);
  });

  it('the leak scan does find the planted secrets in an unredacted rendering (so the check above can fail)', () => {
    const text = renderHtml(failingCertificate());
    for (const s of SECRETS) expect(leakForms(s.value).some((f) => text.includes(f)), s.env).toBe(true);
  });

  it('warns about a short secret without writing it into the warning', async () => {
    const w: string[] = [];
    await writeReports(join(root, 'short'), passingCertificate(), { secrets: [{ value: '424', env: 'PIN' }], onWarning: (m) => w.push(m) });
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('PIN');
    expect(w[0]).not.toContain('424');
    // the seed 424242 contains the short secret: it is redacted all the same (that is what the warning is about)
    expect(read(join(root, 'short', 'summary.md'))).not.toContain('424');
  });
});

describe('certificate.json', () => {
  it('holds every required field, with a status, level, types, cases and failures per rule', () => {
    const json = JSON.parse(read(failing.certificate));
    for (const key of ['verdict', 'rules', 'seed', 'suiteVersion', 'contractSha256', 'target', 'startedAt', 'endedAt', 'counts']) {
      expect(json, key).toHaveProperty(key);
    }
    expect(json.verdict).toBe('non-conformant');
    expect(json.seed).toBe(424242);
    expect(json.contractSha256).toMatch(/^[a-f0-9]{64}$/);
    expect(json.target).toBe('http://127.0.0.1:8080/?key=${CONFORMANCE_PRIVATE_KEY}');
    expect(json.counts.Kafka.valid).toBe(20);
    for (const r of json.rules) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'level', 'status', 'types', 'cases', 'failures']));
      expect(['passed', 'failed', 'not-assessed']).toContain(r.status);
    }
    expect(certificateProblems(json)).toEqual([]);
    expect(parseCertificate(read(passing.certificate)).verdict).toBe('conformant');
  });

  it('gives every failure with an exchange a redacted exchange and a curl line with variable references', () => {
    const cert = parseCertificate(read(failing.certificate));
    const leak = cert.rules.find((r) => r.id === 'no-secret-leak')!;
    expect(leak.failures).toHaveLength(3);
    const first = leak.failures[0]!;
    expect(first.counterexample).toMatchObject({ authentication: { password: '${CONFORMANCE_SECRET_1}' }, config: { '${CONFORMANCE_SECRET_2}': 'x' } });
    expect(first.exchange?.request.headers.authorization).toContain('response="[redacted]"');
    expect(first.exchange?.request.headers.authorization).toContain('username="${CONFORMANCE_PUBLIC_KEY}"');
    expect(first.curl).toContain('--digest -u "$CONFORMANCE_PUBLIC_KEY:$CONFORMANCE_PRIVATE_KEY"');
    expect(first.curl).toContain('"$CONFORMANCE_SECRET_1_JSON"');
    // the engine's own curl lines had secrets in clear: redacted when there is no exchange to rebuild it from,
    // rebuilt from the exchange (so that it still runs) when there is
    expect(leak.failures[1]!.curl).toContain('${CONFORMANCE_PRIVATE_KEY}');
    expect(leak.failures[2]!.curl).toMatch(/^curl -i --globoff .*-H 'x-debug-token: '"\$CONFORMANCE_BEARER"/);
    const transport = cert.rules.find((r) => r.id === 'no-5xx')!.failures[0]!;
    expect(transport.exchange?.outcome).toBe('transport-error');
    expect(transport.curl).toMatch(/^printf '.*\\001.*' "\$CONFORMANCE_SECRET_2" \| curl /);
  });

  it('rejects garbage with a clear message', () => {
    expect(() => parseCertificate('{', 'prev.json')).toThrow(/prev\.json: not JSON/);
    expect(() => parseCertificate('[]')).toThrow(/not an object/);
    expect(() => parseCertificate(JSON.stringify({ verdict: 'maybe', rules: [{ id: 'x' }] }))).toThrow(/\$\.verdict is not .*\$\.seed is missing/s);
  });
});

describe('junit.xml', () => {
  it('is well-formed XML with a testsuite per rule and a testcase per rule and type', () => {
    const root = parseXml(read(failing.junit));
    expect(root.name).toBe('testsuites');
    const [run, ...suites] = findAll(root, 'testsuite');
    const cert = failingCertificate();
    // First the run's own facts (verdict, signature, waivers, budget) as properties of an empty testsuite.
    expect(run!.attrs).toMatchObject({ name: 'stream-conformance run', tests: '0' });
    expect(findAll(run!, 'property').map((p) => p.attrs.name)).toContain('verdict');
    expect(suites.map((s) => s.attrs.name)).toEqual(cert.rules.map((r) => `${r.level} ${r.id}`));
    const leak = suites.find((s) => s.attrs.name === 'MUST no-secret-leak')!;
    expect(findAll(leak, 'testcase').map((c) => c.attrs.name)).toEqual(['no-secret-leak [Kafka]', 'no-secret-leak [Https]']);
    expect(leak.attrs).toMatchObject({ tests: '2', failures: '2', skipped: '0' });
    const cases = findAll(root, 'testcase');
    // 2 + 1 (no-5xx) + 3 (status-200) + 1 (exact-400) + 1 (rate-limit) + 1 (concurrent-create, Kafka)
    expect(cases).toHaveLength(9);
    expect(root.attrs).toMatchObject({ tests: '9', failures: '4', skipped: '2' });
    expect(findAll(root, 'failure')).toHaveLength(4);
    expect(findAll(root, 'skipped').map((s) => s.attrs.message)).toContain('the target never answered 429');
  });

  it('carries messages, counterexamples and curl lines, escaped, with illegal characters made visible', () => {
    const root = parseXml(read(failing.junit));
    const failures = findAll(root, 'failure');
    const kafka = failures.find((f) => f.attrs.message?.includes('(and 1 more)'))!;
    expect(kafka.attrs.type).toBe('MUST');
    expect(kafka.attrs.message).toContain('<script>alert("x")</script>');
    expect(kafka.text).toContain('counterexample:');
    expect(kafka.text).toContain('reproduce:\ncurl ');
    const https = failures.find((f) => f.attrs.message === 'headers echoed ]]> & <b>bold</b>');
    expect(https).toBeDefined();
    const reset = failures.find((f) => f.attrs.message?.startsWith('connection reset'))!;
    expect(reset.attrs.message).toBe('connection reset\\u0000 by target \\u0007 after a body with control characters');
    expect(read(failing.summary)).toContain('connection reset\\\\u0000 by target');
    expect(read(failing.html)).toContain('connection reset\\u0000 by target');
    expect(read(failing.html)).not.toMatch(/[\u0000-\u0008]/);
    expect(failures.find((f) => f.attrs.type === 'SHOULD')?.attrs.message).toBe('answered 422 instead of 400');
  });

  it('passes a passing run', () => {
    const root = parseXml(read(passing.junit));
    expect(root.attrs).toMatchObject({ failures: '0', skipped: '0', tests: '5' });
  });
});

describe('report.html', () => {
  const html = () => read(failing.html);

  it('is self-contained: no scripts, no external assets', () => {
    const h = html();
    expect(h).not.toMatch(/<script/i);
    expect(h).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(h).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(h).not.toMatch(/@import|url\(/i);
    expect(h).toContain("Content-Security-Policy");
    expect(h).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(h).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(h).toContain('&lt;i&gt;&amp; ${CONFORMANCE_SECRET_2}&lt;/i&gt;');
  });

  it('shows the verdict, the counts and the type x rule matrix', () => {
    const h = html();
    expect(h).toMatch(/<header class="banner non-conformant">/);
    expect(h).toMatch(/<table class="matrix">/);
    const matrix = h.slice(h.indexOf('<table class="matrix">'), h.indexOf('</table>', h.indexOf('<table class="matrix">')));
    for (const t of ['Sample', 'Kafka', 'Https']) expect(matrix).toContain(`<th class="type">${t}</th>`);
    // Kafka and Https failing for no-secret-leak, Sample not checked; no-5xx failing in the type-independent column
    const row = (id: string) => matrix.slice(matrix.indexOf(`>${id}</a>`)).split('</tr>')[0]!;
    expect(row('no-secret-leak').match(/class="cell (\S+)"/g)).toEqual([
      'class="cell not-checked"', 'class="cell failed"', 'class="cell failed"', 'class="cell not-checked"',
    ]);
    expect(row('no-5xx').match(/class="cell (\S+)"/g)?.at(-1)).toBe('class="cell failed"');
    expect(row('rate-limit').match(/class="cell (\S+)"/g)?.at(-1)).toBe('class="cell not-assessed"');
    expect(row('status-200').match(/class="cell passed"/g)).toHaveLength(3);
  });

  it('shows every failure with its message, counterexample, exchange and curl line', () => {
    const h = html();
    for (const r of failingCertificate().rules) {
      for (const f of r.failures) expect(h, f.id).toContain(`id="failure-${f.id.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}"`);
    }
    expect(h).toContain('Minimal counterexample');
    expect(h).toContain('&quot;mechanism&quot;: &quot;PLAIN&quot;');
    expect(h).toContain('<pre class="request">POST http://127.0.0.1:8080/api/atlas/v2/groups/');
    expect(h).toContain('(no HTTP response: reset: socket hang up after ${CONFORMANCE_SECRET_2})');
    expect(h).toContain('<pre class="curl">curl -i');
    expect(h).toContain('tenant-ü');
  });

  it('a passing run has a green banner and no failures', () => {
    const h = read(passing.html);
    expect(h).toMatch(/<header class="banner conformant">/);
    expect(h).toContain('<h2 id="failures">Failures</h2>\n<p>None.</p>');
  });
});

describe('summary.md', () => {
  it('lists verdict, seed, target, counts, failed MUST and SHOULD rules with their first failure, and not-assessed rules', () => {
    const md = read(failing.summary);
    expect(md).toMatch(/^## ❌ Non-conformant/);
    expect(md).toContain('| Seed | `424242` |');
    expect(md).toContain('| Target | `http://127.0.0.1:8080/?key=${CONFORMANCE_PRIVATE_KEY}` |');
    expect(md).toContain('| MUST | 1 | 2 | 2 |');
    expect(md).toContain('| SHOULD | 0 | 1 | 0 |');
    expect(md).toContain('### Failed MUST rules (2)');
    expect(md).toContain('### Failed SHOULD rules (1)');
    expect(md).toMatch(/\| `no-secret-leak` \| 3 \| Kafka, Https \| authentication\\\.password/);
    expect(md).toContain('answered 422 instead of 400');
    expect(md).toContain('| `rate-limit` | MUST | the target never answered 429 |');
    expect(md).not.toMatch(/<script|<b>|<i>/);
    // each table row keeps its columns: no unescaped pipe or line break from data
    for (const line of md.split('\n').filter((l) => l.startsWith('| `no-'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(6);
    }
  });

  it('a passing run says so and lists no failed rules', () => {
    const md = read(passing.summary);
    expect(md).toMatch(/^## ✅ Conformant/);
    expect(md).not.toContain('Failed');
  });

  it('says how an https target was checked, in the Markdown and the HTML alike, and nothing for http', () => {
    const https = (verified: boolean): Certificate => ({ ...passingCertificate(), target: 'https://t.example', tls: { verified, privateCa: verified } });
    expect(renderSummaryMd(https(false))).toMatch(/^\| TLS \| certificate NOT verified .*insecure.* \|$/m);
    expect(renderSummaryMd(https(true))).toMatch(/^\| TLS \| certificate verified .*private CA trusted.* \|$/m);
    expect(renderHtml(https(false))).toContain("<th>TLS</th><td><code>certificate NOT verified (--insecure)</code></td>");
    expect(renderSummaryMd(passingCertificate())).not.toContain('| TLS |');
  });
});

describe('renderers on their own', () => {
  it('do not crash on odd but typed input (empty rules, missing optional parts)', () => {
    const empty: Certificate = { ...passingCertificate(), rules: [], counts: {}, types: [], incidents: [] };
    expect(() => parseXml(renderJunitXml(empty))).not.toThrow();
    expect(renderHtml(empty)).toContain('<table class="matrix">');
    expect(renderSummaryMd(empty)).toContain('Conformant');
  });
});

describe('defaultReportDir', () => {
  it('creates a fresh timestamped folder, never reusing one', () => {
    const now = new Date('2026-03-01T02:00:00.123Z');
    const a = defaultReportDir(join(root, 'out'), now);
    const b = defaultReportDir(join(root, 'out'), now);
    expect(a).toMatch(/2026-03-01T02-00-00-123Z$/);
    expect(b).not.toBe(a);
    expect(statSync(a).isDirectory() && statSync(b).isDirectory()).toBe(true);
  });
});
