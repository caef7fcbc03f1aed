// Each suite declares the oracles it calls (SuiteDef.oracles): the fault self-tests run only the suites that judge
// a fault's rule, so a declaration that left a rule out would hide that rule's faults. A reference run of every
// suite shows each declaration is exact: a suite judges no rule it does not declare, and every oracle it declares
// judged something.
import { expect, it } from 'vitest';
import { startTarget } from '../../reference/server';
import { runSuitesWithVitest } from '../../runner/vitest-run';
import { SUITES } from '../../suites/definitions';
import { EVERY_ANSWER, rulesOf } from '../../engine/suite';
import { configFor } from './harness';

it('every suite judges exactly the rules its oracles and the every-answer oracles cover', async () => {
  const target = await startTarget({});
  try {
    const { results, errors } = await runSuitesWithVitest(configFor(target.info, { pact: true, runs: 10, seed: 3 }), () => {});
    expect(errors).toEqual([]);
    expect(results.map((r) => r.suite).sort()).toEqual(SUITES.map((s) => s.name).sort());
    const everyAnswer = new Set<string>(EVERY_ANSWER.map((o) => o.rule));
    for (const r of results) {
      const def = SUITES.find((s) => s.name === r.suite)!;
      const judged = Object.keys(r.checks);
      expect(judged.filter((rule) => !rulesOf(def).has(rule as never)), `${r.suite} judged rules it does not declare`).toEqual([]);
      const declared = [...new Set(def.oracles.map((o) => o.rule))].filter((rule) => !everyAnswer.has(rule));
      expect(declared.filter((rule) => !judged.includes(rule)), `${r.suite} declares rules it never judged`).toEqual([]);
    }
  } finally {
    await target.close();
  }
}, 120_000);
