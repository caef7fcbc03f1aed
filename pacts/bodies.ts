// Example request bodies of the pact interactions, one valid body per connection type.
// Bodies come from the generators (generators/index.ts) with a fixed seed, then get the pact's fixed, readable
// connection names (`pact-<type>`), so regenerating with the same seed gives the same file.
import fc from 'fast-check';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { createGenContext, validBody } from '../generators';

export type ExampleBodies = Readonly<Record<ConnectionType, Record<string, unknown>>>;

/** Fixed connection name of a type's success interaction (Sample must name a known sample source instead). */
export function connectionName(type: ConnectionType): string {
  return type === 'Sample' ? 'sample_stream_solar' : `pact-${type.toLowerCase()}`;
}

/** Hand-written valid bodies that follow the profile's SHOULD rules: the readable examples of pacts/README.md. */
export const HANDWRITTEN_BODIES: ExampleBodies = {
  Sample: { name: 'sample_stream_solar', type: 'Sample' },
  Cluster: { name: 'pact-cluster', type: 'Cluster', clusterName: 'Cluster0', dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN' } },
  Kafka: {
    name: 'pact-kafka',
    type: 'Kafka',
    bootstrapServers: 'broker-1.example.com:9092,broker-2.example.com:9092',
    authentication: { mechanism: 'PLAIN', username: 'pact-user', password: 'write-only' },
    security: { protocol: 'SASL_SSL' },
    config: { 'auto.offset.reset': 'earliest' },
    networking: { access: { type: 'PUBLIC' } },
  },
  Https: { name: 'pact-https', type: 'Https', url: 'https://webhook.example.com/events', headers: { 'X-Source': 'atlas' } },
  AWSLambda: { name: 'pact-awslambda', type: 'AWSLambda', aws: { roleArn: 'arn:aws:iam::123456789012:role/pact-lambda' } },
  S3: { name: 'pact-s3', type: 'S3', aws: { roleArn: 'arn:aws:iam::123456789012:role/pact-s3', testBucket: 'pact-bucket' } },
  AWSKinesisDataStreams: { name: 'pact-awskinesisdatastreams', type: 'AWSKinesisDataStreams', aws: { roleArn: 'arn:aws:iam::123456789012:role/pact-kinesis' } },
  SchemaRegistry: {
    name: 'pact-schemaregistry',
    type: 'SchemaRegistry',
    provider: 'CONFLUENT',
    schemaRegistryUrls: ['https://registry.example.com'],
    schemaRegistryAuthentication: { type: 'USER_INFO', username: 'pact-user', password: 'write-only' },
  },
  AzureBlobStorage: { name: 'pact-azureblobstorage', type: 'AzureBlobStorage', azure: { servicePrincipalId: '00000000-0000-4000-8000-000000000000', storageAccountName: 'pactstorage' } },
  GCPPubSub: { name: 'pact-gcppubsub', type: 'GCPPubSub', gcp: { serviceAccountId: 'pact@example-project.iam.gserviceaccount.com' } },
};

/**
 * One generated valid body per type (the generators' first sample for `seed`), renamed to the type's fixed name.
 * Write-only values are still the generator's; templates.ts swaps them for placeholders before they reach a pact.
 */
export function exampleBodies(seed: number): ExampleBodies {
  const ctx = createGenContext({ runPrefix: 'pact' });
  return Object.fromEntries(
    CONNECTION_TYPES.map((t) => {
      const [body] = fc.sample(validBody(t, ctx), { seed, numRuns: 1 });
      if (!body) throw new Error(`the generators gave no valid ${t} body for seed ${seed}`);
      return [t, { ...(body as unknown as Record<string, unknown>), name: connectionName(t) }];
    }),
  ) as unknown as ExampleBodies;
}
