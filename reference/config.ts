// The reference target's configuration: which projects and stream instances exist, which credentials may do
// what, and the knobs tests turn (token lifetime, DELETING delay, rate limit). A config file is JSON of
// `TargetConfigInput`: every top-level field is optional and falls back to the built-in default, so a file can
// change just the fixtures or just the credentials. The defaults are fixed, well-known test credentials: this
// target listens on loopback only and guards nothing.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { DEFAULT_FIXTURES, type Fixtures } from '../contracts/types';
import type { Range } from './draws';

export type { Range } from './draws';

/** Roles that may create and delete connections (contract x-rolesRequirements, plus the older Project Owner). */
export const WRITE_ROLES = [
  'Organization Owner',
  'Organization Stream Processing Admin',
  'Project Owner',
  'Project Stream Processing Manager',
  'Project Stream Processing Owner',
] as const;

/** Roles that may list and read connections (besides the write roles). */
export const READ_ROLES = [
  ...WRITE_ROLES,
  'Organization Read Only',
  'Project Read Only',
  'Project Data Access Admin',
  'Project Data Access Read Only',
  'Project Data Access Read Write',
] as const;

export interface GroupConfig {
  /** 24 lower-case hex digits, as the contract's groupId pattern requires. */
  id: string;
  /** Names of the stream instances (tenants) of the project. */
  tenants: string[];
}

/** Which projects a credential may reach: absent means all configured projects. */
interface Scoped {
  roles: string[];
  groups?: string[];
}

export interface ApiKeyConfig extends Scoped {
  publicKey: string;
  privateKey: string;
}
export interface ServiceAccountConfig extends Scoped {
  clientId: string;
  clientSecret: string;
}
export interface BearerTokenConfig extends Scoped {
  /** A static token that never expires (tokens from /api/oauth/token expire after tokenLifetimeSeconds). */
  token: string;
}

export interface RateLimitConfig {
  /** Bucket size: requests that may arrive at once. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** A fixed window, as the vendor's service limits: `limit` requests per `windowMs`, counted over all requests. */
export interface WindowRateLimit {
  limit: number;
  windowMs: number;
}

/**
 * The timings and limits of the vendor's observed behaviour (profile v1.1, last section), used by the realistic
 * target and by each lenient variant that reproduces one of those behaviours. Every delay is drawn per connection,
 * uniformly from its range, with the target's seed.
 */
export interface RealisticConfig {
  /** After a 200 create, GET one answers 404 and the list omits the connection for this long. */
  settleMs: Range;
  /** After a create, the connection is PENDING for this long, then READY. */
  pendingMs: Range;
  /** After a create, DELETE of a Kafka connection answers 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING for this long
   *  (the connection is PENDING at least as long when pending-then-ready is on too). */
  kafkaDeployingMs: Range;
  /** `Ratelimit-Limit` requests per window, 429 with Retry-After past it. */
  rateLimit: WindowRateLimit;
  /** The region a connection gets when the request sends none. */
  region: string;
}

/** A connection the stream instance holds before anyone calls the target (a customer's own, or a sample). */
export interface SeededConnection {
  /** Default: the first project. */
  groupId?: string;
  /** Default: the project's first stream instance. */
  tenant?: string;
  /** The connection as a create request would send it (name and type at least). */
  body: Record<string, unknown>;
}

export interface TargetConfig {
  groups: GroupConfig[];
  fixtures: Fixtures;
  apiKeys: ApiKeyConfig[];
  serviceAccounts: ServiceAccountConfig[];
  bearerTokens: BearerTokenConfig[];
  /** Lifetime of tokens issued by POST /api/oauth/token. */
  tokenLifetimeSeconds: number;
  /** How long a Digest nonce stays fresh; a request with an older one gets 401 with stale=true. */
  nonceLifetimeSeconds: number;
  /** How long a deleted connection stays visible in state DELETING before it is gone. */
  deletingMs: number;
  /** Token-bucket rate limit over all requests; null (the default) means none. */
  rateLimit: RateLimitConfig | null;
  /** Timings and limits of the vendor's observed behaviour (the realistic target and its lenient variants). */
  realistic: RealisticConfig;
  /** Every stream instance starts with the sample connections (each of fixtures.sampleSources, default
   *  sample_stream_solar), as the vendor's instances created with sample connections do. */
  sampleConnections: boolean;
  /** Connections the instances hold from the start. */
  connections: SeededConnection[];
}

export type TargetConfigInput = Partial<Omit<TargetConfig, 'realistic'>> & { realistic?: Partial<RealisticConfig> };

/** The vendor's behaviour, at a pace a test run can live with: its limit of 1200 requests, but per 10 s rather than
 *  per minute (a default certification, about 9,000 requests, then takes about 75 s of pacing, not 7.5 min); reads
 *  settle within a second, Kafka connections deploy within 3 s. */
export const DEFAULT_REALISTIC: RealisticConfig = {
  settleMs: { min: 200, max: 1000 },
  pendingMs: { min: 500, max: 2000 },
  kafkaDeployingMs: { min: 1000, max: 3000 },
  rateLimit: { limit: 1200, windowMs: 10_000 },
  region: 'VIRGINIA_USA',
};

export const DEFAULT_GROUP_ID = '64a1b2c3d4e5f60718293a4b';
export const DEFAULT_TENANT = 'conformance-tenant';

export const DEFAULT_CONFIG: TargetConfig = {
  groups: [{ id: DEFAULT_GROUP_ID, tenants: [DEFAULT_TENANT] }],
  fixtures: DEFAULT_FIXTURES,
  apiKeys: [
    { publicKey: 'scadmin1', privateKey: '5c0f3a4e-9b1d-4c2a-8e7f-0a1b2c3d4e5f', roles: ['Organization Stream Processing Admin'] },
    { publicKey: 'screado1', privateKey: '7d2e4b6a-1c3f-4a5b-9c8d-1e2f3a4b5c6d', roles: ['Project Read Only'] },
  ],
  serviceAccounts: [
    { clientId: 'mdb_sa_id_conformance', clientSecret: 'mdb_sa_sk_conformance0secret', roles: ['Project Stream Processing Manager'] },
  ],
  bearerTokens: [{ token: 'sc-static-bearer-token-0001', roles: ['Project Stream Processing Manager'] }],
  tokenLifetimeSeconds: 3600,
  nonceLifetimeSeconds: 300,
  deletingMs: 0,
  rateLimit: null,
  realistic: DEFAULT_REALISTIC,
  sampleConnections: false,
  connections: [],
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const scoped = {
  roles: { type: 'array', items: { type: 'string' } },
  groups: { type: 'array', items: { type: 'string', pattern: '^[a-f0-9]{24}$' } },
};
const nonEmpty = { type: 'string', minLength: 1 };
const range = {
  type: 'object',
  additionalProperties: false,
  required: ['min', 'max'],
  properties: { min: { type: 'integer', minimum: 0, maximum: 600000 }, max: { type: 'integer', minimum: 0, maximum: 600000 } },
};
const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    groups: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'tenants'],
        properties: { id: { type: 'string', pattern: '^[a-f0-9]{24}$' }, tenants: { type: 'array', items: nonEmpty } },
      },
    },
    fixtures: {
      type: 'object',
      additionalProperties: false,
      required: ['sampleSources', 'clusterNames'],
      properties: { sampleSources: { type: 'array', items: { type: 'string' } }, clusterNames: { type: 'array', items: { type: 'string' } } },
    },
    apiKeys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['publicKey', 'privateKey', 'roles'],
        properties: { publicKey: { type: 'string', minLength: 1, pattern: '^[^:"\\\\]+$' }, privateKey: nonEmpty, ...scoped },
      },
    },
    serviceAccounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['clientId', 'clientSecret', 'roles'],
        properties: { clientId: { type: 'string', minLength: 1, pattern: '^[^:]+$' }, clientSecret: nonEmpty, ...scoped },
      },
    },
    bearerTokens: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['token', 'roles'],
        properties: { token: { type: 'string', minLength: 1, pattern: '^[\\x21-\\x7e]+$' }, ...scoped },
      },
    },
    tokenLifetimeSeconds: { type: 'number', exclusiveMinimum: 0 },
    nonceLifetimeSeconds: { type: 'number', exclusiveMinimum: 0 },
    deletingMs: { type: 'integer', minimum: 0, maximum: 600000 },
    rateLimit: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['capacity', 'refillPerSecond'],
          properties: { capacity: { type: 'number', minimum: 1 }, refillPerSecond: { type: 'number', exclusiveMinimum: 0 } },
        },
      ],
    },
    realistic: {
      type: 'object',
      additionalProperties: false,
      properties: {
        settleMs: range,
        pendingMs: range,
        kafkaDeployingMs: range,
        rateLimit: {
          type: 'object',
          additionalProperties: false,
          required: ['limit', 'windowMs'],
          properties: { limit: { type: 'integer', minimum: 1 }, windowMs: { type: 'integer', minimum: 1, maximum: 3600000 } },
        },
        region: nonEmpty,
      },
    },
    sampleConnections: { type: 'boolean' },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['body'],
        properties: {
          groupId: { type: 'string', pattern: '^[a-f0-9]{24}$' },
          tenant: nonEmpty,
          body: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' }, type: { type: 'string' } } },
        },
      },
    },
  },
};

// validateSchema off: the schema is ours and fixed (the config tests exercise it); checking it against JSON
// Schema's meta-schema was a twentieth of the target's start-up.
const validateInput = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(CONFIG_SCHEMA);

function isWriter(roles: readonly string[]): boolean {
  return roles.some((r) => (WRITE_ROLES as readonly string[]).includes(r));
}

/** Checks a config input (parsed JSON) and fills what it leaves out from DEFAULT_CONFIG. Throws ConfigError. */
export function resolveConfig(input: unknown): TargetConfig {
  if (!validateInput(input)) {
    const msgs = (validateInput.errors ?? []).map((e) => {
      const where = e.instancePath || '(root)';
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${where} ${e.message ?? e.keyword}${extra}`;
    });
    throw new ConfigError(`invalid target config: ${msgs.join('; ')}`);
  }
  const given = structuredClone(input as TargetConfigInput);
  const config: TargetConfig = { ...structuredClone(DEFAULT_CONFIG), ...given, realistic: { ...structuredClone(DEFAULT_REALISTIC), ...given.realistic } };
  for (const [key, r] of Object.entries(config.realistic)) {
    if (key.endsWith('Ms') && (r as Range).min > (r as Range).max) throw new ConfigError(`invalid target config: /realistic/${key} has min over max`);
  }
  const ids = config.groups.map((g) => g.id);
  if (new Set(ids).size !== ids.length) throw new ConfigError('invalid target config: /groups has duplicate ids');
  if (!config.groups.some((g) => g.tenants.length > 0)) throw new ConfigError('invalid target config: no group has a tenant');
  const admin = config.apiKeys.find((k) => isWriter(k.roles));
  if (!admin) throw new ConfigError('invalid target config: /apiKeys needs a key with a create role (e.g. Organization Stream Processing Admin)');
  if (!config.apiKeys.some((k) => !isWriter(k.roles))) throw new ConfigError('invalid target config: /apiKeys needs a read-only key (no create role)');
  if (config.serviceAccounts.length === 0) throw new ConfigError('invalid target config: /serviceAccounts needs at least one entry');
  if (config.bearerTokens.length === 0) throw new ConfigError('invalid target config: /bearerTokens needs at least one entry');
  const keys = config.apiKeys.map((k) => k.publicKey);
  if (new Set(keys).size !== keys.length) throw new ConfigError('invalid target config: /apiKeys has duplicate public keys');
  return config;
}

/** Reads and resolves a JSON config file. Throws ConfigError with the file name on any problem. */
export function loadConfigFile(path: string): TargetConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`config file ${path} is not valid JSON`);
  }
  try {
    return resolveConfig(json);
  } catch (e) {
    throw new ConfigError(`${path}: ${(e as Error).message}`);
  }
}

/** What a client needs to talk to a target started with this config (the CLI's ready line). */
export interface ReadyInfo {
  url: string;
  groupId: string;
  tenant: string;
  /** `digest:PUBLIC:PRIVATE` of the first key with a create role. */
  auth: string;
  /** `digest:PUBLIC:PRIVATE` of the first key without one. */
  readonlyAuth: string;
  /** `CLIENT_ID:CLIENT_SECRET` of the first service account. */
  serviceAccount: string;
  /** The first static bearer token. */
  bearer: string;
  /** TLS with a CA made at start-up: where its PEM is (a private folder removed when the target stops). */
  caFile?: string;
  /** That CA's PEM itself (for a target in a container, whose files the caller cannot read). */
  ca?: string;
  /** The seed of drawn delays and chaos (set when the realistic target, chaos or a lenient variant is on). */
  seed?: number;
}

export function readyInfo(config: TargetConfig, url: string): ReadyInfo {
  const group = config.groups.find((g) => g.tenants.length > 0)!;
  const admin = config.apiKeys.find((k) => isWriter(k.roles))!;
  const reader = config.apiKeys.find((k) => !isWriter(k.roles))!;
  const sa = config.serviceAccounts[0]!;
  return {
    url,
    groupId: group.id,
    tenant: group.tenants[0]!,
    auth: `digest:${admin.publicKey}:${admin.privateKey}`,
    readonlyAuth: `digest:${reader.publicKey}:${reader.privateKey}`,
    serviceAccount: `${sa.clientId}:${sa.clientSecret}`,
    bearer: config.bearerTokens[0]!.token,
  };
}

export function canWrite(roles: ReadonlySet<string>): boolean {
  return WRITE_ROLES.some((r) => roles.has(r));
}
export function canRead(roles: ReadonlySet<string>): boolean {
  return READ_ROLES.some((r) => roles.has(r));
}
