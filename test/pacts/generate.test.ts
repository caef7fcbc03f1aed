// Consumer tests: writing the pact runs every interaction against the Pact mock server (127.0.0.1); these tests
// check the result is what the issue asks for and that regeneration is byte-identical.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { writePacts } from '../../pacts/consumer';
import { PACT_FILE_NAME, PACTS_DIR } from '../../pacts/names';

let dirA: string;
let dirB: string;
let pact: any;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'pacts-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'pacts-b-'));
  await writePacts({ dir: dirA });
  await writePacts({ dir: dirB });
  pact = JSON.parse(readFileSync(join(dirA, PACT_FILE_NAME), 'utf8'));
}, 30_000);
afterAll(() => {
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

const byDescription = (d: string) => pact.interactions.find((i: any) => i.description === d);
const errorStatus = (d: string) => byDescription(d).response.status;

describe('generated pact', () => {
  it('is byte-identical when regenerated with the same seed, and equal to the committed file', () => {
    const a = readFileSync(join(dirA, PACT_FILE_NAME));
    expect(a.equals(readFileSync(join(dirB, PACT_FILE_NAME)))).toBe(true);
    const committed = readFileSync(join(fileURLToPath(PACTS_DIR), PACT_FILE_NAME));
    expect(a.equals(committed), 'contracts/pacts is stale: run npm run pacts:generate and commit').toBe(true);
  });

  it('is a V4 pact between the named consumer and provider', () => {
    expect(pact.metadata.pactSpecification.version).toBe('4.0');
    expect(pact.consumer.name).toBe('atlas-streams-client');
    expect(pact.provider.name).toBe('atlas-admin-api-streams-connections');
  });

  it('records one success per connection type, with the vendor media type in request and response', () => {
    for (const type of CONNECTION_TYPES) {
      const i = byDescription(`a valid request to create a connection of type ${type}`);
      expect(i, type).toBeDefined();
      expect(i.request.method).toBe('POST');
      expect(i.request.body.contentType).toBe('application/vnd.atlas.2023-02-01+json');
      expect(i.request.body.content.type).toBe(type);
      expect(i.response.status).toBe(200);
      expect(i.response.body.contentType).toBe('application/vnd.atlas.2023-02-01+json');
      expect(i.response.headers['Content-Type']).toEqual(['application/vnd.atlas.2023-02-01+json']);
      expect(i.response.matchingRules.header['Content-Type'].matchers[0].match).toBe('regex');
      expect(i.providerStates.map((s: any) => s.name)).toContain('stream instance pact-stream-instance exists in group G');
    }
  });

  it('records the eight error interactions with ApiError matchers', () => {
    const expected: Record<string, number> = {
      'an attempt to create a connection with an invalid body': 400,
      'an attempt to create a connection without credentials': 401,
      'an attempt to create a connection with invalid credentials': 401,
      'an attempt to create a connection with a read-only credential': 403,
      'an attempt to create a connection in an unknown stream instance': 404,
      'an attempt to create a connection with an unsupported API version': 406,
      'an attempt to create a connection whose name is taken': 409,
      'an attempt to create a connection without remaining rate limit': 429,
    };
    for (const [d, status] of Object.entries(expected)) {
      expect(errorStatus(d), d).toBe(status);
      const i = byDescription(d);
      expect(i.response.body.contentType).toBe('application/json');
      expect(i.response.matchingRules.body['$.errorCode'].matchers[0].match).toBe('regex');
    }
    expect(pact.interactions).toHaveLength(18);
    const readOnly = byDescription('an attempt to create a connection with a read-only credential');
    expect(readOnly.response.matchingRules.status.$.matchers[0]).toEqual({ match: 'statusCode', status: [401, 403] });
    const limited = byDescription('an attempt to create a connection without remaining rate limit');
    expect(limited.response.matchingRules.header['Retry-After'].matchers[0]).toEqual({ match: 'regex', regex: '^[0-9]+$' });
    const invalid = byDescription('an attempt to create a connection with an invalid body');
    expect(invalid.response.body.content.badRequestDetail.fields[0]).toHaveProperty('field');
    expect(invalid.response.matchingRules.body['$.badRequestDetail.fields'].matchers[0]).toMatchObject({ match: 'type', min: 1 });
    expect(byDescription('an attempt to create a connection without credentials').request.headers.Authorization).toBeUndefined();
  });

  it('names preconditions as provider states with parameters', () => {
    const dup = byDescription('an attempt to create a connection whose name is taken');
    const exists = dup.providerStates.find((s: any) => s.name === 'connection pact-existing-connection exists in stream instance pact-stream-instance');
    expect(exists.params.connection.name).toBe('pact-existing-connection');
    expect(dup.request.body.content.name).toBe('pact-existing-connection');
    const missing = byDescription('an attempt to create a connection in an unknown stream instance');
    expect(missing.providerStates[0].name).toBe('stream instance pact-missing-stream-instance does not exist in group G');
    expect(missing.request.generators.path).toEqual({ type: 'ProviderState', expression: '/api/atlas/v2/groups/${groupId}/streams/pact-missing-stream-instance/connections' });
  });

  it('matches ids, enums and the path by regex, free strings by type', () => {
    const kafka = byDescription('a valid request to create a connection of type Kafka');
    expect(kafka.request.matchingRules.path.matchers[0].regex).toBe('^/api/atlas/v2/groups/[a-f0-9]{24}/streams/[^/]+/connections$');
    expect(kafka.response.matchingRules.body['$.security.protocol'].matchers[0].regex).toBe('^(SASL_PLAINTEXT|SASL_SSL|SSL)$');
    expect(kafka.response.matchingRules.body['$.bootstrapServers'].matchers[0].match).toBe('type');
    // name and type are literal: the response must echo the request's.
    expect(kafka.response.matchingRules.body['$.name']).toBeUndefined();
    expect(kafka.request.matchingRules.header.Authorization.matchers[0].regex).toBe('^(Bearer|Digest) \\S.*$');
    // The success Accept takes 2023-02-01 and later dates only, so the 406 request (an earlier date) is told apart.
    const accept = new RegExp(kafka.request.matchingRules.header.Accept.matchers[0].regex);
    expect(accept.test('application/vnd.atlas.2023-02-01+json') && accept.test('application/vnd.atlas.2025-03-12+json')).toBe(true);
    const badVersion = byDescription('an attempt to create a connection with an unsupported API version').request.headers.Accept[0];
    expect(accept.test(badVersion)).toBe(false);
  });

  it('keeps write-only fields out of responses and forbids them with eachKey rules; requests carry only placeholders', () => {
    const kafka = byDescription('a valid request to create a connection of type Kafka');
    expect(kafka.request.body.content.authentication.password).toMatch(/^pact-fake-secret-/);
    expect(kafka.response.body.content.authentication).not.toHaveProperty('password');
    const rule = kafka.response.matchingRules.body['$.authentication'].matchers[0];
    expect(rule.match).toBe('eachKey');
    expect(new RegExp(rule.rules[0].regex).test('password')).toBe(false);
    expect(new RegExp(rule.rules[0].regex).test('username')).toBe(true);
    const sr = byDescription('a valid request to create a connection of type SchemaRegistry');
    const srRule = sr.response.matchingRules.body['$.schemaRegistryAuthentication'].matchers[0];
    expect(new RegExp(srRule.rules[0].regex).test('password')).toBe(false);
    // No response anywhere holds a write-only placeholder, and no Authorization value is a real credential.
    const text = readFileSync(join(dirA, PACT_FILE_NAME), 'utf8');
    for (const i of pact.interactions) expect(JSON.stringify(i.response)).not.toContain('pact-fake-secret');
    for (const m of text.matchAll(/"Authorization": \[\s*"([^"]+)"/g)) expect(m[1]).toMatch(/^Bearer pact-placeholder-/);
  });
});

describe('consumer expectations', () => {
  it('reject answers a client could not use', async () => {
    const { assertClientExpectations } = await import('../../pacts/consumer');
    const { buildInteractions } = await import('../../pacts/interactions');
    const { exampleBodies } = await import('../../pacts/bodies');
    const { loadContract } = await import('../../contracts/loader');
    const specs = buildInteractions(exampleBodies(20230201), loadContract());
    const kafka = specs.find((s) => s.description.endsWith('type Kafka'))!;
    const ok = { status: 200, contentType: 'application/vnd.atlas.2023-02-01+json', retryAfter: null, text: '{}', json: { name: kafka.send.body.name, type: 'Kafka' } };
    expect(() => assertClientExpectations(kafka, ok)).not.toThrow();
    expect(() => assertClientExpectations(kafka, { ...ok, status: 201 })).toThrow('status 201');
    expect(() => assertClientExpectations(kafka, { ...ok, contentType: 'application/json' })).toThrow('content type');
    expect(() => assertClientExpectations(kafka, { ...ok, text: '{"p":"pact-fake-secret-authentication-password"}' })).toThrow('write-only');
    const limited = specs.find((s) => s.description.includes('rate limit'))!;
    const err = { status: 429, contentType: 'application/json', retryAfter: null, text: '{}', json: { error: 429, errorCode: 'X' } };
    expect(() => assertClientExpectations(limited, err)).toThrow('Retry-After');
    expect(() => assertClientExpectations(limited, { ...err, retryAfter: '3', json: { error: 400, errorCode: 'X' } })).toThrow('differs from status');
  });
});
