import { describe, expect, it } from 'vitest';
import { BenchUsageError, defaultRunIndex, medianIndex, parseBenchArgs, stamp } from '../../bench/args';

const NOW = new Date('2026-01-02T03:04:05.678Z');

describe('parseBenchArgs', () => {
  it('has defaults', () => {
    expect(parseBenchArgs([], NOW)).toEqual({ out: undefined, defaultOut: 'reports/out/bench-20260102T030405Z', seed: 1, seconds: 5, scaling: [25, 100, 400], repeat: 3, help: false });
  });
  it('reads every option, sorting and de-duplicating the scaling series', () => {
    expect(parseBenchArgs(['--out', 'x', '--seed=-3', '--seconds', '2', '--scaling', '400, 25,25,100', '--repeat', '5'], NOW)).toEqual({ out: 'x', defaultOut: 'reports/out/bench-20260102T030405Z', seed: -3, seconds: 2, scaling: [25, 100, 400], repeat: 5, help: false });
  });
  it.each([
    [['--seconds', '0']],
    [['--seconds', 'abc']],
    [['--seconds', '61']],
    [['--scaling', '100']],
    [['--scaling', '100,100']],
    [['--scaling', '10,x']],
    [['--scaling', '10,3000']],
    [['--repeat', '0']],
    [['--repeat', '10']],
    [['--unknown']],
    [['positional']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseBenchArgs(argv, NOW)).toThrow(BenchUsageError);
  });
});

describe('medianIndex', () => {
  it('picks the run of median wall time, the lower middle of an even count', () => {
    expect(medianIndex([9, 7, 8])).toBe(2);
    expect(medianIndex([5])).toBe(0);
    expect(medianIndex([4, 1, 3, 2])).toBe(3);
  });
});

describe('stamp', () => {
  it('is compact UTC to the second', () => {
    expect(stamp(NOW)).toBe('20260102T030405Z');
  });
});

describe('defaultRunIndex', () => {
  it('is the run with the default 100 runs, else the middle one', () => {
    expect(defaultRunIndex([25, 100, 400])).toBe(1);
    expect(defaultRunIndex([100, 400])).toBe(0);
    expect(defaultRunIndex([10, 20, 30])).toBe(1);
  });
});
