import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';

/** One lower-case DNS label: starts with a letter, 1..`maxLength` letters, digits and inner hyphens. */
export function dnsLabel(maxLength = 12): fc.Arbitrary<string> {
  return fc
    .tuple(charString(LOWER, 1, 1), charString(`${LOWER}${DIGITS}-`, 0, maxLength - 1))
    .map(([head, tail]) => (head + tail).replace(/-+$/, ''));
}
