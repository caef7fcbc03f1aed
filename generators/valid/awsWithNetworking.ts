import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { region } from '../values/region';
import { awsConfig } from './awsConfig';
import { kafkaNetworking } from './networking';
import { connectionName } from './name';
import type { AWSKinesisDataStreamsConnection, S3Connection } from '../../contracts/types';

/** S3 and AWSKinesisDataStreams share a shape: aws.roleArn essential, Kafka-style networking optional. */
export function awsWithNetworkingBody<T extends 'S3' | 'AWSKinesisDataStreams'>(
  type: T,
  plan: Plan,
): fc.Arbitrary<T extends 'S3' ? S3Connection : AWSKinesisDataStreamsConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant(type),
    region: optional(plan, 'region', region()),
    aws: always(plan, 'aws', awsConfig(plan, 'aws', { roleArnEssential: true })),
    networking: optional(plan, 'networking', kafkaNetworking(plan, 'networking')),
  }) as unknown as fc.Arbitrary<T extends 'S3' ? S3Connection : AWSKinesisDataStreamsConnection>;
}
