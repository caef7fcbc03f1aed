// Time to a ready reference target: as a child process (node running the compiled CLI) and, where a Docker
// engine answers, as a container (image build from cache plus container start).
import { spawnTarget } from '../reference/child';
import { dockerAvailable, startTargetContainer } from '../reference/container';

export interface StartupFigures {
  /** Median of `tries` process starts, ms. */
  processMs: number;
  processTries: number[];
  /** Whole start (bundle + image build + container start) of the first container, ms; null without a Docker engine. */
  containerMs: number | null;
  /** Its parts, when measured. */
  containerParts?: { bundleMs: number; imageBuildMs: number; startMs: number };
  containerNote?: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function measureStartup(tries: number): Promise<StartupFigures> {
  const processTries: number[] = [];
  for (let i = 0; i < tries; i++) {
    const t0 = performance.now();
    const t = await spawnTarget({ startTimeoutMs: 30_000 });
    processTries.push(performance.now() - t0);
    await t.close();
  }
  const out: StartupFigures = { processMs: median(processTries), processTries, containerMs: null };
  if (!(await dockerAvailable())) return { ...out, containerNote: 'no Docker engine answered' };
  try {
    const t0 = performance.now();
    const c = await startTargetContainer({ startupTimeoutMs: 60_000 });
    const containerMs = performance.now() - t0;
    await c.close();
    return { ...out, containerMs, containerParts: c.timings };
  } catch (e) {
    return { ...out, containerNote: `container did not start: ${(e as Error).message.split('\n')[0]!.slice(0, 200)}` };
  }
}
