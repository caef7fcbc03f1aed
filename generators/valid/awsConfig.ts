import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { awsRoleArn } from '../values/awsRoleArn';
import { s3BucketName } from '../values/s3BucketName';
import type { AwsConfig } from '../../contracts/types';

/** `aws` of AWSLambda, S3, Kinesis (roleArn essential there) and of Kafka authentication (all optional). */
export function awsConfig(plan: Plan, path: string, opts: { roleArnEssential: boolean }): fc.Arbitrary<AwsConfig> {
  return objectOf({
    roleArn: opts.roleArnEssential ? always(plan, `${path}.roleArn`, awsRoleArn()) : optional(plan, `${path}.roleArn`, awsRoleArn()),
    testBucket: optional(plan, `${path}.testBucket`, s3BucketName()),
  });
}
