// The pacts command as a user runs it: exit codes, usage errors, and no credential in anything it prints.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseVerifyArgs } from '../../cli/commands/pacts';
import { DEFAULT_CONFIG } from '../../reference/config';
import { spawnTarget } from '../../reference/child';

const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CONFORMANCE_TARGET: '' } });
const SECRETS = [...DEFAULT_CONFIG.apiKeys.map((k) => k.privateKey), ...DEFAULT_CONFIG.bearerTokens.map((t) => t.token), ...DEFAULT_CONFIG.serviceAccounts.map((s) => s.clientSecret)];

describe('stream-conformance pacts', () => {
  it('verify exits 0 against the bundled reference target', () => {
    const r = run(['pacts', 'verify']);
    expect(r.stdout).toContain('pact verification passed: 18 interactions');
    expect(r.status).toBe(0);
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it('verify exits 0 against a --target it did not start that never rate-limits: the 429 interaction is not verifiable, no probe sent, nothing left', async () => {
    const target = await spawnTarget();
    try {
      const { groupId, tenant, auth, url } = target.info;
      const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'pacts', 'verify', '--target', url, '--group-id', groupId, '--tenant', tenant, '--auth', auth], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('close', (status) => resolve({ status, stdout }));
      });
      expect(r.status, r.stdout).toBe(0);
      expect(r.stdout).toContain('NOT VERIFIABLE  [MUST] an attempt to create a connection without remaining rate limit');
      expect(r.stdout).toContain('the rate-limit probe is off');
      expect(r.stdout).toContain('(2 not verifiable)');
      expect(r.stdout).toContain('--readonly-auth');
      const list = await fetch(`${url}/api/atlas/v2/groups/${groupId}/streams/${tenant}/connections`, { headers: { authorization: `Bearer ${target.info.bearer}`, accept: 'application/vnd.atlas.2023-02-01+json' } });
      expect(((await list.json()) as { results: unknown[] }).results).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('verify an https --target: exit 2 naming the certificate until its private CA is given with --ca (or --insecure, warned)', async () => {
    const target = await spawnTarget({ tls: { kind: 'generated' } });
    try {
      const { groupId, tenant, auth, url, caFile } = target.info;
      const verify = (extra: string[]) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'pacts', 'verify', '--target', url, '--group-id', groupId, '--tenant', tenant, '--auth', auth, '--timeout', '5000', ...extra], {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (status) => resolve({ status, stdout, stderr }));
        });
      const refused = await verify([]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/TLS certificate is not trusted.*--ca FILE/);
      const withCa = await verify(['--ca', caFile!]);
      expect(withCa.status, withCa.stdout + withCa.stderr).toBe(0);
      expect(withCa.stdout).toContain('pact verification passed');
      const insecure = await verify(['--insecure']);
      expect(insecure.status).toBe(0);
      expect(insecure.stderr).toMatch(/^WARNING: --insecure/m);
      expect(() => parseVerifyArgs(['--ca', '/nonexistent/ca.pem'], {})).toThrow(/cannot read/);
    } finally {
      await target.close();
    }
  });

  it('verify exits 1 against a faulty target, names the failures, and prints no secret', () => {
    const r = run(['pacts', 'verify', '--fault', 'leak-password']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  [SHOULD] a valid request to create a connection of type Kafka');
    expect(r.stdout).toContain("$.authentication.password: Expected 'password' to match");
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it('verify exits 2 with a clear message on bad arguments, without quoting a credential', () => {
    const a = run(['pacts', 'verify', '--target', 'http://127.0.0.1:9']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--target needs --group-id, --tenant, --auth');
    const b = run(['pacts', 'verify', '--target', 'http://127.0.0.1:9', '--group-id', 'a'.repeat(24), '--tenant', 't', '--auth', 'hunter2-secret']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--auth: credential kind is not recognised');
    expect(b.stderr).not.toContain('hunter2-secret');
    expect(run(['pacts', 'frobnicate']).status).toBe(2);
    expect(run(['pacts', 'verify', '--fault', 'no-such-fault']).stderr).toContain('unknown fault');
  });

  it('verify exits 2 when the target cannot be reached', () => {
    const r = run(['pacts', 'verify', '--target', 'http://127.0.0.1:9', '--group-id', 'a'.repeat(24), '--tenant', 't', '--auth', 'bearer:tok', '--timeout', '2000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the target did not answer (refused');
  });

  it('verify exits 2 when the stream instance does not exist or the credential is refused', () => {
    const r = run(['pacts', 'verify', '--tenant', 'no-such-instance']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('stream instance no-such-instance of group');
  });

  it('parses certify-style flags and environment variables', () => {
    const a = parseVerifyArgs(['--target', 'http://127.0.0.1:1', '--group-id', 'b'.repeat(24), '--tenant', 'x', '--auth', 'bearer:t', '--readonly-auth', 'digest:p:q'], {});
    expect(a).toMatchObject({ target: 'http://127.0.0.1:1', groupId: 'b'.repeat(24), tenant: 'x', auth: { kind: 'bearer' }, readonlyAuth: { kind: 'digest', publicKey: 'p' } });
    const b = parseVerifyArgs([], { CONFORMANCE_TARGET: 'http://127.0.0.1:2', CONFORMANCE_GROUP_ID: 'c'.repeat(24), CONFORMANCE_TENANT: 'y', CONFORMANCE_AUTH: 'bearer:u' });
    expect(b).toMatchObject({ target: 'http://127.0.0.1:2', tenant: 'y' });
    expect(() => parseVerifyArgs(['--target', 'http://127.0.0.1:1', '--group-id', 'XYZ', '--tenant', 'x', '--auth', 'bearer:t'], {})).toThrow('24 lower-case hex');
    expect(() => parseVerifyArgs(['--rate-limit-probe', '-3'], {})).toThrow();
  });
});
