// Publishing and can-i-deploy, offline: the derived broker CLI arguments, where version and branch come from, the
// error without a broker URL, and that the token never reaches an argument or the output.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BROKER_BIN, brokerConfig, canIDeployArgs, printable, publishArgs, versionInfo } from '../../pacts/broker';
import { main as canIDeploy } from '../../pacts/can-i-deploy';
import { main as publish } from '../../pacts/publish';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const git = (args: string[]) => {
  if (args.join(' ') === 'rev-parse HEAD') return SHA;
  if (args.join(' ') === 'rev-parse --abbrev-ref HEAD') return 'feature/pacts';
  throw new Error(`unexpected git ${args.join(' ')}`);
};
const TOKEN = 'pactflow-token-do-not-print-4711';

function capture(fn: (io: any) => number, env: Record<string, string>, gitRunner = git) {
  let out = '';
  let err = '';
  const execs: string[][] = [];
  const code = fn({ env, git: gitRunner, out: (s: string) => (out += s), err: (s: string) => (err += s), exec: (a: string[]) => (execs.push(a), 0) });
  return { code, out, err, execs };
}

describe('broker configuration', () => {
  it('needs PACT_BROKER_BASE_URL and says how to set it', () => {
    expect(() => brokerConfig({})).toThrow(/PACT_BROKER_BASE_URL is not set.*PACT_BROKER_TOKEN/);
    expect(() => brokerConfig({ PACT_BROKER_BASE_URL: 'not a url' })).toThrow('not a URL');
    expect(() => brokerConfig({ PACT_BROKER_BASE_URL: 'https://u:p@x.pactflow.io' })).toThrow('must not carry credentials');
    expect(brokerConfig({ PACT_BROKER_BASE_URL: 'https://x.pactflow.io/', PACT_BROKER_TOKEN: TOKEN })).toEqual({ baseUrl: 'https://x.pactflow.io', auth: 'token' });
  });

  it('takes the version from the git sha and the branch from git, CI variables first', () => {
    expect(versionInfo({}, git)).toMatchObject({ version: SHA, branch: 'feature/pacts' });
    expect(versionInfo({ GITHUB_SHA: 'abc1234', GITHUB_HEAD_REF: 'pr-branch' }, git)).toMatchObject({
      version: 'abc1234',
      branch: 'pr-branch',
      source: { version: '$GITHUB_SHA', branch: '$GITHUB_HEAD_REF' },
    });
    const detached = (args: string[]) => (args.includes('--abbrev-ref') ? 'HEAD' : SHA);
    expect(() => versionInfo({}, detached)).toThrow('detached');
    expect(versionInfo({ GIT_BRANCH: 'main' }, detached).branch).toBe('main');
    expect(() => versionInfo({}, () => { throw new Error('not a git repository'); })).toThrow('cannot derive the consumer version');
  });

  it('derives the real repository sha when run here', () => {
    // The branch comes from the environment here: CI checkouts are often detached.
    const v = versionInfo({ GIT_BRANCH: 'ci' });
    expect(v.version).toMatch(/^[0-9a-f]{40}$/);
    expect(v.source.version).toBe('git rev-parse HEAD');
  });
});

describe('pacts:publish and pacts:can-i-deploy', () => {
  const env = { PACT_BROKER_BASE_URL: 'https://team.pactflow.io', PACT_BROKER_TOKEN: TOKEN };

  it('publish runs the broker CLI with the pacts folder, sha, branch and broker URL, never the token', () => {
    const r = capture((io) => publish([], io), env);
    expect(r.code).toBe(0);
    expect(r.execs).toHaveLength(1);
    const args = r.execs[0]!;
    expect(args[0]).toBe('publish');
    expect(args[1]).toMatch(/contracts\/pacts\/?$/);
    expect(args.slice(2)).toEqual(['--consumer-app-version', SHA, '--branch', 'feature/pacts', '--broker-base-url', 'https://team.pactflow.io']);
    expect(r.out).toContain(`pact-broker publish`);
    expect(r.out).toContain('broker auth: token');
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('can-i-deploy asks about this consumer version in the chosen environment', () => {
    const r = capture((io) => canIDeploy(['--to-environment', 'staging', '--retry-while-unknown', '5'], io), env);
    expect(r.code).toBe(0);
    expect(r.execs[0]).toEqual([
      'can-i-deploy', '--pacticipant', 'atlas-streams-client', '--version', SHA, '--to-environment', 'staging',
      '--broker-base-url', 'https://team.pactflow.io', '--retry-while-unknown', '5',
    ]);
    expect(capture((io) => canIDeploy([], io), { ...env, PACT_ENVIRONMENT: 'qa' }).execs[0]).toContain('qa');
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('--dry-run prints the command and runs nothing', () => {
    const r = capture((io) => publish(['--dry-run'], io), env);
    expect(r.code).toBe(0);
    expect(r.execs).toEqual([]);
    expect(r.out).toContain('--consumer-app-version 0123456789abcdef0123456789abcdef01234567');
  });

  it('without PACT_BROKER_BASE_URL: exit 2, a clear error, nothing run', () => {
    for (const fn of [publish, canIDeploy]) {
      const r = capture((io) => fn([], io), { PACT_BROKER_TOKEN: TOKEN });
      expect(r.code).toBe(2);
      expect(r.err).toContain('PACT_BROKER_BASE_URL is not set');
      expect(r.execs).toEqual([]);
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
    expect(capture((io) => canIDeploy(['--retry-while-unknown', 'x'], io), env).code).toBe(2);
    expect(capture((io) => publish(['--bogus'], io), env).code).toBe(2);
  });

  it('the official broker CLI accepts the derived arguments (checked against a closed loopback port, no broker)', () => {
    const broker = brokerConfig({ PACT_BROKER_BASE_URL: 'http://127.0.0.1:9' });
    const v = { version: SHA, branch: 'main', source: { version: 'test', branch: 'test' } };
    for (const args of [publishArgs(broker, v), canIDeployArgs(broker, v)]) {
      const r = spawnSync(BROKER_BIN, [...args, '--retries', '0'], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '', PACT_BROKER_TOKEN: TOKEN } });
      const text = r.stdout + r.stderr;
      // A usage error would print "Usage:"; an accepted command line fails only at the connection.
      expect(text, printable(args)).not.toMatch(/Usage:|unexpected argument|error: the following required/);
      expect(text).toMatch(/127\.0\.0\.1:9/);
      expect(r.status).not.toBe(0);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('quotes arguments for printing', () => {
    expect(printable(['publish', 'a b', "it's"])).toBe("pact-broker publish 'a b' 'it'\\''s'");
  });
});
