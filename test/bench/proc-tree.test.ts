import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseStatus, procAvailable, roleOf, sampleTree, TARGET_ROLE, treeOf } from '../../bench/proc-tree';

const STATUS = `Name:\tnode\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4242\nPPid:\t4200\nVmPeak:\t 1000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n`;

describe('parseStatus', () => {
  it('reads pid, parent, current and peak RSS', () => {
    expect(parseStatus(STATUS)).toEqual({ pid: 4242, ppid: 4200, rssKb: 102400, hwmKb: 204800 });
  });
  it('gives nothing for a kernel thread (no VmRSS) or garbage', () => {
    expect(parseStatus('Name:\tkthreadd\nPid:\t2\nPPid:\t0\n')).toBeUndefined();
    expect(parseStatus('not a status file')).toBeUndefined();
  });
  it('falls back to VmRSS when VmHWM is missing', () => {
    expect(parseStatus('Pid:\t5\nPPid:\t1\nVmRSS:\t 10 kB\n')).toEqual({ pid: 5, ppid: 1, rssKb: 10, hwmKb: 10 });
  });
});

describe('treeOf', () => {
  const p = (pid: number, ppid: number) => ({ pid, ppid, rssKb: pid, hwmKb: pid });
  it('takes the root and all its descendants, nothing else', () => {
    const all = [p(1, 0), p(10, 1), p(11, 10), p(12, 10), p(13, 12), p(20, 1), p(21, 20)];
    expect(treeOf(10, all).map((x) => x.pid).sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
  });
  it('is empty when the root is gone', () => {
    expect(treeOf(99, [p(1, 0)])).toEqual([]);
  });
  it('ends on a cycle', () => {
    expect(treeOf(1, [p(1, 2), p(2, 1)]).map((x) => x.pid)).toEqual([1, 2]);
  });
});

describe('roleOf', () => {
  const z = (...a: string[]) => a.join('\0');
  it('names the processes of a certify tree', () => {
    expect(roleOf(z('node', '/r/bin/stream-conformance.mjs', 'certify', '--launch', 'process'))).toBe('certify (vitest host)');
    expect(roleOf(z('/usr/bin/node', '/r/bin/stream-conformance.mjs', 'target'))).toBe('reference target');
    expect(roleOf(z('/usr/bin/node', '--require', '/r/node_modules/vitest/suppress-warnings.cjs', 'x'))).toBe('vitest worker');
    expect(roleOf(z('/usr/bin/node', '/r/dist/pact-verifier-child.js'))).toBe('pact verifier');
    expect(roleOf(z('/usr/local/bin/something', '-v'))).toBe('something');
  });
});

describe.runIf(procAvailable())('sampleTree', () => {
  it('sums the tree, and the tree without the reference target', async () => {
    // A parent holding ~64 MB with a child whose command line reads as the reference target's.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'stream-conformance.mjs', 'target'], { stdio: 'ignore' });
      const hold = Buffer.alloc(64 * 1024 * 1024, 1);
      setTimeout(() => { child.kill(); process.exit(hold[0] === 1 ? 0 : 1); }, 1500);`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const sampler = sampleTree(parent.pid!, 20);
    await new Promise((r) => parent.once('exit', r));
    const peak = sampler.stop()!;
    expect(peak.processes).toBe(2);
    expect(peak.byRole[TARGET_ROLE]).toBeGreaterThan(0);
    expect(peak.toolKb).toBeGreaterThan(64 * 1024);
    expect(peak.toolKb).toBeLessThan(peak.treeKb);
    expect(peak.treeKb - peak.toolKb).toBeLessThanOrEqual(peak.byRole[TARGET_ROLE]!);
  });
});
