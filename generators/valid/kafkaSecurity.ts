import fc from 'fast-check';
import { objectOf, oneOfValues, optional, type Plan } from '../plan';
import { pemCertificate } from '../values/pemCertificate';
import { KAFKA_PROTOCOLS, type KafkaSecurity } from '../../contracts/types';

/** Kafka `security`: a protocol (always sent, like the mechanism) and an optional broker certificate. */
export function kafkaSecurity(plan: Plan): fc.Arbitrary<KafkaSecurity> {
  return objectOf({
    protocol: oneOfValues(plan, 'security.protocol', KAFKA_PROTOCOLS),
    brokerPublicCertificate: optional(plan, 'security.brokerPublicCertificate', pemCertificate()),
  }) as fc.Arbitrary<KafkaSecurity>;
}
