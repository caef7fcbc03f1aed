import { describe, expect, it } from 'vitest';
import { composeInvalidPool, largeShare, mixFromCounts, mixPattern, smallRatio } from '../../bench/mix';

const counts = {
  none: { 'no-credentials': 1, pretty: 1 },
  Kafka: { valid: 100, 'duplicate-name': 1, 'concurrent-creates': 1, 'wrong-json-type': 150, 'payload-too-large': 10, 'malformed-json': 40 },
  S3: { valid: 110, 'missing-type': 10, 'payload-too-large': 10 },
};

describe('mixFromCounts', () => {
  it('counts valid cases and invalid body cases, leaving out type-less probes and conflict cases', () => {
    expect(mixFromCounts(counts)).toEqual({ valid: 210, invalid: 220 });
  });
  it('is empty for empty counts', () => {
    expect(mixFromCounts({})).toEqual({ valid: 0, invalid: 0 });
  });
});

describe('largeShare', () => {
  it('is the share of oversized bodies among the invalid body cases', () => {
    expect(largeShare(counts)).toBeCloseTo(20 / 220);
  });
  it('is 0 without invalid cases', () => {
    expect(largeShare({ Kafka: { valid: 3 } })).toBe(0);
  });
});

describe('smallRatio', () => {
  it('finds the closest ratio with few valid cases', () => {
    expect(smallRatio({ valid: 1000, invalid: 2500 })).toEqual({ valid: 2, invalid: 5 });
    expect(smallRatio({ valid: 300, invalid: 300 })).toEqual({ valid: 1, invalid: 1 });
  });
  it('copes with a side that is zero', () => {
    expect(smallRatio({ valid: 0, invalid: 9 })).toEqual({ valid: 0, invalid: 1 });
    expect(smallRatio({ valid: 9, invalid: 0 })).toEqual({ valid: 1, invalid: 0 });
  });
});

describe('mixPattern', () => {
  it('puts each valid create right before its delete and spreads them among the invalid creates', () => {
    const p = mixPattern({ valid: 2, invalid: 4 });
    expect(p.filter((s) => s === 'create-valid')).toHaveLength(2);
    expect(p.filter((s) => s === 'delete')).toHaveLength(2);
    expect(p.filter((s) => s === 'create-invalid')).toHaveLength(4);
    p.forEach((s, i) => {
      if (s === 'delete') expect(p[i - 1]).toBe('create-valid');
      if (s === 'create-valid') expect(p[i + 1]).toBe('delete');
    });
    expect(p).toEqual(['create-invalid', 'create-invalid', 'create-valid', 'delete', 'create-invalid', 'create-invalid', 'create-valid', 'delete']);
  });
  it('has only invalid creates for a ratio without valid cases', () => {
    expect(mixPattern({ valid: 0, invalid: 1 })).toEqual(['create-invalid']);
  });
});

describe('composeInvalidPool', () => {
  it('mixes in oversized bodies at the given share, spread out', () => {
    const pool = composeInvalidPool(['s1', 's2', 's3'], ['L1', 'L2'], 0.1, 20);
    expect(pool).toHaveLength(20);
    expect(pool.filter((b) => b.startsWith('L'))).toHaveLength(2);
    expect(pool.indexOf('L1')).toBeLessThan(pool.indexOf('L2'));
    expect(pool.lastIndexOf('L2') - pool.indexOf('L1')).toBeGreaterThan(5);
  });
  it('keeps one oversized body for a small non-zero share', () => {
    expect(composeInvalidPool(['s'], ['L'], 0.001, 10).filter((b) => b === 'L')).toHaveLength(1);
  });
  it('has none for a zero share or no oversized bodies', () => {
    expect(composeInvalidPool(['s'], ['L'], 0, 10)).toEqual(new Array(10).fill('s'));
    expect(composeInvalidPool(['s'], [], 0.5, 4)).toEqual(['s', 's', 's', 's']);
  });
  it('is empty without bodies', () => {
    expect(composeInvalidPool([], [], 0.5, 4)).toEqual([]);
  });
});
