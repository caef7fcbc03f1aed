import fc from 'fast-check';
import { ALNUM, DIGITS } from './chars';
import { charString } from './charString';

/** An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/[path/]<name>`. */
export function awsRoleArn(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('aws', 'aws', 'aws', 'aws-us-gov', 'aws-cn'),
      charString(DIGITS, 12),
      fc.option(fc.constantFrom('service-role/', 'atlas/', 'streams/prod/'), { nil: '' }),
      charString(`${ALNUM}+=,.@_-`, 1, 40),
    )
    .map(([partition, account, path, name]) => `arn:${partition}:iam::${account}:role/${path}${name}`);
}
