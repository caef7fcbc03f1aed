import { describe, expect, it } from 'vitest';
import { totalCases } from '../../bench/certify-run';
import { assess, type BenchResult, costPerCase, isFlat, machineLine, ratios, renderMarkdown, type RunFigures } from '../../bench/report';
import { median } from '../../bench/startup';

const peak = (treeMb: number) => ({ treeKb: treeMb * 1024, processKb: 100 * 1024, processes: 3, samples: 10, byRole: { 'certify (vitest host)': 100 * 1024, 'reference target': 50 * 1024 } });
const run = (runs: number, suiteMs: number, cases: number, treeMb = 200): RunFigures => ({ runs, verdict: 'conformant', wallMs: suiteMs + 1000, suiteMs, exchanges: cases * 2, cases, peak: peak(treeMb) });

function result(over: Partial<BenchResult> = {}): BenchResult {
  const rate = { requestsPerSecond: 1000, requests: 5000, p99Ms: 3, unexpected: 0, errors: 0 };
  return {
    machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20.0.0', platform: 'linux 6', memoryMb: 4096, date: '2026-01-01T00:00:00.000Z' },
    seed: 1,
    loadSeconds: 5,
    certification: run(100, 4000, 2000),
    types: 10,
    rawMix: { ...rate, connections: 8, pattern: 'create-valid,delete,create-invalid', ratio: { valid: 1, invalid: 1 }, oversizedShare: 0.02 },
    target: { create: { ...rate, requestsPerSecond: 600 }, bare: { ...rate, requestsPerSecond: 1000 }, connections: 32, responseBytes: 400 },
    generators: [{ type: 'Kafka', validPerSecond: 100, invalidPerSecond: 50 }],
    scaling: [run(25, 2000, 1000), run(100, 4000, 2000), run(400, 12000, 6000)],
    startup: { processMs: 600, containerMs: null, containerNote: 'no Docker engine answered' },
    ...over,
  };
}

describe('costPerCase and isFlat', () => {
  it('divides the suite time by the cases', () => {
    expect(costPerCase([run(25, 2000, 1000)])).toEqual([{ runs: 25, msPerCase: 2 }]);
  });
  it('is flat when the cost per case does not grow past the factor, whatever the order', () => {
    expect(isFlat([run(400, 12000, 6000), run(25, 2000, 1000)])).toBe(true);
    expect(isFlat([run(25, 2000, 1000), run(400, 14000, 6000)])).toBe(true); // 2.33 vs 2: 1.17x
    expect(isFlat([run(25, 2000, 1000), run(400, 15000, 6000)])).toBe(false); // 2.5 vs 2: 1.25x
  });
  it('is not flat without two runs or with a run without cases', () => {
    expect(isFlat([run(25, 2000, 1000)])).toBe(false);
    expect(isFlat([run(25, 2000, 1000), run(100, 100, 0)])).toBe(false);
  });
});

describe('ratios', () => {
  it('compares the suite rate (suites only and wall) with the raw rate, and create with bare', () => {
    const q = ratios(result());
    expect(q.suiteVsRaw).toBeCloseTo(4000 / 4 / 1000); // 4000 exchanges in 4 s against 1000/s
    expect(q.wallVsRaw).toBeCloseTo(4000 / 5 / 1000);
    expect(q.createVsBare).toBeCloseTo(0.6);
  });
  it('is 0 against a zero rate rather than infinite', () => {
    const r = result();
    expect(ratios({ ...r, rawMix: { ...r.rawMix, requestsPerSecond: 0 } }).suiteVsRaw).toBe(0);
  });
});

describe('assess', () => {
  it('judges each target', () => {
    const a = assess(result());
    expect(a.map((x) => x.met)).toEqual([true, true, true, true, true]);
    expect(a[0]!.value).toBe('5.0 s');
  });
  it('fails what is missed: slow wall time, low ratios, memory, growth', () => {
    const slow = run(100, 40000, 2000, 350);
    const a = assess(result({ certification: slow, scaling: [run(25, 2000, 1000), slow, run(400, 30000, 6000)] }));
    expect(a.map((x) => x.met)).toEqual([false, false, true, false, false]);
  });
  it('does not count a run of fewer than the 10 types as the full certification', () => {
    expect(assess(result({ types: 3 }))[0]!.met).toBe(false);
  });
  it('says when memory could not be measured', () => {
    const noPeak = { ...run(100, 4000, 2000), peak: undefined };
    const a = assess(result({ certification: noPeak, scaling: [{ ...run(25, 2000, 1000), peak: undefined }, noPeak] }));
    expect(a[3]).toMatchObject({ met: false, value: 'not measured (no /proc)' });
  });
});

describe('renderMarkdown', () => {
  it('has the machine line, every section and the figures', () => {
    const md = renderMarkdown(result());
    expect(md).toContain(machineLine(result().machine));
    for (const h of ['## Targets', '## Certification', '## Reference target', '## Generators', '## Memory', '## Scaling', '## Start-up']) expect(md).toContain(h);
    expect(md).toContain('n/a (no Docker engine answered)');
    expect(md).toContain('| Kafka ');
    expect(md).toMatch(/\*\*suite\/raw\*\* \(suites only\)\s*\|\s*\*\*1\*\*/);
    expect(md).toMatch(/\| certify \(vitest host\)\s*\|\s*100 MB \|/);
    expect(md).toMatch(/\| 400\s*\|\s*13\.0\s*\|\s*12\.0\s*\|/);
  });
  it('shows the in-process engine beside the certification when measured', () => {
    expect(renderMarkdown(result())).not.toContain('CONFORMANCE_ENGINE=direct');
    const md = renderMarkdown(result({ direct: run(100, 2000, 2000, 150) }));
    expect(md).toMatch(/CONFORMANCE_ENGINE=direct, no vitest\): wall time\s*\|\s*3\.0 s \|/);
    expect(md).toMatch(/its exchanges\/s over the suites, and suite\/raw\s*\|\s*2,000, 2 \|/);
    expect(md).toMatch(/its peak tree RSS\s*\|\s*150 MB \|/);
  });
  it('lists each run once in the memory table', () => {
    const md = renderMarkdown(result());
    const memory = md.slice(md.indexOf('## Memory'), md.indexOf('## Scaling'));
    expect(memory.match(/--runs 100\b/g)).toHaveLength(1);
    expect(memory).toContain('--runs 25');
  });
  it('keeps every table row as wide as its header', () => {
    for (const block of renderMarkdown(result()).split('\n\n')) {
      const rows = block.split('\n').filter((l) => l.startsWith('|'));
      if (rows.length > 0) expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    }
  });
});

describe('totalCases and median', () => {
  it('sums every count of every type', () => {
    expect(totalCases({ none: { a: 1 }, Kafka: { valid: 3, x: 2 } })).toBe(6);
  });
  it('takes the middle value', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
