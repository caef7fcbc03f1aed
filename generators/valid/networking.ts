import fc from 'fast-check';
import { objectOf, oneOfValues, optional, type Plan } from '../plan';
import { hexId } from '../values/hexId';
import { label } from '../values/label';
import type { KafkaNetworking, PublicPrivateNetworking } from '../../contracts/types';

/** `networking` of Kafka, S3 and Kinesis: access {type, connectionId, tgwRouteId, name}, each optional. */
export function kafkaNetworking(plan: Plan, path: string): fc.Arbitrary<KafkaNetworking> {
  const a = `${path}.access`;
  return objectOf({
    access: optional(
      plan,
      a,
      objectOf({
        type: optional(plan, `${a}.type`, oneOfValues(plan, `${a}.type`, ['PUBLIC', 'VPC', 'PRIVATE_LINK', 'TRANSIT_GATEWAY'] as const)),
        connectionId: optional(plan, `${a}.connectionId`, hexId()),
        tgwRouteId: optional(plan, `${a}.tgwRouteId`, hexId()),
        name: optional(plan, `${a}.name`, label('net-')),
      }),
    ),
  }) as fc.Arbitrary<KafkaNetworking>;
}

/** `publicPrivateNetworking` of AWSLambda, AzureBlobStorage and GCPPubSub: access {type PUBLIC|PRIVATE_LINK, connectionId}. */
export function publicPrivateNetworking(plan: Plan, path: string): fc.Arbitrary<PublicPrivateNetworking> {
  const a = `${path}.access`;
  return objectOf({
    access: optional(
      plan,
      a,
      objectOf({
        type: optional(plan, `${a}.type`, oneOfValues(plan, `${a}.type`, ['PUBLIC', 'PRIVATE_LINK'] as const)),
        connectionId: optional(plan, `${a}.connectionId`, hexId()),
      }),
    ),
  }) as fc.Arbitrary<PublicPrivateNetworking>;
}
