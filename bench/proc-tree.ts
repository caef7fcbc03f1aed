// Peak memory of a process tree on Linux, by sampling /proc: the certify process forks vitest workers and the
// reference target, so its own VmHWM would miss most of the memory. Elsewhere (no /proc) sampling reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStatus {
  pid: number;
  ppid: number;
  /** Resident set size now, kB. */
  rssKb: number;
  /** Peak resident set size of the process so far (VmHWM), kB. */
  hwmKb: number;
}

/** Parses /proc/<pid>/status; undefined when a field is missing (kernel threads, a process that just ended). */
export function parseStatus(text: string): ProcStatus | undefined {
  const field = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const pid = field('Pid');
  const ppid = field('PPid');
  const rssKb = field('VmRSS');
  if (pid === undefined || ppid === undefined || rssKb === undefined) return undefined;
  return { pid, ppid, rssKb, hwmKb: field('VmHWM') ?? rssKb };
}

/** The root and every process below it. */
export function treeOf(root: number, all: readonly ProcStatus[]): ProcStatus[] {
  const children = new Map<number, ProcStatus[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcStatus[] = [];
  const seen = new Set<number>();
  const queue = all.filter((p) => p.pid === root);
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (seen.has(p.pid)) continue;
    seen.add(p.pid);
    out.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

export function procAvailable(): boolean {
  try {
    readFileSync('/proc/self/status', 'utf8');
    return true;
  } catch {
    return false;
  }
}

function readAll(): ProcStatus[] {
  const out: ProcStatus[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = parseStatus(readFileSync(`/proc/${name}/status`, 'utf8'));
      if (s) out.push(s);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

export const CERTIFY_ROLE = 'certify (vitest host)';
export const TARGET_ROLE = 'reference target';

/** What a process of the certify tree is, from its command line (NUL-separated as in /proc/<pid>/cmdline). */
export function roleOf(cmdline: string): string {
  const c = cmdline.split('\0').join(' ');
  if (/stream-conformance(\.mjs)?\s+certify\b/.test(c)) return CERTIFY_ROLE;
  if (/stream-conformance(\.mjs)?\s+target\b|dist\/target\b/.test(c)) return TARGET_ROLE;
  if (/pact-verifier-child/.test(c)) return 'pact verifier';
  if (/vitest/.test(c)) return 'vitest worker';
  if (/pact/i.test(c)) return 'pact (native)';
  if (/esbuild/.test(c)) return 'esbuild';
  const exe = c.trim().split(/\s+/)[0] ?? '';
  return exe.split('/').pop() || 'unknown';
}

export interface TreePeak {
  /** Largest sum of VmRSS over the tree at one sample, kB. */
  treeKb: number;
  /** The same without the reference target's processes: what the tool itself takes (certify, its vitest worker and
   *  pact verifier). Against a real target there is no reference target in the tree. */
  toolKb: number;
  /** Largest VmHWM of any one process of the tree, kB. */
  processKb: number;
  /** Most processes seen in the tree at once. */
  processes: number;
  samples: number;
  /** Largest VmHWM seen per role (several processes of one role: the largest). */
  byRole: Record<string, number>;
}

/** Samples the tree under `root` every `intervalMs` until stop(); stop() returns the peaks (undefined without /proc). */
export function sampleTree(root: number, intervalMs = 50): { stop(): TreePeak | undefined } {
  if (!procAvailable()) return { stop: () => undefined };
  const peak: TreePeak = { treeKb: 0, toolKb: 0, processKb: 0, processes: 0, samples: 0, byRole: {} };
  const roles = new Map<number, string>();
  const take = () => {
    const tree = treeOf(root, readAll());
    if (tree.length === 0) return;
    let toolKb = 0;
    for (const p of tree) {
      if (!roles.has(p.pid)) {
        try {
          roles.set(p.pid, roleOf(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8')));
        } catch {
          continue;
        }
      }
      const role = roles.get(p.pid)!;
      peak.byRole[role] = Math.max(peak.byRole[role] ?? 0, p.hwmKb);
      if (role !== TARGET_ROLE) toolKb += p.rssKb;
    }
    peak.toolKb = Math.max(peak.toolKb, toolKb);
    peak.samples++;
    peak.treeKb = Math.max(peak.treeKb, tree.reduce((n, p) => n + p.rssKb, 0));
    peak.processKb = Math.max(peak.processKb, ...tree.map((p) => p.hwmKb));
    peak.processes = Math.max(peak.processes, tree.length);
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak.samples > 0 ? peak : undefined;
    },
  };
}
