// Where certify's settings come from: a flag wins over its environment variable, which wins over the config file
// (JSON or YAML, given or found in the working directory); and the forms of the new flags' values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCertifyArgs, UsageError } from '../../cli/commands/certify';
import { maskedCommandLine } from '../../cli/run-settings';
import { duration } from '../../util/flags';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-settings-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('settings precedence: flags > environment > config file', () => {
  const yaml = 'runs: 7\nseed: 11\nrate: 3\nmax-duration: 5m\nskip-rules: [pretty, read-back]\nquiet: true\n';

  it('takes the config file found in the working directory when nothing else says', () => {
    const a = parseCertifyArgs([], {}, folder({ 'stream-conformance.config.yaml': yaml }));
    expect([a.runs, a.seed, a.rate, a.budget?.maxDurationMs, a.selection?.skip, a.quiet]).toEqual([7, 11, 3, 300_000, ['pretty', 'read-back'], true]);
  });

  it('an environment variable wins over the file, a flag over both', () => {
    const cwd = folder({ 'stream-conformance.config.yaml': yaml });
    const env = { CONFORMANCE_RUNS: '8', CONFORMANCE_SEED: '12' };
    const a = parseCertifyArgs(['--seed', '13'], env, cwd);
    expect([a.runs, a.seed, a.rate]).toEqual([8, 13, 3]);
  });

  it('reads a JSON file given with --config (or CONFORMANCE_CONFIG), in place of the default one', () => {
    const cwd = folder({ 'stream-conformance.config.yaml': yaml, 'other.json': JSON.stringify({ runs: 2, 'max-requests': 500 }) });
    expect(parseCertifyArgs(['--config', join(cwd, 'other.json')], {}, cwd)).toMatchObject({ runs: 2, budget: { maxRequests: 500 } });
    expect(parseCertifyArgs([], { CONFORMANCE_CONFIG: join(cwd, 'other.json') }, cwd).runs).toBe(2);
  });

  it('refuses an unknown setting or an unreadable file, naming it', () => {
    expect(() => parseCertifyArgs([], {}, folder({ 'stream-conformance.config.json': '{"runz": 3}' }))).toThrow(/unknown setting "runz"/);
    expect(() => parseCertifyArgs([], {}, folder({ 'stream-conformance.config.yml': 'runs: [' }))).toThrow(UsageError);
  });
});

describe('value forms', () => {
  it('durations in seconds, s, m and h', () => {
    expect([duration('d', '20'), duration('d', '90s'), duration('d', '5m'), duration('d', '1h')]).toEqual([20_000, 90_000, 300_000, 3_600_000]);
    expect(() => duration('max-duration', '5 minutes')).toThrow(/--max-duration/);
    expect(() => duration('max-duration', '0')).toThrow(UsageError);
  });

  it('rule lists name unknown rules', () => {
    expect(parseCertifyArgs(['--rules', 'no-5xx,status-200'], {}, folder({})).selection).toEqual({ rules: ['no-5xx', 'status-200'] });
    expect(() => parseCertifyArgs(['--skip-rules', 'no-such-rule'], {}, folder({}))).toThrow(/no-such-rule/);
  });

  it('masks secrets in the command line', () => {
    expect(maskedCommandLine(['--auth', 'digest:pub:SECRETKEY', '--readonly-auth=bearer:TOKEN123', '--x', 'a-SECRETKEY-b'], ['SECRETKEY', 'TOKEN123'])).toEqual([
      '--auth',
      'digest:pub:***',
      '--readonly-auth=bearer:***',
      '--x',
      'a-***-b',
    ]);
  });
});
