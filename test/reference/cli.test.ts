// `stream-conformance target` as a child process: the ready line, the Done-when, flags, signals.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTargetArgs } from '../../reference/command';
import { spawnTarget } from '../../reference/child';
import { BIN, type CliRun, runCli as runBuiltCli } from '../helpers/cli';
import type { RunningTarget } from '../../reference/server';
import { ACCEPT, Client, kafka, SECRET, send, uniqueName, VENDOR } from './helpers';


function runCli(args: string[], timeoutMs = 20000): Promise<CliRun> {
  return runBuiltCli(args, { timeoutMs });
}

describe('stream-conformance target (child process)', () => {
  let target: RunningTarget;
  let stderr = '';
  beforeAll(async () => {
    target = await spawnTarget({ onStderr: (t) => (stderr += t) });
  }, 30000);
  afterAll(() => target?.close());

  it('prints one JSON ready line with url, project, tenant and credentials', () => {
    expect(target.info).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      groupId: expect.stringMatching(/^[a-f0-9]{24}$/),
      tenant: 'conformance-tenant',
      auth: expect.stringMatching(/^digest:[^:]+:.+$/),
      readonlyAuth: expect.stringMatching(/^digest:[^:]+:.+$/),
      serviceAccount: expect.stringMatching(/^[^:]+:.+$/),
      bearer: expect.any(String),
    });
  });

  it('Done-when: valid Kafka body with Digest -> 200 vendor type without the password; again -> 409; no auth -> 401', async () => {
    const client = new Client(target.info);
    const body = kafka(uniqueName('done'));
    const first = await client.create(body);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe(VENDOR);
    expect(first.text).not.toContain(SECRET);
    expect(first.json.authentication.password).toBeUndefined();
    const again = await client.create(body);
    expect(again.status).toBe(409);
    expect(again.json.errorCode).toBe('STREAM_CONNECTION_NAME_ALREADY_EXISTS');
    const anon = await send(target.url, { method: 'POST', path: client.connections(), headers: { accept: ACCEPT, 'content-type': VENDOR }, body: JSON.stringify(body) });
    expect(anon.status).toBe(401);
    expect(anon.headers['content-type']).toBe('application/json');
    expect(anon.json.error).toBe(401);
  });

  it('logs to stderr without secrets', () => {
    expect(stderr).toMatch(/listening on/);
    for (const secret of [target.info.auth.split(':')[2]!, target.info.bearer, target.info.serviceAccount.split(':')[1]!]) expect(stderr).not.toContain(secret);
  });
});

describe('flags', () => {
  it('exits 2 with one clear stderr line for a bad flag, an unknown fault or a bad config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-target-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ groups: [{ id: 'NOPE', tenants: [] }] }));
    for (const args of [['--bogus'], ['--fault', 'no-such-fault'], ['--port', 'abc'], ['--config', bad], ['--config', join(dir, 'missing.json')]]) {
      const r = await runCli(['target', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^stream-conformance target: /);
    }
  }, 60000);

  it('prints usage with --help and exits 0', async () => {
    const r = await runCli(['target', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--fault NAME/);
    expect(r.stdout).toMatch(/racy-create/);
  });

  it('serves a config file and applies faults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-target-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ groups: [{ id: 'abcdefabcdefabcdefabcdef', tenants: ['t1'] }] }));
    const t = await spawnTarget({ configPath: file, faults: ['status-201'] });
    expect(t.info.groupId).toBe('abcdefabcdefabcdefabcdef');
    expect(t.info.tenant).toBe('t1');
    expect((await new Client(t.info).create(kafka(uniqueName('cfg')))).status).toBe(201);
    await t.close();
  }, 30000);

  it('exits 0 on SIGINT and SIGTERM after its ready line', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [BIN, 'target'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      await new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), out.includes('\n') && resolve())));
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill(signal);
      });
      expect(code, signal).toBe(0);
      expect(out.trim().split('\n')).toHaveLength(1);
    }
  }, 40000);

  it('parseTargetArgs parses repeatable faults and a port', () => {
    expect(parseTargetArgs(['--port', '8080', '--fault', 'status-201', '--fault', 'wrong-reason', '--fault', 'status-201'])).toEqual({
      port: 8080,
      faults: ['status-201', 'wrong-reason'],
      lenient: [],
      realistic: false,
      sampleConnections: false,
      help: false,
    });
    expect(parseTargetArgs(['--lenient', 'reject-blank-names']).lenient).toEqual(['reject-blank-names']);
    expect(() => parseTargetArgs(['--lenient', 'nope'])).toThrow(/unknown lenient variant/);
    expect(() => parseTargetArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseTargetArgs(['extra'])).toThrow();
  });

  it('reports a child that dies before its ready line', async () => {
    await expect(spawnTarget({ faults: ['nope' as never] })).rejects.toThrow(/exited before it was ready.*unknown fault/s);
  }, 30000);
});
