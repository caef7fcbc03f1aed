// Runs generated cases against the target and shrinks what fails. Every case is run to the end (a property that
// stops at its first failure would hide the other rules' failures), each against a scratch recorder that is then
// merged; for each rule that failed, fast-check replays the first failing run (`path`) and shrinks it, with a
// bounded number of candidate evaluations, keeping only candidates whose label still holds and whose failure is
// of the same rule. A shrunk case that became valid is skipped (fc.pre), never reported.
import fc from 'fast-check';
import type { RuleId } from '../contracts/rules';
import type { ConnectionType } from '../contracts/types';
import { isNotSent } from '../client';
import { type FailureRecord, Recorder } from './recorder';
import type { SuiteContext } from './context';

export interface PropertyOptions<T> {
  arb: fc.Arbitrary<T>;
  type: ConnectionType;
  runs: number;
  seed: number;
  /** Cases that must not overlap in time (e.g. Sample connections share one name). */
  sequential?: boolean;
  /** Sends one case and judges it, recording into ctx.rec (a scratch recorder here). */
  runCase: (ctx: SuiteContext, value: T) => Promise<void>;
  /** Label integrity: false for a value that no longer is what its label says (skipped when shrinking). */
  holds: (value: T) => boolean;
  /** The form of a value shown as counterexample. */
  show?: (value: T) => unknown;
}

/** Runs one case against a scratch recorder and folds it into the suite's. */
export async function runScratch(ctx: SuiteContext, fn: (scratch: SuiteContext) => Promise<void>): Promise<Set<RuleId>> {
  const rec = new Recorder(ctx.rec.suite);
  try {
    await fn({ ...ctx, rec });
  } catch (e) {
    // Not sent (budget spent, or the class held open by the breaker): counted as cut, never as a failure.
    if (isNotSent(e)) rec.cutCases();
    else rec.incident(`${ctx.rec.suite}: a case stopped early: ${(e as Error).message}`);
  }
  ctx.rec.merge(rec);
  return rec.failedRules();
}

export async function runGeneratedCases<T>(ctx: SuiteContext, opts: PropertyOptions<T>): Promise<void> {
  if (opts.runs <= 0) return;
  const values = fc.sample(opts.arb, { seed: opts.seed, numRuns: opts.runs });
  const firstFailure = new Map<RuleId, number>();
  const runOne = async (value: T, index: number) => {
    const failed = await runScratch(ctx, (scratch) => opts.runCase(scratch, value));
    for (const rule of failed) {
      const prev = firstFailure.get(rule);
      if (prev === undefined || index < prev) firstFailure.set(rule, index);
    }
  };
  if (opts.sequential) {
    for (const [i, v] of values.entries()) await runOne(v, i);
  } else {
    await Promise.all(values.map((v, i) => ctx.pool(() => runOne(v, i))));
  }
  for (const [rule, index] of [...firstFailure.entries()].sort((a, b) => a[1] - b[1])) {
    await shrinkFailure(ctx, opts, rule, index);
  }
}

async function shrinkFailure<T>(ctx: SuiteContext, opts: PropertyOptions<T>, rule: RuleId, index: number): Promise<void> {
  let budget = ctx.config.shrinkBudget;
  let smallest: { value: T; failure: FailureRecord } | undefined;
  await fc.check(
    fc.asyncProperty(opts.arb, async (value) => {
      fc.pre(opts.holds(value));
      if (budget <= 0) return true; // out of budget: no candidate counts as failing, so shrinking stops here
      budget--;
      const scratch = new Recorder(ctx.rec.suite);
      try {
        await opts.runCase({ ...ctx, rec: scratch }, value);
      } catch (e) {
        if (isNotSent(e)) budget = 0;
        return true;
      } finally {
        // Shrink probes create connections too: they must be cleaned up, but their checks are not counted.
        ctx.rec.adoptCreated(scratch);
      }
      const failure = scratch.results().failures.find((f) => f.rule === rule && f.type === opts.type);
      if (!failure) return true;
      smallest = { value, failure };
      return false;
    }),
    { seed: opts.seed, path: String(index), numRuns: index + 1, endOnFailure: false },
  );
  if (smallest) {
    const { failure, value } = smallest;
    ctx.rec.replaceWithShrunk(rule, opts.type, {
      rule: failure.rule,
      type: opts.type,
      operator: failure.operator,
      message: failure.message,
      counterexample: opts.show ? opts.show(value) : value,
      exchanges: failure.exchanges,
      ...(failure.label ? { label: failure.label } : {}),
    });
  }
}
