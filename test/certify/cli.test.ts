// The certify command end to end: exit codes, reports, secrets, and targets that misbehave at the transport level.
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../helpers/cli';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive } from '../helpers/process';
import { YARDSTICK_META } from '../reporters/loop-time';
import { spawnTarget } from '../../reference/child';
import { DEFAULT_CONFIG } from '../../reference/config';


interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function certify(args: string[], env: Record<string, string> = {}, timeoutMs = 240_000): Promise<Run> {
  return runCli(['certify', ...args], { env, timeoutMs });
}

function reportDir(): string {
  return mkdtempSync(join(tmpdir(), 'sc-cli-'));
}

function readAll(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const servers: (Server | TcpServer)[] = [];
const sockets = new Set<Socket>();
afterAll(async () => {
  // A hanging server holds its connections open: drop them, or close() waits for ever.
  for (const s of sockets) s.destroy();
  for (const s of servers) await new Promise((r) => s.close(() => r(undefined)));
});

function listen<T extends Server | TcpServer>(server: T): Promise<string> {
  servers.push(server);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

const AUTH = ['--group-id', '0123456789abcdef01234567', '--tenant', 'x', '--auth', 'digest:pub:conformance-private-key'];

describe('certify command', () => {
  it('prints its options with --help and exits 0', async () => {
    const r = await certify(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--readonly-auth');
    expect(r.stdout).toContain('CONFORMANCE_TARGET');
  });

  it('exits 2 with one clear line on a bad flag, a bad value, or missing target details', async () => {
    for (const [args, text] of [
      [['--bogus'], 'bogus'],
      [['--runs', 'many'], '--runs must be a whole number'],
      [['--types', 'Kafka,Nope'], 'Nope'],
      [['--target', 'http://127.0.0.1:9'], '--group-id, --tenant, --auth'],
      [['--target', 'http://127.0.0.1:9', ...AUTH.slice(0, 4), '--auth', 'basic:x'], '--auth'],
    ] as const) {
      const r = await certify([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toContain('conformance-private-key');
    }
  });

  it('exits 2 when the target cannot be reached', async () => {
    const tcp = createTcpServer();
    const url = await listen(tcp);
    await new Promise((r) => tcp.close(() => r(undefined)));
    const r = await certify(['--target', url, ...AUTH]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unreachable/);
  });

  it('exits 2 when no credential authenticates', async () => {
    const target = await spawnTarget();
    try {
      const r = await certify(['--target', target.info.url, '--group-id', target.info.groupId, '--tenant', target.info.tenant, '--auth', 'digest:nobody:wrong-private-key']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no credential that authenticates');
      expect(r.stderr).not.toContain('wrong-private-key');
    } finally {
      await target.close();
    }
  });

  it.each([
    ['hangs', (url: string) => url, () => createServer(() => {})],
    ['resets the connection', (url: string) => url, () => createServer((req) => req.socket.destroy())],
    ['answers garbage', (url: string) => url, () => createTcpServer((s) => s.end('this is not HTTP at all\r\n\r\n'))],
  ] as const)('exits 1 in bounded time, with the reason in the report, when the target %s', async (_what, _u, make) => {
    const url = await listen(make() as Server);
    const dir = reportDir();
    const r = await certify(['--target', url, ...AUTH, '--timeout', '300', '--runs', '2', '--report-dir', dir]);
    expect(r.code, r.stderr).toBe(1);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert.verdict).toBe('non-conformant');
    const no5xx = cert.rules.find((x: { id: string }) => x.id === 'no-5xx');
    expect(no5xx.status).toBe('failed');
    expect(JSON.stringify(no5xx.failures)).toMatch(/timeout|reset|garbage/);
    expect(cert.incidents.join('\n')).toMatch(/in a row/);
  });

  it('certifies the bundled reference target with no flags: exit 0 and the four reports, with no secret in them', async ({ task }) => {
    const dir = reportDir();
    const started = Date.now();
    const r = await certify([], { CONFORMANCE_REPORT_DIR: dir });
    // The yardstick of the test loop's cost (test/reporters/loop-time.ts): one default certification, as a user runs it.
    (task.meta as Record<string, unknown>)[YARDSTICK_META] = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/seed -?\d+/);
    expect(readdirSync(dir).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert.verdict).toBe('conformant');
    expect(cert.rules.filter((x: { status: string }) => x.status === 'failed')).toEqual([]);
    const text = readAll(dir) + r.stderr + r.stdout;
    // The bundled target's default private keys, client secret and bearer token must appear nowhere.
    const target = await spawnTarget();
    await target.close();
    for (const cred of [target.info.auth, target.info.readonlyAuth]) expect(text).not.toContain(cred.split(':')[2]);
    expect(text).not.toContain(target.info.serviceAccount.split(':')[1]);
    expect(text).not.toContain(target.info.bearer);
  }, 300_000);

  it('exits 1 naming the broken rule against a faulty target', async () => {
    const target = await spawnTarget({ faults: ['status-201'] });
    try {
      const dir = reportDir();
      const r = await certify(['--target', target.info.url, '--group-id', target.info.groupId, '--tenant', target.info.tenant, '--auth', target.info.auth, '--runs', '5', '--types', 'Kafka,Https', '--report-dir', dir]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/FAILED MUST\s+status-200/);
      const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
      const rule = cert.rules.find((x: { id: string }) => x.id === 'status-200');
      expect(rule.status).toBe('failed');
      expect(rule.failures[0].curl).toMatch(/^curl /);
      expect(rule.failures[0].curl).not.toContain(target.info.auth.split(':')[2]);
      // The role rule is not assessed without --readonly-auth.
      expect(cert.rules.find((x: { id: string }) => x.id === 'auth-role').status).toBe('not-assessed');
      // The failure's request can be re-sent from the certificate: the target answers 201 again.
      const replay = await certify(['--replay', join(dir, 'certificate.json'), '--failure', 'status-200#1', '--target', target.info.url, '--auth', target.info.auth]);
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stdout).toMatch(/^HTTP 201/);
      expect(replay.stdout + replay.stderr).not.toContain(target.info.auth.split(':')[2]);
      const unknown = await certify(['--replay', join(dir, 'certificate.json'), '--failure', 'nope#9', '--auth', target.info.auth]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('nope#9');
    } finally {
      await target.close();
    }
  });
});

describe('certify interrupted', () => {
  /** Every process below `pid`, from /proc (each one's parent is the fourth field of its stat line). */
  function descendants(pid: number): number[] {
    const parent = new Map<number, number>();
    for (const n of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        parent.set(Number(n), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone meanwhile
      }
    }
    const out: number[] = [];
    const walk = (p: number) => {
      for (const [child, pp] of parent) if (pp === p) (out.push(child), walk(child));
    };
    walk(pid);
    return out;
  }

  /** Every file's text under `dir`. */
  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), 'latin1'));
  }

  it('on SIGTERM exits 143, with no credential in any temporary file, and leaves no process behind', async () => {
    // A private TMPDIR: the run keeps its results in memory, so no exchange and no credential may appear there
    // (vitest keeps its compiled suite modules there while it runs; an interrupted run leaves them).
    const tmp = mkdtempSync(join(tmpdir(), 'sc-int-'));
    const child = spawn(process.execPath, [BIN, 'certify', '--launch', 'process', '--runs', '400', '--report-dir', reportDir()], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<string>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += d;
        const url = /Reference target up at (\S+) /.exec(stderr)?.[1];
        if (url && /\n {2}(ok|x) /.test(stderr)) resolve(url);
      }),
    );
    const url = await started;
    // The run is under way: a suite has ended, the rest are running (the bundled target, the vitest worker and the
    // Pact verifier below certify). Only certify is signalled, as a CI timeout would.
    const below = existsSync('/proc') ? descendants(child.pid!) : [];
    expect(below.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/SIGTERM: the run stopped before its end/);
    const secrets = [...DEFAULT_CONFIG.apiKeys.map((k) => k.privateKey), ...DEFAULT_CONFIG.serviceAccounts.map((a) => a.clientSecret), ...DEFAULT_CONFIG.bearerTokens.map((t) => t.token)];
    for (const text of filesUnder(tmp)) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    // The bundled target stops itself once certify is gone.
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await fetch(url).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe(true);
    for (let i = 0; i < 100 && below.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(below.filter(alive)).toEqual([]);
  }, 120_000);
});
