import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';

/** An S3 bucket name: 3..63 lower-case letters, digits, hyphens; starts and ends with a letter or digit. */
export function s3BucketName(): fc.Arbitrary<string> {
  return fc
    .tuple(charString(LOWER, 1, 1), charString(`${LOWER}${DIGITS}-`, 1, 40), charString(`${LOWER}${DIGITS}`, 1, 1))
    .map(([a, b, c]) => a + b + c);
}
