// Label integrity over thousands of random cases per type: valid bodies are valid (schema and SHOULD checks),
// invalid cases are what their label says, before and after shrinking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { CONNECTION_TYPES, DEFAULT_FIXTURES } from '../../contracts/types';
import { createGenContext, type InvalidCase, invalidCase, labelHolds, NAME_PLACEHOLDER, validBody, validHolds } from '../../generators';

const contract = loadContract();
const fixtures = DEFAULT_FIXTURES;
const VALID_RUNS = 1000;
const INVALID_RUNS = 2000;

function explain(c: InvalidCase): string {
  const body = 'body' in c ? c.body : undefined;
  return JSON.stringify({
    label: { operator: c.operator, rule: c.rule, level: c.level, path: c.path },
    must: contract.validateRequestBody(body),
    should: contract.checkShould(body, fixtures),
  });
}

describe.each(CONNECTION_TYPES)('%s', (type) => {
  it(`${VALID_RUNS} valid bodies pass the schema and every SHOULD check`, () => {
    const ctx = createGenContext({});
    fc.assert(
      fc.property(validBody(type, ctx), (body) => {
        expect(contract.validateRequestBody(body)).toEqual([]);
        expect(contract.checkShould(body, fixtures)).toEqual([]);
        expect(validHolds(body, contract, fixtures)).toBe(true);
        expect(JSON.stringify(body)).not.toContain(NAME_PLACEHOLDER);
      }),
      { numRuns: VALID_RUNS, seed: 101 },
    );
  });

  it(`${INVALID_RUNS} invalid cases hold their label`, () => {
    const ctx = createGenContext({});
    fc.assert(
      fc.property(invalidCase(type, ctx), (c) => {
        expect(c.type).toBe(type);
        expect(labelHolds(c, contract, fixtures), explain(c)).toBe(true);
        expect(JSON.stringify(c)).not.toContain(NAME_PLACEHOLDER);
      }),
      { numRuns: INVALID_RUNS, seed: 202 },
    );
  });

  it('shrunk valid bodies stay valid, with fresh names', () => {
    const ctx = createGenContext({});
    for (const seed of [4, 5]) {
      const seen: unknown[] = [];
      const result = fc.check(
        fc.property(validBody(type, ctx), (b) => {
          seen.push(b);
          return JSON.stringify(b).length < 60;
        }),
        { seed, numRuns: 50 },
      );
      expect(result.failed).toBe(true);
      const shrinking = seen.slice(seen.findIndex((b) => JSON.stringify(b).length >= 60));
      expect(shrinking.length).toBeGreaterThan(1);
      for (const b of shrinking) expect(validHolds(b, contract, fixtures), JSON.stringify(b)).toBe(true);
      if (type !== 'Sample') {
        const names = shrinking.map((b) => (b as { name: string }).name);
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });

  it('shrunk cases keep their label, operator and a fresh name', () => {
    const ctx = createGenContext({});
    for (const seed of [1, 2, 3]) {
      const seen: InvalidCase[] = [];
      // Fails on purpose (for bodies longer than a bound), so the shrinker walks through many candidates.
      const result = fc.check(
        fc.property(invalidCase(type, ctx), (c) => {
          seen.push(c);
          return JSON.stringify(c).length < 120;
        }),
        { seed, numRuns: 50 },
      );
      expect(result.failed).toBe(true);
      expect(result.numShrinks).toBeGreaterThan(0);
      const first = seen.findIndex((c) => JSON.stringify(c).length >= 120);
      const shrinking = seen.slice(first);
      expect(shrinking.length).toBeGreaterThan(1);
      for (const c of shrinking) {
        expect(labelHolds(c, contract, fixtures), explain(c)).toBe(true);
        expect(c.operator).toBe(shrinking[0]!.operator);
      }
      if (type !== 'Sample') {
        const names = shrinking.flatMap((c) => ('body' in c && typeof (c.body as { name?: unknown })?.name === 'string' ? [(c.body as { name: string }).name] : []));
        const generated = names.filter((n) => n.startsWith(`${ctx.runPrefix}-`));
        expect(new Set(generated).size).toBe(generated.length);
      }
    }
  });
});

describe('labelHolds refuses what is not what it says', () => {
  const ctx = createGenContext({});
  const valid = fc.sample(validBody('Kafka', ctx), { seed: 9, numRuns: 1 })[0]!;

  it('a valid body labelled MUST reject-invalid', () => {
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'reject-invalid', level: 'MUST', path: '$.name', body: valid }, contract, fixtures)).toBe(false);
  });

  it('a MUST violation at another path than the label', () => {
    const body = { ...valid, region: 42 };
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'reject-invalid', level: 'MUST', path: '$.region', body }, contract, fixtures)).toBe(true);
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'reject-invalid', level: 'MUST', path: '$.name', body }, contract, fixtures)).toBe(false);
  });

  it('a SHOULD label on a body that also breaks the schema, or another SHOULD rule', () => {
    const { bootstrapServers: _b, ...missing } = valid;
    const ok = { type: 'Kafka', operator: 'x', rule: 'essential-fields', level: 'SHOULD', path: '$.bootstrapServers' } as const;
    expect(labelHolds({ ...ok, body: missing }, contract, fixtures)).toBe(true);
    expect(labelHolds({ ...ok, body: { ...missing, region: 1 } }, contract, fixtures)).toBe(false);
    const alsoEnum = { ...missing, security: { protocol: 'TLS' } };
    // PLAINTEXT is open in profile v1.1: not another violation.
    expect(labelHolds({ ...ok, body: { ...missing, security: { protocol: 'PLAINTEXT' } } }, contract, fixtures)).toBe(true);
    expect(labelHolds({ ...ok, body: alsoEnum }, contract, fixtures)).toBe(false);
    expect(labelHolds({ ...ok, level: 'MUST', body: missing } as unknown as InvalidCase, contract, fixtures)).toBe(false);
  });

  it('raw text that parses, a small body as payload-too-large, a declared property as extra', () => {
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'reject-invalid', level: 'MUST', path: '$', raw: '{"a":1}' }, contract, fixtures)).toBe(false);
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'reject-invalid', level: 'MUST', path: '$', raw: '{"a":' }, contract, fixtures)).toBe(true);
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'payload-too-large', level: 'SHOULD', path: '$', body: valid }, contract, fixtures)).toBe(false);
    expect(labelHolds({ type: 'Kafka', operator: 'extra-property', rule: 'no-5xx', level: 'MUST', path: '$.region', body: { ...valid, region: 'EU_WEST_1' } }, contract, fixtures)).toBe(false);
    expect(labelHolds({ type: 'Kafka', operator: 'extra-property', rule: 'no-5xx', level: 'MUST', path: '$.zzz', body: { ...valid, zzz: 1 } }, contract, fixtures)).toBe(true);
    // An open probe's label names its operator: an unknown one never holds.
    expect(labelHolds({ type: 'Kafka', operator: 'x', rule: 'no-5xx', level: 'MUST', path: '$.zzz', body: { ...valid, zzz: 1 } }, contract, fixtures)).toBe(false);
  });

  it('open probes: a blank but non-empty name, a read-only field, an open host:port list', () => {
    const probe = (operator: string, path: string, body: unknown) => labelHolds({ type: 'Kafka', operator, rule: 'no-5xx', level: 'MUST', path, body }, contract, fixtures);
    expect(probe('blank-name', '$.name', { ...valid, name: ' \t' })).toBe(true);
    // The empty name is the profile's own SHOULD case, not an open one.
    expect(probe('blank-name', '$.name', { ...valid, name: '' })).toBe(false);
    expect(probe('blank-name', '$.name', { ...valid, name: ' x ' })).toBe(false);
    expect(probe('read-only-field', '$.state', { ...valid, state: 'READY' })).toBe(true);
    expect(probe('read-only-field', '$.region', { ...valid, region: 'EU_WEST_1' })).toBe(false);
    expect(probe('open-host-port-list', '$.bootstrapServers', { ...valid, bootstrapServers: '[::1]:9092' })).toBe(true);
    // A finding elsewhere in the body means the probe is not what it says.
    expect(probe('open-host-port-list', '$.bootstrapServers', { ...valid, bootstrapServers: 'a:0', security: { protocol: 'TLS' } })).toBe(false);
  });

  it('garbage never throws', () => {
    for (const g of [null, 1, 'x', [], {}, { rule: 'reject-invalid', level: 'MUST', path: 5, operator: 'x', body: {} }, { rule: 'nope', level: 'MUST', path: '$', operator: 'x', body: {} }]) {
      expect(labelHolds(g as unknown as InvalidCase, contract, fixtures)).toBe(false);
    }
    expect(validHolds(undefined, contract, fixtures)).toBe(false);
    expect(validHolds({ ...valid, id: 'x' }, contract, fixtures)).toBe(false);
  });
});
