import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';

/** A plain identifier-like label (user names, client ids, role names): lower-case word with digits and `-_`. */
export function label(prefix = ''): fc.Arbitrary<string> {
  return fc
    .tuple(charString(LOWER, 1, 1), charString(`${LOWER}${DIGITS}-_`, 0, 15))
    .map(([a, b]) => `${prefix}${a}${b}`);
}
