// One certification run against a target that is already up: the suites under vitest, a final sweep of anything the
// run created, and the certificate. `certify`, the self-tests and the vitest preset's reporter all end here.
import { loadContract } from '../../contracts/loader';
import { packageVersion } from '../../util/package-root';
import { SUITES } from '../definitions';
import type { Certificate } from '../model';
import type { Secret } from '../../reports/redact';
import { aggregate } from './aggregate';
import type { RunConfig } from './config';
import { openSuiteContext } from './context';
import { deleteAndWait } from './lifecycle';
import type { CreatedConnection, SuiteResults } from './recorder';
import { runSuitesWithVitest } from './vitest-run';

export interface CertificationOptions {
  /** One line per suite and a few more; never a secret. */
  progress?: (line: string) => void;
}

export interface CertificationResult {
  certificate: Certificate;
  secrets: Secret[];
}

export function suiteVersion(): string {
  return packageVersion();
}

/** The suites of a run by default: all of them, in the catalogue's order. */
export const ALL_SUITES: readonly string[] = SUITES.map((s) => s.name);

export async function certify(config: RunConfig, options: CertificationOptions = {}): Promise<CertificationResult> {
  const progress = options.progress ?? (() => {});
  const startedAt = new Date().toISOString();
  const outcome = await runSuitesWithVitest(config, progress);
  return conclude(config, outcome.results, outcome.errors.map((e) => `suite error: ${e}`), startedAt);
}

/** After the suites: the final sweep of what they left, and the certificate. */
export async function conclude(config: RunConfig, results: SuiteResults[], incidents: string[], startedAt: string): Promise<CertificationResult> {
  const all = [...incidents];
  const missing = config.suites.filter((s) => !results.some((r) => r.suite === s));
  if (missing.length > 0) all.push(`no results from suite(s) ${missing.join(', ')}: they did not run to the end`);
  const remaining = await finalSweep(config, results.flatMap((r) => r.created).filter((c) => !c.gone));
  const endedAt = new Date().toISOString();
  return aggregate({ config, results, contract: loadContract(), suiteVersion: suiteVersion(), startedAt, endedAt, remaining, incidents: all });
}

/** Deletes what the suites created and did not see gone; returns what still remains. Never touches anything else. */
async function finalSweep(config: RunConfig, pending: CreatedConnection[]): Promise<CreatedConnection[]> {
  if (pending.length === 0) return [];
  const ctx = openSuiteContext(config, 'final-sweep');
  const remaining: CreatedConnection[] = [];
  try {
    // Independent deletions, through the run's pool: against a target that never completes a deletion each one
    // waits out its deadline, in parallel rather than one after another.
    const outcomes = await Promise.all(pending.map((c) => ctx.pool(() => deleteAndWait(ctx, c.name, c.type, c.groupId, c.tenant))));
    pending.forEach((c, i) => {
      if (!outcomes[i]!.gone) remaining.push(c);
    });
  } finally {
    await ctx.client.close();
  }
  return remaining;
}
