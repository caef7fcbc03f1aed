import { describe, expect, it } from 'vitest';
import { suiteProgress, totalCases } from '../../bench/certify-run';
import { assess, type BenchResult, costPerCase, isFlat, machineLine, phases, ratios, renderMarkdown, type RunFigures } from '../../bench/report';
import { median } from '../../bench/startup';

const peak = (treeMb: number) => ({ treeKb: treeMb * 1024, toolKb: (treeMb - 50) * 1024, processKb: 100 * 1024, processes: 3, samples: 10, byRole: { 'certify (vitest host)': 100 * 1024, 'reference target': 50 * 1024 } });
const run = (runs: number, suiteMs: number, cases: number, treeMb = 200): RunFigures => ({
  runs,
  verdict: 'conformant',
  wallMs: suiteMs + 1000,
  suiteMs,
  exchanges: cases * 2,
  cases,
  peak: peak(treeMb),
  suiteSeconds: { negative: suiteMs / 4000, positive: suiteMs / 4000, pact: suiteMs / 4000 },
});

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
    const base = run(100, 40000, 2000, 500);
    // The certify process itself over the cap (its tree alone is no failure: see the Memory section).
    const slow = { ...base, peak: { ...base.peak!, byRole: { ...base.peak!.byRole, 'certify (vitest host)': 350 * 1024 } } };
    const a = assess(result({ certification: slow, scaling: [run(25, 2000, 1000), slow, run(400, 30000, 6000)] }));
    expect(a.map((x) => x.met)).toEqual([false, false, true, false, false]);
  });
  it('does not count a run of fewer than the 10 types as the full certification', () => {
    expect(assess(result({ types: 3 }))[0]!.met).toBe(false);
  });
  it('judges memory by the certify process, not by its tree with the reference target', () => {
    const a = assess(result({ certification: run(100, 4000, 2000, 900), scaling: [run(25, 2000, 1000, 900), run(400, 12000, 6000, 900)] }));
    expect(a[3]).toMatchObject({ met: true, value: '100 MB' });
    expect(a[3]!.goal).toMatch(/certify process < 300 MB/);
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
  it('gives the spread of repeated certifications beside the median one', () => {
    const md = renderMarkdown({ ...result(), certificationWallsMs: [5200, 4000, 4400] });
    expect(md).toContain('the one of median wall time');
    expect(md).toMatch(/\(median of 3: 4\.0-5\.2 s\)/);
    expect(renderMarkdown(result())).not.toContain('median of');
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

describe('phases', () => {
  it('splits the suite phase into the sending suites, the pact verification and the rest', () => {
    const r = { ...run(100, 5000, 2000), suiteSeconds: { negative: 1.5, positive: 1, pact: 1.3, auth: 0.1 } };
    const p = phases(r)!;
    expect(p.sendingMs).toBeCloseTo(2600);
    expect(p.pactMs).toBeCloseTo(1300);
    expect(p.otherMs).toBeCloseTo(1100);
    expect(phases({ ...r, suiteSeconds: {} })).toBeUndefined();
  });
  it('shows the split and the sending rate in the certification table', () => {
    const md = renderMarkdown(result({ certification: { ...run(100, 5000, 2000), suiteSeconds: { negative: 1.5, positive: 1, pact: 1.3 } } }));
    expect(md).toMatch(/the suites that send the counted exchanges\s*\|\s*2\.5 s \|/);
    expect(md).toMatch(/the pact verification .*\|\s*1\.3 s \|/);
    expect(md).toMatch(/vitest start-up and teardown, final sweep, reports\s*\|\s*1\.2 s \|/);
    expect(md).toMatch(/exchanges\/s over the suites that send them, and its ratio to raw\s*\|\s*1,600, 1\.6 \|/);
    // 4000 exchanges at half of 1000/s take 8 s; the pact verification and the rest take 1.3 + 1.2 s.
    expect(md).toMatch(/against the fixed costs that send none of them\s*\|\s*8\.0 s vs 2\.5 s \|/);
  });
});

describe('suiteProgress', () => {
  it('reads the suite and its seconds from both engines\' progress lines', () => {
    expect(suiteProgress('  ok negative  10 tests passed, 0 with a failed MUST rule (1.3s)')).toEqual({ suite: 'negative', seconds: 1.3 });
    expect(suiteProgress('  x  pact      1 tests passed, 1 with a failed MUST rule (12s)')).toEqual({ suite: 'pact', seconds: 12 });
    expect(suiteProgress('  ok auth      (0.0s)')).toEqual({ suite: 'auth', seconds: 0 });
    expect(suiteProgress('Verdict: CONFORMANT (1.0s)')).toBeUndefined();
    expect(suiteProgress('Certifying http://127.0.0.1:1 (group g)')).toBeUndefined();
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
