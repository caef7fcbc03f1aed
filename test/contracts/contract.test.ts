import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONTRACT_URL, createContract, loadContract, parseJsonPath, toJsonPath } from '../../contracts/loader';
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES } from '../../contracts/types';

const contract = loadContract();

// Hand-written examples, independent of the generators, one valid body per type.
const VALID: Record<ConnectionType, Record<string, unknown>> = {
  Sample: { name: 'sample_stream_solar', type: 'Sample' },
  Cluster: { name: 'c1', type: 'Cluster', clusterName: 'Cluster0', clusterGroupId: null, dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN' } },
  Kafka: {
    name: 'k1',
    type: 'Kafka',
    bootstrapServers: 'broker-1.example.com:9092,10.0.0.2:9093',
    authentication: { mechanism: 'SCRAM-256', username: 'u', password: 'pw-secret-1234' },
    security: { protocol: 'SASL_SSL' },
    config: { 'auto.offset.reset': 'earliest' },
    networking: { access: { type: 'PRIVATE_LINK', connectionId: '0123456789abcdef01234567' } },
  },
  Https: { name: 'h1', type: 'Https', url: 'https://example.com/hook', headers: { 'X-Token': 'abc' } },
  AWSLambda: { name: 'l1', type: 'AWSLambda', aws: { roleArn: 'arn:aws:iam::123456789012:role/r' }, publicPrivateNetworking: { access: { type: 'PUBLIC' } } },
  S3: { name: 's3', type: 'S3', aws: { roleArn: 'arn:aws:iam::123456789012:role/r', testBucket: 'b' }, networking: { access: { type: 'PUBLIC' } } },
  AWSKinesisDataStreams: { name: 'kin', type: 'AWSKinesisDataStreams', aws: { roleArn: 'arn:aws:iam::123456789012:role/r' } },
  SchemaRegistry: {
    name: 'sr',
    type: 'SchemaRegistry',
    provider: 'CONFLUENT',
    schemaRegistryUrls: ['https://sr1.example.com', 'https://sr2.example.com:8081/x'],
    schemaRegistryAuthentication: { type: 'USER_INFO', username: 'u', password: 'pw-secret-5678' },
  },
  AzureBlobStorage: { name: 'az', type: 'AzureBlobStorage', azure: { servicePrincipalId: 'sp', storageAccountName: 'acct', region: 'eastus' } },
  GCPPubSub: { name: 'gcp', type: 'GCPPubSub', gcp: { serviceAccountId: 'sa@p.iam.gserviceaccount.com' }, publicPrivateNetworking: { access: { type: 'PRIVATE_LINK', connectionId: 'abcdefabcdefabcdefabcdef' } } },
};

// One MUST violation per type, with the path it must be reported at.
const INVALID: Record<ConnectionType, [Record<string, unknown>, string]> = {
  Sample: [{ type: 'Sample' }, '$.name'],
  Cluster: [{ ...VALID.Cluster, dbRoleToExecute: { type: 'OWNER' } }, '$.dbRoleToExecute.type'],
  Kafka: [{ ...VALID.Kafka, config: { 'auto.offset.reset': 1 } }, '$.config["auto.offset.reset"]'],
  Https: [{ ...VALID.Https, headers: ['X'] }, '$.headers'],
  AWSLambda: [{ ...VALID.AWSLambda, publicPrivateNetworking: { access: { type: 'VPC' } } }, '$.publicPrivateNetworking.access.type'],
  S3: [{ ...VALID.S3, networking: { access: { connectionId: 'ABCDEF0123456789ABCDEF01' } } }, '$.networking.access.connectionId'],
  AWSKinesisDataStreams: [{ ...VALID.AWSKinesisDataStreams, aws: { roleArn: 7 } }, '$.aws.roleArn'],
  SchemaRegistry: [{ ...VALID.SchemaRegistry, schemaRegistryUrls: Array.from({ length: 11 }, (_, i) => `https://s${i}.example.com`) }, '$.schemaRegistryUrls'],
  AzureBlobStorage: [{ ...VALID.AzureBlobStorage, name: null }, '$.name'],
  GCPPubSub: [{ ...VALID.GCPPubSub, gcp: 'sa' }, '$.gcp'],
};

describe('contract document', () => {
  it('is a valid OpenAPI 3.0 document for a standard validator', async () => {
    const doc = parseYaml(readFileSync(CONTRACT_URL, 'utf8'));
    await expect(SwaggerParser.validate(doc)).resolves.toBeTruthy();
  });

  it('has no $ref cycle', () => {
    const schemas = contract.document.components.schemas as Record<string, unknown>;
    const edges = new Map<string, string[]>();
    const refsOf = (node: unknown, acc: string[]): string[] => {
      if (Array.isArray(node)) node.forEach((n) => refsOf(n, acc));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') acc.push(v.replace('#/components/schemas/', ''));
          else if (k !== 'discriminator') refsOf(v, acc);
        }
      }
      return acc;
    };
    for (const [name, s] of Object.entries(schemas)) edges.set(name, refsOf(s, []));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const dfs = (n: string, trail: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'visiting') {
        cycles.push([...trail, n].join(' -> '));
        return;
      }
      state.set(n, 'visiting');
      for (const m of edges.get(n) ?? []) dfs(m, [...trail, n]);
      state.set(n, 'done');
    };
    for (const n of edges.keys()) dfs(n, []);
    expect(cycles).toEqual([]);
  });

  it('maps every connection type, S3 included, and puts every type in the enum', () => {
    expect(Object.keys(contract.variantSchemaNames).sort()).toEqual([...CONNECTION_TYPES].sort());
    const typeEnum = contract.document.components.schemas.StreamsConnectionBase.properties.type.enum;
    expect([...typeEnum].sort()).toEqual([...CONNECTION_TYPES].sort());
  });

  it('answers 409 with a conflict response, not the unauthorized one (errata 1)', () => {
    const post = contract.document.paths['/api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections'].post;
    expect(post.responses['409'].$ref).toBe('#/components/responses/conflict');
  });

  it('rejects a contract whose discriminator mapping disagrees with the branches', () => {
    const text = readFileSync(CONTRACT_URL, 'utf8').replace("enum: [USER_INFO]", 'enum: [USER]');
    expect(() => createContract(text)).toThrow(/USER_INFO/);
  });
});

describe('request body validation, variant chosen by type', () => {
  it.each(CONNECTION_TYPES)('accepts a valid %s body with no SHOULD finding', (type) => {
    expect(contract.validateRequestBody(VALID[type])).toEqual([]);
    expect(contract.checkShould(VALID[type], DEFAULT_FIXTURES)).toEqual([]);
  });

  it.each(CONNECTION_TYPES)('rejects an invalid %s body at the offending path', (type) => {
    const [body, path] = INVALID[type];
    expect(contract.validateRequestBody(body).map((v) => v.path)).toContain(path);
  });

  it('selects the variant by type: a field valid for one type is judged by the chosen type only', () => {
    // `networking.access.type: VPC` is valid for Kafka and S3, invalid under publicPrivateNetworking.
    expect(contract.validateRequestBody({ ...VALID.S3, networking: { access: { type: 'VPC' } } })).toEqual([]);
    const kafkaAsGcp = { ...VALID.Kafka, type: 'GCPPubSub' };
    expect(contract.validateRequestBody(kafkaAsGcp)).toEqual([]); // extra properties are allowed by the spec
    const wrong = { ...VALID.GCPPubSub, publicPrivateNetworking: { access: { type: 'TRANSIT_GATEWAY' } } };
    expect(contract.validateRequestBody(wrong).map((v) => v.path)).toEqual(['$.publicPrivateNetworking.access.type']);
  });

  it('reports missing, unknown and wrongly-cased types at $.type', () => {
    for (const body of [{ name: 'x' }, { name: 'x', type: 'Nope' }, { name: 'x', type: 'kafka' }, { name: 'x', type: 3 }]) {
      expect(contract.validateRequestBody(body).map((v) => v.path)).toContain('$.type');
    }
  });

  it('reports a body that is not an object at $', () => {
    for (const body of [[], 'x', 1, null, true]) {
      expect(contract.validateRequestBody(body)).toEqual([expect.objectContaining({ path: '$', keyword: 'type' })]);
    }
  });

  it('honours nullable fields and rejects null elsewhere', () => {
    expect(contract.validateRequestBody({ ...VALID.Cluster, clusterGroupId: null, dbRoleToExecute: null })).toEqual([]);
    expect(contract.validateRequestBody({ ...VALID.Cluster, clusterName: null }).map((v) => v.path)).toEqual(['$.clusterName']);
  });

  it('checks SchemaRegistry required fields, nested discriminator, uniqueness, bounds and URIs', () => {
    const sr = VALID.SchemaRegistry;
    const paths = (b: unknown) => contract.validateRequestBody(b).map((v) => v.path);
    expect(paths({ ...sr, provider: undefined })).toContain('$.provider');
    expect(paths({ ...sr, schemaRegistryUrls: [] })).toContain('$.schemaRegistryUrls');
    expect(paths({ ...sr, schemaRegistryUrls: ['https://a.example', 'https://a.example'] })).toContain('$.schemaRegistryUrls');
    expect(paths({ ...sr, schemaRegistryUrls: ['not a uri'] })).toContain('$.schemaRegistryUrls[0]');
    expect(paths({ ...sr, schemaRegistryAuthentication: { type: 'USER_INFO', username: 'u' } })).toContain('$.schemaRegistryAuthentication.password');
    expect(paths({ ...sr, schemaRegistryAuthentication: { type: 'SASL_INHERIT' } })).toEqual([]);
    expect(paths({ ...sr, schemaRegistryAuthentication: { type: 'BASIC' } })).toContain('$.schemaRegistryAuthentication.type');
  });

  it('requires a write-only field in requests only (OpenAPI 3.0 required + writeOnly)', () => {
    const sr = VALID.SchemaRegistry as { schemaRegistryAuthentication: Record<string, unknown> };
    const withoutPassword = { ...sr, schemaRegistryAuthentication: { type: 'USER_INFO', username: 'u' } };
    expect(contract.validateRequestBody(withoutPassword).map((v) => v.path)).toEqual(['$.schemaRegistryAuthentication.password']);
    expect(contract.validateResponseBody(withoutPassword)).toEqual([]);
  });

  it('validates responses with read-only fields and rejects a state outside the enum', () => {
    const res = { ...VALID.Https, id: '0123456789abcdef01234567', state: 'READY', links: [{ href: 'https://x', rel: 'self' }] };
    expect(contract.validateResponseBody(res)).toEqual([]);
    expect(contract.validateResponseBody({ ...res, state: 'ACTIVE' }).map((v) => v.path)).toEqual(['$.state']);
  });
});

describe('SHOULD checks (profile: essential fields, description enums)', () => {
  const should = (b: unknown) => contract.checkShould(b, DEFAULT_FIXTURES).map((v) => `${v.keyword} ${v.path}`);

  it('flags missing essential fields of each type', () => {
    expect(should({ name: 'k', type: 'Kafka' })).toEqual(['essential $.bootstrapServers', 'essential $.authentication', 'essential $.security']);
    expect(should({ name: 'h', type: 'Https' })).toEqual(['essential $.url']);
    expect(should({ name: 'a', type: 'AzureBlobStorage', azure: {} })).toEqual(['essential $.azure.servicePrincipalId', 'essential $.azure.storageAccountName']);
    for (const t of ['AWSLambda', 'S3', 'AWSKinesisDataStreams'] as const) expect(should({ name: 'a', type: t })).toEqual(['essential $.aws.roleArn']);
    expect(should({ name: 'g', type: 'GCPPubSub', gcp: {} })).toEqual(['essential $.gcp.serviceAccountId']);
    expect(should({ name: 'c', type: 'Cluster' })).toEqual(['essential $.clusterName']);
  });

  it('flags unknown fixtures, empty names, formats, enums and Kafka credential combinations', () => {
    expect(should({ name: 'nope', type: 'Sample' })).toEqual(['fixture $.name']);
    expect(should({ ...VALID.Cluster, clusterName: 'Other' })).toEqual(['fixture $.clusterName']);
    expect(should({ ...VALID.Https, name: '' })).toEqual(['non-empty $.name']);
    expect(should({ ...VALID.Https, url: '/relative' })).toEqual(['format $.url']);
    expect(should({ ...VALID.Https, url: 'ftp://example.com' })).toEqual(['format $.url']);
    expect(should({ ...VALID.Kafka, bootstrapServers: 'broker-without-port' })).toEqual(['format $.bootstrapServers']);
    expect(should({ ...VALID.Kafka, bootstrapServers: 'b:99999' })).toEqual(['format $.bootstrapServers']);
    expect(should({ ...VALID.Kafka, security: { protocol: 'TLS' } })).toEqual(['enum $.security.protocol']);
    expect(should({ ...VALID.Kafka, authentication: { mechanism: 'GSSAPI' } })).toEqual(['enum $.authentication.mechanism']);
    expect(should({ ...VALID.Kafka, authentication: { mechanism: 'PLAIN', username: 'u' } })).toEqual(['combination $.authentication.password']);
    expect(should({ ...VALID.Kafka, authentication: { mechanism: 'OAUTHBEARER', method: 'OIDC', clientId: 'c', clientSecret: 's', tokenEndpointUrl: 'https://idp.example/token' } })).toEqual([]);
    expect(should({ ...VALID.Kafka, authentication: { mechanism: 'OAUTHBEARER', method: 'PASSWORD', clientId: 'c', clientSecret: 's', tokenEndpointUrl: 'https://idp.example/token' } })).toEqual(['enum $.authentication.method']);
  });
});

describe('write-only and read-only fields', () => {
  it('knows every write-only field of the profile', () => {
    expect(contract.writeOnlyPaths('Kafka')).toEqual(['authentication.password', 'authentication.clientSecret', 'authentication.sslKey', 'authentication.sslKeyPassword']);
    expect(contract.writeOnlyPaths('SchemaRegistry')).toEqual(['schemaRegistryAuthentication.password']);
    for (const t of CONNECTION_TYPES.filter((t) => t !== 'Kafka' && t !== 'SchemaRegistry')) expect(contract.writeOnlyPaths(t)).toEqual([]);
  });

  it('knows id, state and links as read-only', () => {
    for (const t of CONNECTION_TYPES) expect(contract.readOnlyPaths(t)).toEqual(expect.arrayContaining(['id', 'state', 'links']));
  });
});

describe('JSON paths', () => {
  it('round-trips identifiers, indexes and quoted keys', () => {
    const segs = ['config', 'a.b "c"', 'list', 3, 'x'];
    expect(toJsonPath(segs)).toBe('$.config["a.b \\"c\\""].list[3].x');
    expect(parseJsonPath(toJsonPath(segs))).toEqual(segs);
  });
});
