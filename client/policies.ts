// The client's run-wide policies, created once per run and handed to every client of it, so what one suite learnt
// of the target (a class that hangs, the 429 back-off spent, the budget) holds for the rest of the run, in memory.
import { Backoff, type BackoffOptions, type BackoffReport } from './backoff';
import { Breaker, type BreakerOptions, type BreakerReport } from './breaker';
import { type BudgetLimits, type BudgetReport, RequestBudget } from './budget';
import type { TransportErrorKind } from './exchange';
import { Pacer, type PacerReport } from './pacer';

/** A transport error that was retried (or found to have taken effect): shown in the certificate, marked flaky. */
export interface FlakyIncident {
  at: string;
  /** Method and path (no query, no headers: nothing secret). */
  request: string;
  error: string;
  /** How the answer was lost: reset (a truncated body included), timeout, refused, garbage, other. */
  kind?: TransportErrorKind;
  /** retried-ok: the retry answered; took-effect: the request had done its work (a GET by name, or the retry's
   *  409 to a create or 404 to a delete, shows it), so nothing was judged of it; failed-again: no answer at all. */
  outcome: 'retried-ok' | 'failed-again' | 'took-effect';
}

const FLAKY_KEPT = 50;

export class FlakyLog {
  private readonly kept: FlakyIncident[] = [];
  private counts = { 'retried-ok': 0, 'failed-again': 0, 'took-effect': 0 };
  private readonly kinds: Partial<Record<TransportErrorKind, number>> = {};

  note(i: FlakyIncident): void {
    this.counts[i.outcome]++;
    if (i.kind) this.kinds[i.kind] = (this.kinds[i.kind] ?? 0) + 1;
    if (this.kept.length < FLAKY_KEPT) this.kept.push(i);
  }

  report(): { counts: FlakyLog['counts']; byKind: Partial<Record<TransportErrorKind, number>>; incidents: FlakyIncident[] } {
    return { counts: { ...this.counts }, byKind: { ...this.kinds }, incidents: [...this.kept] };
  }
}

export interface RunPolicies {
  breaker: Breaker;
  backoff: Backoff;
  budget: RequestBudget;
  flaky: FlakyLog;
  deletes: DeleteWatch;
  /** Reads and deletions that waited for the target to settle: the first that outlives the settle bound gives up
   *  waiting for the rest of the run (each later one is asked once). */
  settles: DeleteWatch;
  /** Pacing by the target's advertised rate limit (RateLimit-Limit / -Remaining). */
  pacer: Pacer;
}

export interface PoliciesReport {
  breaker: BreakerReport;
  backoff: BackoffReport;
  budget: BudgetReport;
  flaky: ReturnType<FlakyLog['report']>;
  /** Why the run stopped waiting for deletions to complete, if it did. */
  deletesGivenUp?: string;
  /** Why the run stopped waiting for reads and deletions to settle, if it did. */
  settleGivenUp?: string;
  /** The rate limit the target advertised and how the run paced itself by it. */
  pacing?: PacerReport;
}

export interface RunPoliciesOptions {
  timeoutMs: number;
  budget?: BudgetLimits;
  /** When the run's budget started (ms since the epoch); default now. */
  startedAt?: number;
  breaker?: Omit<BreakerOptions, 'timeoutMs'>;
  backoff?: BackoffOptions;
}

export function createRunPolicies(o: RunPoliciesOptions): RunPolicies {
  return {
    breaker: new Breaker({ timeoutMs: o.timeoutMs, ...o.breaker }),
    backoff: new Backoff(o.backoff),
    budget: new RequestBudget(o.budget ?? {}, Date.now, o.startedAt ?? Date.now()),
    flaky: new FlakyLog(),
    deletes: new DeleteWatch(),
    settles: new DeleteWatch(),
    pacer: new Pacer(),
  };
}

export function policiesReport(p: RunPolicies): PoliciesReport {
  const given = p.deletes.givenUp;
  const settle = p.settles.givenUp;
  return {
    breaker: p.breaker.report(),
    backoff: p.backoff.report(),
    budget: p.budget.report(),
    flaky: p.flaky.report(),
    ...(given ? { deletesGivenUp: given } : {}),
    ...(settle ? { settleGivenUp: settle } : {}),
    ...(p.pacer.advertisedLimit !== undefined ? { pacing: p.pacer.report() } : {}),
  };
}

/**
 * One account from the reports of several processes or suites of a run (each a snapshot of state that only grows):
 * per class the largest counts, the budget's refusals added up, the first reason for giving up on deletions.
 */
export function mergePoliciesReports(reports: readonly PoliciesReport[]): PoliciesReport | undefined {
  if (reports.length === 0) return undefined;
  const classes = new Map<string, PoliciesReport['breaker']['classes'][number]>();
  for (const r of reports) {
    for (const c of r.breaker.classes) {
      const seen = classes.get(c.class);
      if (!seen || c.sent + c.notSent > seen.sent + seen.notSent) classes.set(c.class, c);
    }
  }
  const most = <T>(pick: (r: PoliciesReport) => T, size: (t: T) => number) => reports.map(pick).reduce((a, b) => (size(b) > size(a) ? b : a));
  const budget = most((r) => r.budget, (b) => b.refused + (b.exhaustedBy ? 1e9 : 0));
  const flaky = most((r) => r.flaky, (f) => f.counts['retried-ok'] + f.counts['failed-again'] + f.counts['took-effect']);
  const given = reports.find((r) => r.deletesGivenUp)?.deletesGivenUp;
  const settle = reports.find((r) => r.settleGivenUp)?.settleGivenUp;
  const pacings = reports.flatMap((r) => (r.pacing ? [r.pacing] : []));
  const down = reports.find((r) => r.breaker.targetDown)?.breaker.targetDown;
  const p99 = reports.find((r) => r.breaker.p99LatencyMs !== undefined)?.breaker.p99LatencyMs;
  return {
    breaker: { configuredTimeoutMs: reports[0]!.breaker.configuredTimeoutMs, ...(p99 !== undefined ? { p99LatencyMs: p99 } : {}), classes: [...classes.values()], ...(down ? { targetDown: down } : {}) },
    backoff: most((r) => r.backoff, (b) => b.retriedWithoutRetryAfter),
    budget,
    flaky,
    ...(given ? { deletesGivenUp: given } : {}),
    ...(settle ? { settleGivenUp: settle } : {}),
    ...(pacings.length > 0 ? { pacing: pacings.reduce((a, b) => (b.waitedMs + b.paced >= a.waitedMs + a.paced ? b : a)) } : {}),
  };
}

/**
 * Deletions that never complete: the first accepted one still visible after the run's deadline gives up waiting for
 * the whole run (every later one is checked with one GET), so such a target costs one deadline, not one per suite.
 */
export class DeleteWatch {
  private reason: string | undefined;

  get givenUp(): string | undefined {
    return this.reason;
  }

  giveUp(reason: string): void {
    this.reason ??= reason;
  }
}
