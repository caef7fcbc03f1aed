// `stream-conformance target --realistic --chaos ... --seed N --sample-connections` as users start it: the ready line,
// the behaviour behind it, bad flags (exit 2, one clear line), and spawnTarget with the same options.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTargetArgs } from '../../reference/command';
import { spawnTarget } from '../../reference/child';
import { type CliRun, runCli as runBuiltCli } from '../helpers/cli';
import { VENDOR_CHARSET_MEDIA_TYPE } from '../../reference/lenient';
import { type Auth, Client, https, kafka, uniqueName } from './helpers';


function runCli(args: string[], timeoutMs = 20000): Promise<CliRun> {
  return runBuiltCli(args, { timeoutMs });
}

describe('target --realistic --chaos (CLI)', () => {
  it('prints its ready line with the seed, and behaves as the vendor does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-realistic-'));
    const config = join(dir, 't.json');
    writeFileSync(config, JSON.stringify({ realistic: { settleMs: { min: 100, max: 100 }, kafkaDeployingMs: { min: 200, max: 200 } } }));
    let stderr = '';
    const t = await spawnTarget({ configPath: config, realistic: true, chaos: 'latency=0.5:20ms', seed: 42, sampleConnections: true, onStderr: (s) => (stderr += s) });
    try {
      expect(t.info.seed).toBe(42);
      expect(Object.keys(t.info).sort()).toEqual(['auth', 'bearer', 'groupId', 'readonlyAuth', 'seed', 'serviceAccount', 'tenant', 'url']);
      expect(stderr).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(config .*\) \(realistic, chaos latency=0\.5:20ms, seed 42\)/);
      const c = new Client(t.info);
      const bearer: Auth = { kind: 'bearer', token: t.info.bearer };
      const list = await c.req({ path: c.connections(), auth: bearer });
      expect(list.json.results.map((x: { name: string }) => x.name)).toEqual(['sample_stream_solar']);
      const name = uniqueName('cli');
      const r = await c.create(kafka(name, { security: { protocol: 'PLAINTEXT' } }), { auth: bearer });
      expect(r.status, r.text).toBe(200);
      expect(r.headers['content-type']).toBe(VENDOR_CHARSET_MEDIA_TYPE);
      expect(r.headers['ratelimit-limit']).toBe('1200');
      expect((await c.req({ path: c.connections({ name }), auth: bearer })).status).toBe(404);
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer })).json.errorCode).toBe('STREAM_KAFKA_CONNECTION_IS_DEPLOYING');
      await new Promise((r2) => setTimeout(r2, 250));
      expect((await c.req({ method: 'DELETE', path: c.connections({ name }), auth: bearer })).status).toBe(202);
      expect(stderr).toMatch(/chaos: latency on (GET|POST|DELETE) \/api\/atlas/);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30000);

  it('spawnTarget passes chaos on: reset-after=1 resets every answer, yet the create took effect', async () => {
    const t = await spawnTarget({ chaos: { 'reset-after': 1 }, seed: 1 });
    try {
      const c = new Client(t.info);
      const name = uniqueName('lost');
      await expect(c.create(https(name), { auth: { kind: 'bearer', token: t.info.bearer } })).rejects.toThrow(/ECONNRESET|socket hang up/);
    } finally {
      await t.close();
    }
  }, 30000);

  it('spawnTarget refuses a bad chaos spec before starting anything', async () => {
    await expect(spawnTarget({ chaos: 'reset-after=5' })).rejects.toThrow(/reset-after: the rate must be/);
  });

  it('exits 2 with one clear stderr line for bad --chaos and --seed values', async () => {
    const cases: [string[], RegExp][] = [
      [['--chaos', 'bogus=0.1'], /--chaos: unknown chaos kind "bogus" \(known: reset-before, reset-after, truncate, latency\)/],
      [['--chaos', 'reset-after=1.5'], /--chaos: reset-after: the rate must be a share of requests from 0 to 1/],
      [['--chaos', 'latency=0.1:soon'], /--chaos: latency: the duration must be 1ms to 60s/],
      [['--chaos', 'truncate=0.1', '--chaos', 'truncate=0.2'], /--chaos: truncate is given twice/],
      [['--chaos'], /--chaos/],
      [['--seed', 'abc'], /--seed must be a whole number, got "abc"/],
      [['--realistic=yes'], /realistic/],
      [['--realistic', '--config', '/nonexistent/realistic.json'], /cannot read config file/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(['target', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(/^stream-conformance target: /);
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
  }, 60000);

  it('parses the new flags, repeated --chaos flags as one list', () => {
    const a = parseTargetArgs(['--realistic', '--chaos', 'reset-after=0.005', '--chaos', 'latency=0.01:200ms', '--seed', '7', '--sample-connections']);
    expect(a).toMatchObject({ realistic: true, chaos: { 'reset-after': 0.005, latency: { rate: 0.01, ms: 200 } }, seed: 7, sampleConnections: true });
    expect(parseTargetArgs([])).toMatchObject({ realistic: false, sampleConnections: false });
    expect(parseTargetArgs([])).not.toHaveProperty('chaos');
  });

  it('documents the flags in --help', async () => {
    const r = await runCli(['target', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--realistic', '--chaos SPEC', '--seed N', '--sample-connections', 'reset-after', 'latency=0.01:200ms']) expect(r.stdout).toContain(flag);
  });
});
