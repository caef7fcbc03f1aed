import type { RuleId } from '../../contracts/rules';
import type { FaultName } from '../../reference/faults';

/** Faults that break the pact's interactions, with the pact rule each must make fail and what the reason names. */
export const PACT_RULE_FAULTS: readonly { rule: RuleId; fault: FaultName; reason: RegExp }[] = [
  { rule: 'pact-should', fault: 'status-201', reason: /201/ },
  { rule: 'pact-should', fault: 'leak-password', reason: /password/ },
  { rule: 'pact-should', fault: 'success-json-media-type', reason: /[Cc]ontent-[Tt]ype|application\/json/ },
  { rule: 'pact-must', fault: 'auth-optional', reason: /401/ },
];
