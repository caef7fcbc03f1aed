import fc from 'fast-check';
import { ALNUM, LOWER } from './chars';
import { charString } from './charString';

// No Authorization-like header: its value would be echoed into reports, which must never carry credentials.
const KNOWN: readonly (readonly [string, fc.Arbitrary<string>])[] = [
  ['Content-Type', fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain; charset=utf-8')],
  ['Accept', fc.constantFrom('application/json', '*/*')],
  ['X-Api-Version', fc.constantFrom('1', '2', '2024-01-01')],
  ['User-Agent', fc.constantFrom('atlas-streams/1.0', 'stream-conformance')],
  ['X-Request-Source', charString(`${ALNUM}-`, 1, 16)],
];

/** A made-up header name: `X-Sc-<word>`. */
function customName(): fc.Arbitrary<string> {
  return charString(LOWER, 1, 10).map((w) => `X-Sc-${w[0]!.toUpperCase()}${w.slice(1)}`);
}

/** Https `headers`: 0..5 distinct header names (case-insensitively) with printable ASCII values. */
export function httpHeaders(): fc.Arbitrary<Record<string, string>> {
  const printable = charString(`${ALNUM} -_.,;:=/*`, 0, 24).map((s) => s.trim());
  const entry = fc.oneof(
    { arbitrary: fc.constantFrom(...KNOWN).chain(([k, v]) => v.map((value) => [k, value] as const)), weight: 2 },
    { arbitrary: fc.tuple(customName(), printable), weight: 1 },
  );
  return fc
    .uniqueArray(entry, { maxLength: 5, selector: ([k]) => k.toLowerCase() })
    .map((entries) => Object.fromEntries(entries));
}
