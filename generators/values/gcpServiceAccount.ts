import fc from 'fast-check';
import { dnsLabel } from './dnsLabel';

/** A GCP service account e-mail: `<name>@<project>.iam.gserviceaccount.com`. */
export function gcpServiceAccount(): fc.Arbitrary<string> {
  return fc
    .tuple(dnsLabel(20), dnsLabel(20))
    .map(([name, project]) => `${name}@${project}.iam.gserviceaccount.com`);
}
