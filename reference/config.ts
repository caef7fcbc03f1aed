// The reference target's configuration: which projects and stream instances exist, which credentials may do
// what, and the knobs tests turn (token lifetime, DELETING delay, rate limit). A config file is JSON of
// `TargetConfigInput`: every top-level field is optional and falls back to the built-in default, so a file can
// change just the fixtures or just the credentials. The defaults are fixed, well-known test credentials: this
// target listens on loopback only and guards nothing.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { DEFAULT_FIXTURES, type Fixtures } from '../contracts/types';

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
}

export type TargetConfigInput = Partial<TargetConfig>;

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
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const scoped = {
  roles: { type: 'array', items: { type: 'string' } },
  groups: { type: 'array', items: { type: 'string', pattern: '^[a-f0-9]{24}$' } },
};
const nonEmpty = { type: 'string', minLength: 1 };
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
  const config: TargetConfig = { ...structuredClone(DEFAULT_CONFIG), ...structuredClone(input as TargetConfigInput) };
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
