import { describe, expect, it } from 'vitest';
import { type ComparedRun, median, renderComparison, summarise } from '../../bench/comparison';
import { CERTIFY_ROLE } from '../../bench/proc-tree';

const run = (side: ComparedRun['side'], wallMs: number, exchanges: number, certifyKb?: number): ComparedRun => ({
  side,
  wallMs,
  suiteMs: wallMs - 1000,
  exchanges,
  verdict: 'conformant',
  peak: certifyKb === undefined ? undefined : { treeKb: certifyKb * 3, toolKb: certifyKb * 2, processKb: certifyKb, processes: 3, samples: 10, byRole: { [CERTIFY_ROLE]: certifyKb } },
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('summarise and renderComparison', () => {
  const runs = [run('against', 10_000, 7000, 170 * 1024), run('current', 8000, 9000, 140 * 1024), run('current', 9000, 9000, 150 * 1024), run('against', 11_000, 7000, 160 * 1024), run('current', 8500, 9000)];
  const c = summarise(runs, { current: '/here', against: '/there' }, 'test machine');

  it('takes medians per side, the certify peak as the largest, and the cost per exchange from the medians', () => {
    expect(c.current).toMatchObject({ runs: 3, wallMs: { median: 8500, min: 8000, max: 9000 }, exchanges: 9000, certifyPeakMb: 150 });
    expect(c.against).toMatchObject({ runs: 2, wallMs: { median: 10_500 }, exchanges: 7000, certifyPeakMb: 170 });
    expect(c.current.msPerExchange).toBeCloseTo(8500 / 9000);
  });

  it('shows each figure of both sides with the change from the other checkout to this one', () => {
    const md = renderComparison(c);
    expect(md).toMatch(/median wall time\s*\|\s*10\.50 s \|\s*8\.50 s \|\s*-19 % \|/);
    expect(md).toMatch(/peak RSS of the certify process\s*\|\s*170 MB \|\s*150 MB \|\s*-12 % \|/);
    expect(md).toContain('`/there`');
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });
});
