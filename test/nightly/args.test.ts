import { describe, expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { parsePipelineArgs, pipelineUsage, UsageError } from '../../nightly/args';
import { certifyArgv, environmentSecrets } from '../../nightly/certify-cli';

const SECRET = 'priv-Zq81-secret-value';

describe('parsePipelineArgs', () => {
  it('defaults: every type in three groups, three re-runs, a random seed, the bundled reference target', () => {
    const a = parsePipelineArgs([], {});
    expect(a.types).toEqual([...CONNECTION_TYPES]);
    expect(a.groups).toBe(3);
    expect(a.attempts).toBe(3);
    expect(Number.isInteger(a.seed)).toBe(true);
    expect(a.runs).toBeUndefined();
    expect(a.targetLabel).toBe('bundled reference target');
    expect(a.faults).toEqual([]);
    expect(a.previous).toBeUndefined();
  });

  it('reads its own flags', () => {
    const a = parsePipelineArgs(['--groups', '2', '--attempts', '0', '--types', 'Https,Sample', '--seed=-5', '--runs', '4', '--previous', 'p.json', '--out', 'o', '--summary', 's.md', '--fault', 'status-201', '--fault', 'leak-password'], {});
    expect(a).toMatchObject({ groups: 2, attempts: 0, types: ['Sample', 'Https'], seed: -5, runs: 4, previous: 'p.json', out: 'o', summary: 's.md', faults: ['status-201', 'leak-password'] });
    expect(a.targetLabel).toBe('bundled reference target (faults: status-201, leak-password)');
  });

  it('falls back on the CONFORMANCE_* environment for types, seed, runs and the previous certificate', () => {
    const a = parsePipelineArgs([], { CONFORMANCE_TYPES: 'Kafka', CONFORMANCE_SEED: '9', CONFORMANCE_RUNS: '1', CONFORMANCE_PREVIOUS: 'prev.json' });
    expect(a).toMatchObject({ types: ['Kafka'], seed: 9, runs: 1, previous: 'prev.json' });
  });

  it('moves target options given as flags into the children\'s environment, and nowhere else', () => {
    const a = parsePipelineArgs(['--target', 'http://127.0.0.1:9', '--group-id', '0123456789abcdef01234567', '--tenant', 't', '--auth', `digest:pub:${SECRET}`, '--launch', 'process'], { PATH: '/bin', CONFORMANCE_REPORT_DIR: 'stale' });
    expect(a.env).toMatchObject({ PATH: '/bin', CONFORMANCE_TARGET: 'http://127.0.0.1:9', CONFORMANCE_GROUP_ID: '0123456789abcdef01234567', CONFORMANCE_TENANT: 't', CONFORMANCE_AUTH: `digest:pub:${SECRET}`, CONFORMANCE_LAUNCH: 'process' });
    expect(a.env.CONFORMANCE_REPORT_DIR).toBeUndefined();
    const { env: _env, ...rest } = a;
    expect(JSON.stringify(rest)).not.toContain(SECRET);
    expect(a.targetLabel).toBe('http://127.0.0.1:9');
    // What a child is started with: no secret, no target on the command line.
    const argv = certifyArgv({ types: a.types, seed: a.seed, reportDir: 'r', label: 'g' }, a.faults);
    expect(argv.join(' ')).not.toContain(SECRET);
    expect(argv.join(' ')).not.toContain('127.0.0.1');
  });

  it('rejects bad values with a clear message', () => {
    const bad = (argv: string[], env: NodeJS.ProcessEnv = {}) => () => parsePipelineArgs(argv, env);
    expect(bad(['--types', 'Sample,Nope'])).toThrow(new UsageError('--types: unknown connection type(s) Nope; known: ' + CONNECTION_TYPES.join(', ')));
    expect(bad(['--seed', 'abc'])).toThrow('--seed must be a whole number, got "abc"');
    expect(bad(['--groups', '0'])).toThrow('--groups must be at least 1, got 0');
    expect(bad(['--attempts=-1'])).toThrow('--attempts must be at least 0');
    expect(bad(['--fault', 'no-such-fault'])).toThrow(/unknown fault "no-such-fault"/);
    expect(bad(['--fault', 'status-201'], { CONFORMANCE_TARGET: 'http://127.0.0.1:9' })).toThrow(/bundled reference target only/);
    expect(bad(['--shards', 'x', '--fault', 'status-201'])).toThrow(/--shards/);
    expect(bad(['--bogus'])).toThrow(UsageError);
    expect(bad(['positional'])).toThrow(UsageError);
  });

  it('documents every option in its usage text', () => {
    const u = pipelineUsage();
    for (const flag of ['--previous', '--groups', '--attempts', '--shards', '--summary', '--fault', '--target', '--auth', '--runs', '--seed']) expect(u).toContain(flag);
  });
});

describe('environmentSecrets', () => {
  it('knows the secret part of every credential form, under the names the reports use', () => {
    expect(environmentSecrets({ CONFORMANCE_AUTH: `digest:pub:${SECRET}`, CONFORMANCE_READONLY_AUTH: 'bearer:tok-123456' })).toEqual([
      { value: SECRET, env: 'CONFORMANCE_PRIVATE_KEY' },
      { value: 'tok-123456', env: 'CONFORMANCE_READONLY_BEARER' },
    ]);
    expect(environmentSecrets({ CONFORMANCE_AUTH: 'service-account:id:cs-987654' })).toEqual([{ value: 'cs-987654', env: 'CONFORMANCE_CLIENT_SECRET' }]);
    expect(environmentSecrets({})).toEqual([]);
  });

  it('treats a credential it cannot parse as a secret in full', () => {
    expect(environmentSecrets({ CONFORMANCE_AUTH: 'pasted-secret-without-kind' })).toEqual([{ value: 'pasted-secret-without-kind', env: 'CONFORMANCE_SECRET' }]);
  });
});
