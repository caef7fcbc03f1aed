import fc from 'fast-check';
import { DIGITS, LOWER } from './chars';
import { charString } from './charString';

/** An Azure storage account name: 3..24 lower-case letters and digits. */
export function azureStorageAccountName(): fc.Arbitrary<string> {
  return charString(`${LOWER}${DIGITS}`, 3, 24);
}
