import fc from 'fast-check';
import { ALNUM } from './chars';
import { charString } from './charString';

/** A PEM-looking certificate (public material: not write-only), base64-ish body in 64-character lines. */
export function pemCertificate(): fc.Arbitrary<string> {
  return fc.array(charString(`${ALNUM}+/`, 64), { minLength: 1, maxLength: 3 }).map(
    (lines) => `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----`,
  );
}
