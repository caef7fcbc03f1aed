import fc from 'fast-check';
import { HEX } from './chars';
import { charString } from './charString';

/** A 24-hex-digit Atlas id (`^[a-f0-9]{24}$`): group ids, private link and transit gateway route ids. */
export function hexId(): fc.Arbitrary<string> {
  return charString(HEX, 24);
}
