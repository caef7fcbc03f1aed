// Generated values look like what real clients send, names are unique run names, secrets are findable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAbsoluteHttpUrl, isHostPortList, loadContract } from '../../contracts/loader';
import { CONNECTION_TYPES, type ConnectionType, type Fixtures } from '../../contracts/types';
import { createGenContext, MAX_NAME_LENGTH, SECRET_PREFIX, secretValues, validBody, validHolds } from '../../generators';
import { getAt } from '../../generators/operators/paths';

const contract = loadContract();
const sample = <T extends ConnectionType>(type: T, n = 400, fixtures?: Fixtures) =>
  fc.sample(validBody(type, createGenContext({ runPrefix: 'vals', ...(fixtures ? { fixtures } : {}) })), { seed: 5, numRuns: n }) as unknown as Record<string, any>[];

describe('realistic values', () => {
  it('Kafka: host:port lists, dotted config keys, string config values', () => {
    const bodies = sample('Kafka');
    for (const b of bodies) expect(isHostPortList(b.bootstrapServers), b.bootstrapServers).toBe(true);
    expect(bodies.some((b) => b.bootstrapServers.includes(','))).toBe(true);
    const keys = bodies.flatMap((b) => Object.keys(b.config ?? {}));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes('.') || k === 'acks')).toBe(true);
    expect(bodies.flatMap((b) => Object.values(b.config ?? {})).every((v) => typeof v === 'string')).toBe(true);
    const oauth = bodies.filter((b) => b.authentication.mechanism === 'OAUTHBEARER');
    expect(oauth.length).toBeGreaterThan(0);
    for (const b of oauth) expect(isAbsoluteHttpUrl(b.authentication.tokenEndpointUrl)).toBe(true);
  });

  it('AWS role ARNs, absolute http(s) URLs, 24-hex ids, header maps, UUIDs', () => {
    const arn = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
    for (const t of ['AWSLambda', 'S3', 'AWSKinesisDataStreams'] as const) for (const b of sample(t, 200)) expect(b.aws.roleArn).toMatch(arn);
    const https = sample('Https');
    for (const b of https) expect(isAbsoluteHttpUrl(b.url), b.url).toBe(true);
    expect(https.some((b) => Object.keys(b.headers ?? {}).length > 0)).toBe(true);
    for (const b of https) for (const [k, v] of Object.entries(b.headers ?? {})) {
      expect(k).toMatch(/^[A-Za-z0-9-]+$/);
      expect(typeof v).toBe('string');
    }
    const ids = sample('S3').flatMap((b) => [b.networking?.access?.connectionId, b.networking?.access?.tgwRouteId]).filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[a-f0-9]{24}$/);
    for (const b of sample('AzureBlobStorage', 100)) expect(b.azure.servicePrincipalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('SchemaRegistry: 1..10 unique URIs, both authentication types', () => {
    const bodies = sample('SchemaRegistry');
    const lengths = new Set(bodies.map((b) => b.schemaRegistryUrls.length));
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBe(10);
    for (const b of bodies) expect(new Set(b.schemaRegistryUrls).size).toBe(b.schemaRegistryUrls.length);
    expect(new Set(bodies.map((b) => b.schemaRegistryAuthentication.type))).toEqual(new Set(['USER_INFO', 'SASL_INHERIT']));
  });
});

describe('names', () => {
  it('are unique run names within 64 characters, some non-ASCII; Sample and cluster names come from the fixtures', () => {
    const fixtures = { sampleSources: ['sample_stream_solar', 'sample_weather'], clusterNames: ['Cluster0', 'Prod-East'] };
    const ctx = createGenContext({ runPrefix: 'x'.repeat(40), fixtures });
    const names: string[] = [];
    for (const t of CONNECTION_TYPES) {
      for (const b of fc.sample(validBody(t, ctx), { seed: 3, numRuns: 200 })) {
        expect(validHolds(b, contract, fixtures)).toBe(true);
        if (t === 'Sample') expect(fixtures.sampleSources).toContain(b.name);
        else names.push(b.name);
        if (t === 'Cluster') expect(fixtures.clusterNames).toContain((b as { clusterName: string }).clusterName);
      }
    }
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n.startsWith(`${'x'.repeat(40)}-`)).toBe(true);
      expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    }
    expect(names.some((n) => /[^\x00-\x7f]/.test(n))).toBe(true);
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    const seenSources = new Set(fc.sample(validBody('Sample', createGenContext({ fixtures })), { seed: 1, numRuns: 50 }).map((b) => b.name));
    expect(seenSources).toEqual(new Set(fixtures.sampleSources));
  });

  it('bad contexts are refused clearly', () => {
    expect(() => createGenContext({ runPrefix: '' })).toThrow(/runPrefix/);
    expect(() => createGenContext({ runPrefix: 'x'.repeat(41) })).toThrow(/runPrefix/);
    expect(() => createGenContext({ fixtures: { sampleSources: [], clusterNames: ['c'] } })).toThrow(/sampleSources/);
  });
});

describe('secrets', () => {
  it('every write-only value is a distinctive random string of at least 12 characters, found by secretValues', () => {
    const all: string[] = [];
    for (const t of ['Kafka', 'SchemaRegistry'] as const) {
      for (const b of sample(t, 500)) {
        const found = secretValues(t, b, contract);
        for (const p of contract.writeOnlyPaths(t)) {
          const v = getAt(b, p.split('.'));
          if (v !== undefined) expect(found).toContain(v);
        }
        all.push(...found);
      }
    }
    expect(all.length).toBeGreaterThan(300);
    for (const s of all) {
      expect(s.length).toBeGreaterThanOrEqual(12);
      expect(s.startsWith(SECRET_PREFIX)).toBe(true);
    }
    expect(new Set(all).size).toBe(all.length);
    expect(secretValues('Https', sample('Https', 20)[0], contract)).toEqual([]);
    expect(secretValues('Kafka', null, contract)).toEqual([]);
  });

  it('no read-only field is ever sent', () => {
    for (const t of CONNECTION_TYPES) {
      for (const b of sample(t, 100)) for (const p of contract.readOnlyPaths(t)) expect(getAt(b, p.split('.')), `${t} ${p}`).toBeUndefined();
    }
  });
});
