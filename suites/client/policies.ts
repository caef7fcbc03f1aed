// The client's run-wide policies, created once per run and handed to every client of it, so what one suite learnt
// of the target (a class that hangs, the 429 back-off spent, the budget) holds for the rest of the run, in memory.
import { Backoff, type BackoffOptions, type BackoffReport } from './backoff';
import { Breaker, type BreakerOptions, type BreakerReport } from './breaker';
import { type BudgetLimits, type BudgetReport, RequestBudget } from './budget';

/** A transport error that was retried (or found to have taken effect): shown in the certificate, marked flaky. */
export interface FlakyIncident {
  at: string;
  /** Method and path (no query, no headers: nothing secret). */
  request: string;
  error: string;
  outcome: 'retried-ok' | 'failed-again' | 'took-effect';
}

const FLAKY_KEPT = 50;

export class FlakyLog {
  private readonly kept: FlakyIncident[] = [];
  private counts = { 'retried-ok': 0, 'failed-again': 0, 'took-effect': 0 };

  note(i: FlakyIncident): void {
    this.counts[i.outcome]++;
    if (this.kept.length < FLAKY_KEPT) this.kept.push(i);
  }

  report(): { counts: FlakyLog['counts']; incidents: FlakyIncident[] } {
    return { counts: { ...this.counts }, incidents: [...this.kept] };
  }
}

export interface RunPolicies {
  breaker: Breaker;
  backoff: Backoff;
  budget: RequestBudget;
  flaky: FlakyLog;
}

export interface PoliciesReport {
  breaker: BreakerReport;
  backoff: BackoffReport;
  budget: BudgetReport;
  flaky: ReturnType<FlakyLog['report']>;
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
  };
}

export function policiesReport(p: RunPolicies): PoliciesReport {
  return { breaker: p.breaker.report(), backoff: p.backoff.report(), budget: p.budget.report(), flaky: p.flaky.report() };
}
