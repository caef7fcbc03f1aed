import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { region } from '../values/region';
import { awsConfig } from './awsConfig';
import { publicPrivateNetworking } from './networking';
import { connectionName } from './name';
import type { AWSLambdaConnection } from '../../contracts/types';

/** AWSLambda: aws.roleArn essential; publicPrivateNetworking optional. */
export function awsLambdaBody(plan: Plan): fc.Arbitrary<AWSLambdaConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('AWSLambda' as const),
    region: optional(plan, 'region', region()),
    aws: always(plan, 'aws', awsConfig(plan, 'aws', { roleArnEssential: true })),
    publicPrivateNetworking: optional(plan, 'publicPrivateNetworking', publicPrivateNetworking(plan, 'publicPrivateNetworking')),
  }) as fc.Arbitrary<AWSLambdaConnection>;
}
