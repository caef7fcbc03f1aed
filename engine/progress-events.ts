// The run's progress as a stream of small typed events: exchanges sent, suites started, failed checks by level.
// Whoever runs the suites (in this process, or in a vitest worker whose messages carry batches) feeds one sink;
// a renderer (cli/progress.ts) consumes it. Nothing here knows how the events travel.
import type { Level } from '../contracts/rules';

export type ProgressEvent =
  | { kind: 'plan'; exchanges: number }
  | { kind: 'suite-start'; name: string }
  | { kind: 'exchange'; count?: number }
  | { kind: 'failure'; level: Level; count?: number };

export type ProgressSink = (e: ProgressEvent) => void;

/** Counts of exchanges and failures since the last flush: what a worker sends as one message. */
export interface ProgressBatch {
  exchanges: number;
  failures: Record<Level, number>;
}

/** The vitest artifact that carries a batch from the worker to certify's reporter (engine/vitest-run.ts). */
export const PROGRESS_ARTIFACT = 'stream-conformance:progress';
export interface ProgressArtifact {
  type: typeof PROGRESS_ARTIFACT;
  batch: ProgressBatch;
}

export function batchEvents(b: ProgressBatch): ProgressEvent[] {
  const out: ProgressEvent[] = [];
  if (b.exchanges > 0) out.push({ kind: 'exchange', count: b.exchanges });
  for (const level of ['MUST', 'SHOULD'] as const) if (b.failures[level] > 0) out.push({ kind: 'failure', level, count: b.failures[level] });
  return out;
}

/**
 * Where a suite context emits its events. Connected to a sink for as long as someone listens; events with no sink
 * connected are counted into a batch, so a sender that flushes on a timer (the vitest worker) sends few messages.
 */
export class ProgressHub {
  private sink: ProgressSink | undefined;
  private batch: ProgressBatch = { exchanges: 0, failures: { MUST: 0, SHOULD: 0 } };

  connect(sink: ProgressSink | undefined): void {
    this.sink = sink;
  }

  exchange(): void {
    if (this.sink) this.sink({ kind: 'exchange' });
    else this.batch.exchanges++;
  }

  failure(level: Level): void {
    if (this.sink) this.sink({ kind: 'failure', level });
    else this.batch.failures[level]++;
  }

  /** The counts gathered while no sink was connected, reset; undefined when there are none. */
  take(): ProgressBatch | undefined {
    const b = this.batch;
    if (b.exchanges === 0 && b.failures.MUST === 0 && b.failures.SHOULD === 0) return undefined;
    this.batch = { exchanges: 0, failures: { MUST: 0, SHOULD: 0 } };
    return b;
  }
}
