import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { bootstrapServers } from '../values/bootstrapServers';
import { kafkaConfig } from '../values/kafkaConfig';
import { region } from '../values/region';
import { kafkaAuthentication } from './kafkaAuthentication';
import { kafkaSecurity } from './kafkaSecurity';
import { kafkaNetworking } from './networking';
import { connectionName } from './name';
import type { KafkaConnection } from '../../contracts/types';

/** Kafka: bootstrapServers, authentication and security essential; config and networking optional. */
export function kafkaBody(plan: Plan): fc.Arbitrary<KafkaConnection> {
  return objectOf({
    name: connectionName(plan),
    type: fc.constant('Kafka' as const),
    region: optional(plan, 'region', region()),
    bootstrapServers: always(plan, 'bootstrapServers', bootstrapServers()),
    authentication: kafkaAuthentication(plan),
    security: kafkaSecurity(plan),
    config: optional(plan, 'config', kafkaConfig()),
    networking: optional(plan, 'networking', kafkaNetworking(plan, 'networking')),
  }) as fc.Arbitrary<KafkaConnection>;
}
