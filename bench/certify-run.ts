// One `stream-conformance certify` run of the bundled reference target as a local process, timed from spawn to exit,
// with the peak memory of its process tree (certify, its vitest workers and the target).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleTree, type TreePeak } from './proc-tree';

const BIN = fileURLToPath(new URL('../bin/stream-conformance.mjs', import.meta.url));

export interface CertifyRun {
  runs: number;
  exitCode: number | null;
  verdict: string;
  /** Spawn to exit. */
  wallMs: number;
  /** From the "Certifying" line to the "Verdict" line: the suites themselves, without start-up and reports. */
  suiteMs: number;
  exchanges: number;
  /** Cases judged (valid and invalid), from the certificate's counts. */
  cases: number;
  peak: TreePeak | undefined;
  /** The certificate's counts, per type then per case label. */
  counts: Record<string, Record<string, number>>;
  /** Seconds of each suite, from its progress line (`  ok negative ... (1.3s)`). */
  suiteSeconds: Record<string, number>;
}

/** A suite's name and seconds from one of certify's progress lines; undefined for any other line. */
export function suiteProgress(line: string): { suite: string; seconds: number } | undefined {
  const m = /^\s+(?:ok|x)\s+(\S+)\b.*\((\d+(?:\.\d+)?)s\)\s*$/.exec(line);
  return m ? { suite: m[1]!, seconds: Number(m[2]) } : undefined;
}

export interface CertifyRunOptions {
  runs: number;
  seed: number;
  reportDir: string;
  /** Killed (SIGKILL to the tree's root) after this long. */
  limitMs: number;
  env?: NodeJS.ProcessEnv;
  /** The stream-conformance bin to run (default this checkout's; bench/compare.ts runs another checkout's too). */
  bin?: string;
  /** More certify flags (`--minimal`). */
  extraArgs?: string[];
}

/** Sum of every case count of a certificate's `counts` (types x labels). */
export function totalCases(counts: Record<string, Record<string, number>>): number {
  let n = 0;
  for (const byLabel of Object.values(counts)) for (const c of Object.values(byLabel)) n += c;
  return n;
}

export async function runCertify(opts: CertifyRunOptions): Promise<CertifyRun> {
  const args = [opts.bin ?? BIN, 'certify', '--launch', 'process', '--seed', String(opts.seed), '--runs', String(opts.runs), '--report-dir', opts.reportDir, ...(opts.extraArgs ?? [])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env });
  const sampler = sampleTree(child.pid!);
  const suiteSeconds: Record<string, number> = {};
  let certifyingAt: number | undefined;
  let verdictAt: number | undefined;
  let tail = '';
  let buffered = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    tail = (tail + t).slice(-2000);
    buffered += t;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('Certifying ')) certifyingAt = performance.now();
      else if (line.startsWith('Verdict: ')) verdictAt = performance.now();
      else {
        const p = suiteProgress(line);
        if (p) suiteSeconds[p.suite] = p.seconds;
      }
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.limitMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(killer);
  const wallMs = performance.now() - t0;
  const peak = sampler.stop();
  const file = join(opts.reportDir, 'certificate.json');
  if (!existsSync(file)) throw new Error(`certify --runs ${opts.runs} wrote no certificate (exit ${exitCode}); its last output: ${tail.trim()}`);
  const cert = JSON.parse(readFileSync(file, 'utf8')) as { verdict: string; exchanges: number; counts: Record<string, Record<string, number>> };
  return {
    runs: opts.runs,
    exitCode,
    verdict: cert.verdict,
    wallMs,
    suiteMs: certifyingAt !== undefined && verdictAt !== undefined ? verdictAt - certifyingAt : wallMs,
    exchanges: cert.exchanges,
    cases: totalCases(cert.counts),
    peak,
    counts: cert.counts,
    suiteSeconds,
  };
}
