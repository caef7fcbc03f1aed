// Types of the request and response bodies of the contract (contracts/openapi.yaml), as a discriminated union on `type`.

export const CONNECTION_TYPES = [
  'Sample',
  'Cluster',
  'Kafka',
  'Https',
  'AWSLambda',
  'S3',
  'AWSKinesisDataStreams',
  'SchemaRegistry',
  'AzureBlobStorage',
  'GCPPubSub',
] as const;

export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export function isConnectionType(value: unknown): value is ConnectionType {
  return typeof value === 'string' && (CONNECTION_TYPES as readonly string[]).includes(value);
}

export const CONNECTION_STATES = ['PENDING', 'READY', 'DELETING', 'FAILED'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface Link {
  href?: string;
  rel?: string;
}

interface ConnectionBase<T extends ConnectionType> {
  name: string;
  type: T;
  region?: string;
  /** Response-only. */
  id?: string;
  /** Response-only. */
  state?: ConnectionState;
  /** Response-only. */
  links?: Link[];
}

export interface NetworkingAccess {
  type?: 'PUBLIC' | 'VPC' | 'PRIVATE_LINK' | 'TRANSIT_GATEWAY';
  connectionId?: string;
  tgwRouteId?: string;
  name?: string;
  links?: Link[];
}
export interface KafkaNetworking {
  access?: NetworkingAccess;
  links?: Link[];
}
export interface PublicPrivateNetworking {
  access?: { type?: 'PUBLIC' | 'PRIVATE_LINK'; connectionId?: string; links?: Link[] };
  links?: Link[];
}
export interface AwsConfig {
  roleArn?: string;
  testBucket?: string;
  links?: Link[];
}

export const KAFKA_MECHANISMS = ['PLAIN', 'SCRAM-256', 'SCRAM-512', 'OAUTHBEARER'] as const;
export type KafkaMechanism = (typeof KAFKA_MECHANISMS)[number];
export const KAFKA_PROTOCOLS = ['SASL_PLAINTEXT', 'SASL_SSL', 'SSL'] as const;
/** Values outside a description-level enum that profile v1.1 leaves open (the vendor's service accepts them): no rule
 *  judges them, so no operator sends them as a violation and no check counts them as one. */
export const OPEN_ENUM_VALUES: Readonly<Record<string, readonly string[]>> = { 'security.protocol': ['PLAINTEXT'] };
export type KafkaProtocol = (typeof KAFKA_PROTOCOLS)[number];

export interface KafkaAuthentication {
  mechanism?: string;
  method?: string;
  username?: string;
  /** Write-only. */
  password?: string;
  clientId?: string;
  /** Write-only. */
  clientSecret?: string;
  tokenEndpointUrl?: string;
  scope?: string;
  saslOauthbearerExtensions?: string;
  sslCertificate?: string;
  /** Write-only. */
  sslKey?: string;
  /** Write-only. */
  sslKeyPassword?: string;
  aws?: AwsConfig;
  links?: Link[];
}
export interface KafkaSecurity {
  protocol?: string;
  brokerPublicCertificate?: string;
  links?: Link[];
}

export type SampleConnection = ConnectionBase<'Sample'>;
export interface ClusterConnection extends ConnectionBase<'Cluster'> {
  clusterName?: string;
  clusterGroupId?: string | null;
  dbRoleToExecute?: { role?: string; type?: 'BUILT_IN' | 'CUSTOM'; links?: Link[] } | null;
}
export interface KafkaConnection extends ConnectionBase<'Kafka'> {
  bootstrapServers?: string;
  authentication?: KafkaAuthentication;
  security?: KafkaSecurity;
  config?: Record<string, string>;
  networking?: KafkaNetworking;
}
export interface HttpsConnection extends ConnectionBase<'Https'> {
  url?: string;
  headers?: Record<string, string>;
}
export interface AWSLambdaConnection extends ConnectionBase<'AWSLambda'> {
  aws?: AwsConfig;
  publicPrivateNetworking?: PublicPrivateNetworking;
}
export interface S3Connection extends ConnectionBase<'S3'> {
  aws?: AwsConfig;
  networking?: KafkaNetworking;
}
export interface AWSKinesisDataStreamsConnection extends ConnectionBase<'AWSKinesisDataStreams'> {
  aws?: AwsConfig;
  networking?: KafkaNetworking;
}
export type SchemaRegistryAuthentication =
  | { type: 'USER_INFO'; username: string; /** Write-only. */ password?: string }
  | { type: 'SASL_INHERIT' };
export interface SchemaRegistryConnection extends ConnectionBase<'SchemaRegistry'> {
  provider: 'CONFLUENT';
  schemaRegistryUrls: string[];
  schemaRegistryAuthentication: SchemaRegistryAuthentication;
}
export interface AzureBlobStorageConnection extends ConnectionBase<'AzureBlobStorage'> {
  azure?: { servicePrincipalId?: string; storageAccountName?: string; region?: string; links?: Link[] };
  publicPrivateNetworking?: PublicPrivateNetworking;
}
export interface GCPPubSubConnection extends ConnectionBase<'GCPPubSub'> {
  gcp?: { serviceAccountId?: string; links?: Link[] };
  publicPrivateNetworking?: PublicPrivateNetworking;
}

export type StreamsConnection =
  | SampleConnection
  | ClusterConnection
  | KafkaConnection
  | HttpsConnection
  | AWSLambdaConnection
  | S3Connection
  | AWSKinesisDataStreamsConnection
  | SchemaRegistryConnection
  | AzureBlobStorageConnection
  | GCPPubSubConnection;

export type ConnectionOf<T extends ConnectionType> = Extract<StreamsConnection, { type: T }>;

export interface ApiError {
  error: number;
  errorCode: string;
  reason?: string | null;
  detail?: string | null;
  parameters?: unknown[];
  badRequestDetail?: { fields?: { field: string; description: string }[] } | null;
}

/** What a target knows beforehand and a valid body must refer to (profile: fixtures). */
export interface Fixtures {
  sampleSources: string[];
  clusterNames: string[];
}

export const DEFAULT_FIXTURES: Fixtures = {
  sampleSources: ['sample_stream_solar'],
  clusterNames: ['Cluster0'],
};

export const RESOURCE_VERSION = '2023-02-01';
export const VENDOR_MEDIA_TYPE = `application/vnd.atlas.${RESOURCE_VERSION}+json`;
