import fc from 'fast-check';
import { dnsLabel } from './dnsLabel';

const ZONES = ['example.com', 'example.net', 'kafka.example.org', 'internal', 'us-east-1.aws.confluent.cloud', 'servicebus.windows.net'];

/** A realistic host name: `label[.label].zone`. */
export function hostName(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(dnsLabel(), { minLength: 1, maxLength: 2 }), fc.constantFrom(...ZONES))
    .map(([labels, zone]) => [...labels, zone].join('.'));
}
