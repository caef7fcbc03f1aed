import fc from 'fast-check';
import { ALNUM } from './chars';
import { charString } from './charString';

/** Every generated write-only value starts with this, so a leak oracle (and a human) can spot it anywhere. */
export const SECRET_PREFIX = 'scsecret-';

/**
 * A write-only value (password, client secret, SSL key): the prefix, a kind, then 20 random characters.
 * Not shrinkable: a shrunk secret such as "aaaa" would be neither distinctive nor unique.
 */
export function secret(kind: string): fc.Arbitrary<string> {
  return fc.noShrink(charString(ALNUM, 20)).map((r) => `${SECRET_PREFIX}${kind}-${r}`);
}
