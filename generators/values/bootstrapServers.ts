import fc from 'fast-check';
import { hostName } from './hostName';

const COMMON_PORTS = [9092, 9093, 9094, 9096, 9194, 29092];

/**
 * A host: a DNS name most of the time, else an IPv4 address. Not a bracketed IPv6 address: whether the profile's
 * "host:port" admits one it does not say, so IPv6 brokers are an open probe (operators/open.ts), not a valid body.
 */
function host(): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: hostName(), weight: 6 }, { arbitrary: fc.ipV4(), weight: 2 });
}

function port(): fc.Arbitrary<number> {
  return fc.oneof({ arbitrary: fc.constantFrom(...COMMON_PORTS), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 1 });
}

/** Kafka `bootstrapServers`: a comma-separated `host:port` list of 1..4 brokers. */
export function bootstrapServers(): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(host(), port()), { minLength: 1, maxLength: 4 })
    .map((brokers) => brokers.map(([h, p]) => `${h}:${p}`).join(','));
}
