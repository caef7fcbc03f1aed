// pact-must / pact-should: each interaction of the consumer pact (contracts/pacts) the Pact verifier checked is
// satisfied. Their basis is the pact's interactions (each written from a profile rule), not one profile sentence.
import { defineOracle } from './define';
import { fail, PASS, type Verdict } from './verdict';

export interface InteractionOutcome {
  description: string;
  ok: boolean;
  reasons: readonly string[];
}

const satisfied = (i: InteractionOutcome): Verdict => (i.ok ? PASS : fail(`${i.description}: ${i.reasons.join('; ')}`));

export const pactMust = defineOracle({ oracleName: 'pactMust', rule: 'pact-must' }, satisfied);
export const pactShould = defineOracle({ oracleName: 'pactShould', rule: 'pact-should' }, satisfied);
