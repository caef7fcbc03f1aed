// contracts/AUDIT.md: every operator, oracle and lenient variant cites the profile, the citations are the profile's
// own words, and the file is current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIT_MD_PATH, auditMarkdown, fragments, inProfile } from '../../scripts/docs/audit-table';
import { OPERATORS } from '../../generators';
import { LENIENT } from '../../reference/lenient';
import * as oracles from '../../oracles';

const citations = [
  ...OPERATORS.map((o) => [`operator ${o.name}`, o.profile] as const),
  ...oracles.ORACLES.map((o) => [`oracle ${o.oracleName}`, o.profile ?? ''] as const),
  ...LENIENT.map((l) => [`lenient ${l.name}`, l.allowedBy] as const),
];

describe('audit of operators, oracles and lenient variants against the profile', () => {
  it('quotes only words of contracts/conformance-profile.md', () => {
    const missing = citations.flatMap(([who, c]) => fragments(c).filter((f) => !inProfile(f)).map((f) => `${who}: "${f}"`));
    expect(missing).toEqual([]);
    expect(inProfile('a target must answer 201')).toBe(false);
  });

  it('lists every oracle the suites import, each with its rule and the profile words it enforces', () => {
    const exported = Object.entries(oracles).filter(([, v]) => oracles.isOracle(v));
    expect(exported.map(([name]) => name).sort()).toEqual(oracles.ORACLES.map((o) => o.oracleName).sort());
    for (const [name, o] of exported) expect((o as oracles.OracleInfo).oracleName, name).toBe(name);
    // Only the pact's rules rest on its interactions rather than a sentence of the profile.
    expect(oracles.ORACLES.filter((o) => o.profile === undefined).map((o) => o.rule).sort()).toEqual(['pact-must', 'pact-should']);
  });

  it('a no-5xx operator probes what the profile leaves open, so it cites the no-5xx sentence', () => {
    for (const o of OPERATORS.filter((x) => x.rule === 'no-5xx')) expect(o.profile, o.name).toContain('no request ever produces a 5xx.');
  });

  it('contracts/AUDIT.md is current', () => {
    expect(readFileSync(AUDIT_MD_PATH, 'utf8')).toBe(auditMarkdown());
  });
});
