// `stream-conformance compare` end to end, through the built CLI in a child process: a recording of the reference
// target (certify --record, in process) replayed against the reference itself, against fault switches, against
// lenient variants, and bad input. Cheap: one type, one random case, the suites whose requests the faults meet.
import { type CliRun, runCli } from '../helpers/cli';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, type FaultName } from '../../reference/faults';
import type { LenientName } from '../../reference/lenient';
import { startTarget } from '../../reference/server';
import { recordReference } from '../traffic/helpers';

const dir = mkdtempSync(join(tmpdir(), 'compare-'));
const HAR = join(dir, 'reference.har');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stderr: string;
  reports: string;
}

function cli(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return runCli(['compare', ...args], { timeoutMs });
}

let n = 0;
/** Replays the recording against a fresh reference target with these switches; returns the exit, stderr and reports. */
async function compareWith(opts: { faults?: FaultName[]; lenient?: LenientName[]; realistic?: boolean; extra?: string[] } = {}): Promise<Run> {
  const target = await startTarget({
    faults: opts.faults ?? [],
    lenient: opts.lenient ?? [],
    ...(opts.realistic ? { realistic: { settleMs: { min: 100, max: 300 }, pendingMs: { min: 100, max: 300 }, kafkaDeployingMs: { min: 200, max: 400 } }, seed: 11 } : {}),
    config: { groups: [{ id: 'fedcba9876543210fedcba98', tenants: ['other-instance'] }] },
  });
  const out = join(dir, `r${++n}`);
  try {
    const i = target.info;
    const r = await cli([HAR, '--target', i.url, '--group-id', i.groupId, '--tenant', i.tenant, '--auth', i.auth, '--timeout', '2000', '--settle', '2', '--only-instance', '--report-dir', out, ...(opts.extra ?? [])]);
    const reports = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    // No credential in clear anywhere.
    const secret = i.auth.split(':')[2]!;
    expect(reports).not.toContain(secret);
    expect(r.stderr).not.toContain(secret);
    return { code: r.code, stderr: r.stderr, reports };
  } finally {
    await target.close();
  }
}

beforeAll(async () => {
  const { har, result } = await recordReference({ suites: ['path', 'protocol', 'conflict'], types: ['Kafka'], runs: 1 });
  expect(result.certificate.verdict).toBe('conformant');
  writeFileSync(HAR, har);
}, 120_000);

describe('compare: the recording against the target it was made of', () => {
  it('exit 0, no divergence; the names, project and stream instance are mapped; the reports say so', async () => {
    const r = await compareWith();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Compared (\d+) of \1 exchange\(s\): \1 the same, 0 different/);
    expect(r.reports).toContain('Divergences from the recording');
    const cert = JSON.parse(readFileSync(join(dir, `r${n}`, 'certificate.json'), 'utf8'));
    expect(cert.comparison.failures).toBe(0);
    expect(cert.comparison.allowed).toBe(0);
    expect(cert.comparison.compared).toBeGreaterThan(50);
    // The replay went to the other project and instance (the reference answers 404 anywhere else).
    expect(cert.target).toContain('replay of');
    expect(cert.verdict).toBe('conformant');
  }, 60_000);
});

// Faults whose rule is judged on a create's answer (or the GET after it) and that these suites' requests meet, with
// what the divergence names.
const VISIBLE: [FaultName, RegExp][] = [
  ['status-201', /status: recorded 200, replayed 201/],
  ['success-json-media-type', /media-type: recorded "application\/vnd\.atlas\.2023-02-01\+json", replayed "application\/json"/],
  ['response-bad-state', /body \$\.state: recorded "READY", replayed "ACTIVE"/],
  ['response-wrong-name', /body \$\.name: recorded "[^"]+", replayed "[^"]+"/],
  ['leak-password', /body \$\.authentication\.password: recorded \(absent\), replayed/],
  ['accept-invalid', /status: recorded 400, replayed 200/],
  ['error-status-mismatch', /body \$\.error: recorded 40\d, replayed 40\d/],
  ['group-id-case-insensitive', /status: recorded 400, replayed 200/],
  ['unknown-group-400', /status: recorded 404, replayed 400/],
  ['unknown-tenant-400', /status: recorded 404, replayed 400/],
  ['duplicate-overwrites', /duplicate-409 fails on the replayed answer/],
  ['envelope-ignored', /envelope fails on the replayed answer/],
  ['422-for-invalid', /status: recorded 400, replayed 422/],
  ['ignore-content-type', /status: recorded 415, replayed 200/],
  ['drop-config', /body \$\.config: recorded \{.*\}, replayed \(absent\)/],
  ['wrong-reason', /body \$\.reason: recorded "[A-Za-z ]+", replayed "Error"/],
  ['generic-error-codes', /errorCode: recorded "STREAM_TENANT_NOT_FOUND_FOR_NAME", replayed "UNEXPECTED_ERROR"/],
  ['ignore-accept', /status: recorded 406, replayed 200/],
  ['pretty-ignored', /pretty fails on the replayed answer/],
  ['read-back-wrong-type', /body \$\.type: recorded "Kafka", replayed "kafka"/],
];

describe('compare: against fault switches', () => {
  it.each(VISIBLE)('%s: exit 1, the divergence names what differs and the rule the replayed answer fails', async (fault, what) => {
    const r = await compareWith({ faults: [fault] });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(what);
    const rule = FAULTS.find((f) => f.name === fault)!.breaks;
    expect(r.stderr).toContain(`${rule} fails on the replayed answer`);
    // The divergence table in summary.md, report.html and certificate.json.
    expect(r.reports).toContain('| # | request | status | what | recorded | replayed | class | why |');
    expect(r.reports).toContain('<table class="divergences">');
    expect(r.reports).toMatch(/"class": "failure"/);
  }, 60_000);
});

describe('compare: against lenient variants (what the profile allows)', () => {
  it('no links and server defaults: allowed divergences, exit 0; --strict: exit 1', async () => {
    const r = await compareWith({ lenient: ['no-links', 'server-defaults'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ALLOWED .*body \$\.links: recorded \[.*\], replayed \(absent\)/);
    expect(r.stderr).toMatch(/ALLOWED .*body \$\.region: recorded \(absent\), replayed "VIRGINIA_USA"/);
    expect(r.stderr).not.toMatch(/FAILURE/);
    expect(r.reports).toMatch(/both answers pass every rule that applies/);
    const strict = await compareWith({ lenient: ['no-links'], extra: ['--strict'] });
    expect(strict.code, strict.stderr).toBe(1);
  }, 60_000);

  it('a charset on every success and PENDING: left aside (the profile allows both), exit 0 even with --strict', async () => {
    const r = await compareWith({ lenient: ['charset-everywhere', 'state-pending'], extra: ['--strict'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/0 different/);
  }, 60_000);
});

describe("compare: against a target that behaves as the vendor's service does", () => {
  it('eventual reads, PENDING, deploying deletes, charset, no links, server defaults: settled, allowed, exit 0; nothing left behind', async () => {
    const r = await compareWith({ realistic: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/FAILURE|leak check|cleanup:/);
    expect(r.stderr).toMatch(/ALLOWED .*body \$\.links: recorded \[.*\], replayed \(absent\)/);
  }, 60_000);
});

describe('compare: unusable input', () => {
  it('not a HAR: exit 2 with one clear line', async () => {
    const file = join(dir, 'not.har');
    writeFileSync(file, '{"hello": 1}');
    const r = await cli([file, '--target', 'http://127.0.0.1:9', '--group-id', '0123456789abcdef01234567', '--tenant', 't', '--auth', 'digest:a:b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not HAR: it has no `log` object/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a HAR without the operation: exit 2, nothing to replay (the target is not even asked)', async () => {
    const file = new URL('../traffic/fixtures/unrelated-only.har', import.meta.url).pathname;
    const r = await cli([file, '--target', 'http://127.0.0.1:9', '--group-id', '0123456789abcdef01234567', '--tenant', 't', '--auth', 'digest:a:b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no exchange of the operation .*\(1 unrelated exchange\(s\)\); nothing to replay/);
  });

  it('an unreachable target: exit 2, quickly, saying so', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const started = Date.now();
    const r = await cli([HAR, '--target', `http://127.0.0.1:${port}`, '--group-id', '0123456789abcdef01234567', '--tenant', 't', '--auth', 'digest:a:conformance-private-secret']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/target unreachable at http:\/\/127\.0\.0\.1/);
    expect(r.stderr).not.toContain('conformance-private-secret');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a target that never answers, or does not know the stream instance: exit 2 within the timeout, saying so', async () => {
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((ok) => silent.listen(0, '127.0.0.1', () => ok((silent.address() as { port: number }).port)));
    try {
      const started = Date.now();
      const r = await cli([HAR, '--target', `http://127.0.0.1:${port}`, '--group-id', '0123456789abcdef01234567', '--tenant', 't', '--auth', 'digest:a:b', '--timeout', '1000']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/did not answer a listing of t \(timeout/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
    const target = await startTarget();
    try {
      const i = target.info;
      const r = await cli([HAR, '--target', i.url, '--group-id', i.groupId, '--tenant', 'no-such-instance', '--auth', i.auth]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/does not know stream instance no-such-instance/);
    } finally {
      await target.close();
    }
  }, 30_000);

  it('missing target details: exit 2 naming them', async () => {
    const r = await cli([HAR, '--target', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group-id, --tenant, --auth/);
  });
});
