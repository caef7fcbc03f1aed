// The target's config: defaults, partial files, clear errors; and the README's fault table is current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, readyInfo, resolveConfig } from '../../reference/config';
import { README_PATH, withCurrentTable } from '../../scripts/docs/fault-table';
import { FAULTS } from '../../reference/faults';
import { startTarget } from '../../reference/server';

describe('config', () => {
  it('fills what a file leaves out from the defaults', () => {
    const c = resolveConfig({ fixtures: { sampleSources: ['s1'], clusterNames: ['c1'] }, deletingMs: 50 });
    expect(c.fixtures).toEqual({ sampleSources: ['s1'], clusterNames: ['c1'] });
    expect(c.deletingMs).toBe(50);
    expect(c.apiKeys).toEqual(DEFAULT_CONFIG.apiKeys);
    expect(resolveConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it('refuses bad configs with a message naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      [[], /must be object/],
      [{ groups: [{ id: 'ABC', tenants: [] }] }, /\/groups\/0\/id must match pattern/],
      [{ colour: 'blue' }, /additional properties "colour"/],
      [{ apiKeys: [{ publicKey: 'a', privateKey: 'b', roles: ['Project Read Only'] }] }, /create role/],
      [{ apiKeys: [{ publicKey: 'a', privateKey: 'b', roles: ['Project Owner'] }] }, /read-only key/],
      [{ bearerTokens: [] }, /bearerTokens/],
      [{ groups: [{ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', tenants: [] }] }, /no group has a tenant/],
      [{ rateLimit: { capacity: 0, refillPerSecond: 1 } }, /rateLimit/],
    ];
    for (const [input, msg] of cases) expect(() => resolveConfig(input), JSON.stringify(input)).toThrow(msg);
    expect(() => resolveConfig({ deletingMs: -1 })).toThrow(ConfigError);
  });

  it('makes the ready line from the first writer, reader, service account and token', () => {
    const info = readyInfo(DEFAULT_CONFIG, 'http://127.0.0.1:1');
    const [admin, reader] = DEFAULT_CONFIG.apiKeys;
    expect(info).toEqual({
      url: 'http://127.0.0.1:1',
      groupId: DEFAULT_CONFIG.groups[0]!.id,
      tenant: 'conformance-tenant',
      auth: `digest:${admin!.publicKey}:${admin!.privateKey}`,
      readonlyAuth: `digest:${reader!.publicKey}:${reader!.privateKey}`,
      serviceAccount: `${DEFAULT_CONFIG.serviceAccounts[0]!.clientId}:${DEFAULT_CONFIG.serviceAccounts[0]!.clientSecret}`,
      bearer: DEFAULT_CONFIG.bearerTokens[0]!.token,
    });
  });

  it('refuses to listen anywhere but loopback, and unknown faults', async () => {
    await expect(startTarget({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startTarget({ faults: ['nope' as never] })).rejects.toThrow(/unknown fault/);
  });
});

describe('README', () => {
  it('holds the fault table generated from FAULTS', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withCurrentTable(readme)).toBe(readme);
    for (const f of FAULTS) expect(readme).toContain(`| \`${f.name}\` | \`${f.breaks}\` |`);
  });
});
