// Same seed, same cases (names included: the counter restarts per context); another seed, other cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { createGenContext, enumerateInvalid, enumerateValid, invalidCase, validBody } from '../../generators';

function ndjson(seed: number): string {
  const ctx = createGenContext({ runPrefix: 'repro' });
  const lines: string[] = [];
  for (const type of CONNECTION_TYPES) {
    for (const body of enumerateValid(type, ctx, seed)) lines.push(JSON.stringify({ type, body }));
    for (const body of fc.sample(validBody(type, ctx), { seed, numRuns: 20 })) lines.push(JSON.stringify({ type, body }));
    for (const c of enumerateInvalid(type, ctx, seed)) lines.push(JSON.stringify(c));
    for (const c of fc.sample(invalidCase(type, ctx), { seed, numRuns: 20 })) lines.push(JSON.stringify(c));
  }
  return lines.join('\n');
}

describe('reproducibility', () => {
  it('the same seed gives the same NDJSON, names included', () => {
    expect(ndjson(42)).toBe(ndjson(42));
  });

  it('a different seed gives different cases', () => {
    const a = ndjson(42).split('\n');
    const b = ndjson(43).split('\n');
    // The matrix has the same rows whatever the seed, but the bodies differ.
    const differing = a.filter((line, i) => line !== b[i]).length;
    expect(differing).toBeGreaterThan(a.length / 2);
  });

  it('names restart per context and follow the run prefix', () => {
    const names = (prefix: string) => {
      const ctx = createGenContext({ runPrefix: prefix });
      return fc.sample(validBody('Kafka', ctx), { seed: 1, numRuns: 8 }).map((b) => b.name);
    };
    expect(names('run-a')).toEqual(names('run-a'));
    expect(names('run-a').every((n) => n.startsWith('run-a-'))).toBe(true);
    expect(names('run-b')[0]).toBe('run-b-0');
  });
});
