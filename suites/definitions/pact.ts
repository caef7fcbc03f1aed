// The consumer pact (contracts/pacts), verified against the target with the Pact verifier: what a client team's
// contract says the target must do, as a rule group of the certification.
import { type IsolatedVerifyOptions, verifyPactsIsolated, warmVerifier } from '../../pacts/verify/isolated';
import { VerifySetupError } from '../../pacts/verify/setup-error';
import { pactMust, pactShould } from '../../oracles';
import { type SuiteContext, judge } from '../../engine/context';
import { type RunConfig, settleBound } from '../../engine/config';
import type { SuiteDef } from '../../engine/suite';

/** What the verifier child needs of a run. */
export function pactVerifyOptions(config: RunConfig): IsolatedVerifyOptions {
  return {
    targetUrl: config.target,
    groupId: config.groupId,
    tenant: config.tenant,
    auth: config.auth,
    ...(config.readonlyAuth ? { readonlyAuth: config.readonlyAuth } : {}),
    timeoutMs: config.timeoutMs,
    settleMs: settleBound(config),
    // Off unless the run asks for it: a burst of hundreds of requests at a shared project is not a probe, and a
    // target that never answers 429 is conformant ("429 (if any)"): the interaction is then not assessed.
    rateLimitProbe: config.rateLimitProbe ?? 0,
    ...(config.rate !== undefined ? { rate: config.rate } : {}),
    ...(config.tls ? { tls: config.tls } : {}),
  };
}

async function verify(ctx: SuiteContext): Promise<void> {
  // The pact's provider states delete connections and wait for them to be gone: against a target known by now
  // never to complete a deletion (the cleanup rule says so) each state would wait out its deadline, for nothing.
  const givenUp = ctx.client.policies.deletes.givenUp;
  if (givenUp) {
    const why = `the pact's provider states need deletions to complete, and this target's do not (${givenUp})`;
    ctx.rec.notAssessedBecause('pact-must', why);
    ctx.rec.notAssessedBecause('pact-should', why);
    return;
  }
  let result;
  try {
    // In a child process: the verifier writes its own report to stdout, which would drown the run's progress. The
    // worker starts it with the run's first suite (engine/vitest-suite.ts), so it has loaded by now; where
    // none was started, this starts one.
    result = await verifyPactsIsolated(pactVerifyOptions(ctx.config));
  } catch (e) {
    const why = e instanceof VerifySetupError ? e.message : `the Pact verifier could not run: ${(e as Error).message}`;
    ctx.rec.incident(`pact: ${why}`);
    ctx.rec.notAssessedBecause('pact-must', why);
    ctx.rec.notAssessedBecause('pact-should', why);
    return;
  }
  // The verification's own creates (provider states, success interactions) go into the run's ledger: the final
  // sweep deletes whatever of them is still there.
  for (const e of result.sent ?? []) ctx.rec.recordSent(e);
  for (const i of result.interactions) {
    if (i.notAssessed) continue;
    ctx.rec.countCase('none', 'pact-interaction');
    judge(ctx, (i.level === 'MUST' ? pactMust : pactShould)(i), [], { operator: i.description });
  }
  const skipped = result.interactions.filter((i) => i.notAssessed);
  for (const rule of ['pact-must', 'pact-should'] as const) {
    const level = rule === 'pact-must' ? 'MUST' : 'SHOULD';
    const why = skipped.filter((i) => i.level === level).map((i) => i.notAssessed!);
    if (why.length > 0 && !result.interactions.some((i) => i.level === level && !i.notAssessed)) ctx.rec.notAssessedBecause(rule, why.join('; '));
  }
}

export const pact: SuiteDef = {
  name: 'pact',
  oracles: [pactMust, pactShould],
  summary: 'the consumer pact in contracts/pacts, verified with the Pact verifier',
  tests: () => [{ name: 'consumer pact verification', run: verify }],
  warmUp: (config) => warmVerifier(pactVerifyOptions(config)),
};
