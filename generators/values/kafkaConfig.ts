import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';

const KNOWN: readonly (readonly [string, fc.Arbitrary<string>])[] = [
  ['auto.offset.reset', fc.constantFrom('earliest', 'latest', 'none')],
  ['group.id', charString(`${LOWER}${DIGITS}-`, 1, 20)],
  ['client.id', charString(`${LOWER}${DIGITS}-`, 1, 20)],
  ['max.poll.records', fc.integer({ min: 1, max: 5000 }).map(String)],
  ['session.timeout.ms', fc.integer({ min: 6000, max: 300000 }).map(String)],
  ['ssl.endpoint.identification.algorithm', fc.constantFrom('https', '')],
  ['compression.type', fc.constantFrom('none', 'gzip', 'snappy', 'lz4', 'zstd')],
  ['acks', fc.constantFrom('0', '1', 'all')],
  ['linger.ms', fc.integer({ min: 0, max: 1000 }).map(String)],
  ['fetch.min.bytes', fc.integer({ min: 1, max: 1048576 }).map(String)],
];

/** A made-up dotted key (`a.b[.c]`), so maps also carry keys no one has seen. */
export function dottedKey(): fc.Arbitrary<string> {
  return fc.array(charString(LOWER, 1, 8), { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.'));
}

/** Kafka `config`: 0..5 entries with dotted keys (real client settings and made-up ones), string values. */
export function kafkaConfig(): fc.Arbitrary<Record<string, string>> {
  const entry = fc.oneof(
    { arbitrary: fc.constantFrom(...KNOWN).chain(([k, v]) => v.map((value) => [k, value] as const)), weight: 3 },
    { arbitrary: fc.tuple(dottedKey(), charString(`${LOWER}${DIGITS}-_.`, 0, 16)), weight: 1 },
  );
  return fc
    .uniqueArray(entry, { maxLength: 5, selector: ([k]) => k })
    .map((entries) => Object.fromEntries(entries));
}
