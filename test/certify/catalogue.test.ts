import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES_MD_PATH, rulesMarkdown } from '../../scripts/docs/rules-table';
import { RULES } from '../../contracts/rules';
import { ORACLES } from '../../oracles';
import { FAULTS } from '../../reference/faults';
import { PACT_RULE_FAULTS } from './pact-faults';

describe('rule and fault catalogues', () => {
  it('has a fault for every rule, so every rule can be shown to fail', () => {
    // The pact rules are shown to fail by test/certify/pact.test.ts, with faults that break the pact's interactions.
    const broken = new Set<string>([...FAULTS.map((f) => f.breaks), ...PACT_RULE_FAULTS.map((p) => p.rule)]);
    expect(RULES.filter((r) => !broken.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('has an oracle for every rule, and every oracle judges a rule of the catalogue', () => {
    const judged = new Set<string>(ORACLES.map((o) => o.rule));
    expect(RULES.filter((r) => !judged.has(r.id)).map((r) => r.id)).toEqual([]);
    const ids = new Set<string>(RULES.map((r) => r.id));
    expect(ORACLES.filter((o) => !ids.has(o.rule)).map((o) => o.oracleName)).toEqual([]);
  });

  it('has unique rule ids and fault names, and faults name real rules only', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    const ids = new Set<string>(RULES.map((r) => r.id));
    for (const f of FAULTS) for (const r of [f.breaks, ...f.alsoBreaks]) expect(ids.has(r), `${f.name} names ${r}`).toBe(true);
  });
});

describe('contracts/RULES.md', () => {
  it('is the current rendering of the catalogue', () => {
    expect(readFileSync(RULES_MD_PATH, 'utf8')).toBe(rulesMarkdown());
  });
});
