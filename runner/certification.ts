// One certification run against a target that is already up: a listing of what the stream instance held before,
// the suites under vitest, a final sweep of every name the run may have created, a leak check, and the certificate.
// `certify`, the self-tests and the vitest preset's reporter all end here.
import { loadContract } from '../contracts/loader';
import { packageVersion } from '../util/package-root';
import type { Certificate } from '../results/model';
import type { Secret } from '../results/redact';
import type { ProgressSink } from '../engine/progress-events';
import { aggregate } from './aggregate';
import { leaked, sweepCandidates, sweepLedger } from '../engine/cleanup';
import type { RunConfig } from '../engine/config';
import { openSuiteContext } from '../engine/context';
import { type Listing, ledgerKey, listNames } from '../engine/ledger';
import type { CreatedConnection, SuiteResults } from '../engine/recorder';
import type { Exchange } from '../client/exchange';
import { runSuitesWithVitest } from './vitest-run';

export interface CertificationOptions {
  /** One line per suite and a few more; never a secret. */
  progress?: (line: string) => void;
  /** Live progress events (exchanges, suites, failed checks). */
  onProgress?: ProgressSink;
}

export interface CertificationResult {
  certificate: Certificate;
  secrets: Secret[];
  /** Every exchange of the suites and of the final sweep, in the order they started, when the run records
   *  (RunConfig.record); secrets in clear: write them only through reports/har.ts. */
  exchanges?: Exchange[];
}

export function suiteVersion(): string {
  return packageVersion();
}


export async function certify(config: RunConfig, options: CertificationOptions = {}): Promise<CertificationResult> {
  const progress = options.progress ?? (() => {});
  const startedAt = new Date().toISOString();
  const before = await snapshot(config);
  const outcome = await runSuitesWithVitest(config, progress, options.onProgress);
  return conclude(config, outcome.results, outcome.errors.map((e) => `suite error: ${e}`), startedAt, before);
}

/** What the stream instance holds before the run: never the run's, so the sweep and the leak check leave it be. */
export async function snapshot(config: RunConfig): Promise<Listing> {
  const ctx = openSuiteContext(config, 'snapshot');
  try {
    return await listNames(ctx.client, config.groupId, config.tenant);
  } finally {
    await ctx.client.close();
  }
}

/** After the suites: the final sweep of what they may have left, the leak check, and the certificate. */
export async function conclude(config: RunConfig, results: SuiteResults[], incidents: string[], startedAt: string, before: Listing): Promise<CertificationResult> {
  const all = [...incidents];
  if (!before.ok) all.push(`the stream instance could not be listed before the run (${before.why}): names the run sent without its prefix are swept only where it saw them created`);
  const missing = config.suites.filter((s) => !results.some((r) => r.suite === s));
  if (missing.length > 0) all.push(`no results from suite(s) ${missing.join(', ')}: they did not run to the end`);
  const sweepLog: Exchange[] = [];
  const remaining = await finalSweep(config, results, before, all, sweepLog);
  const endedAt = new Date().toISOString();
  const out: CertificationResult = aggregate({ config, results, contract: loadContract(), suiteVersion: suiteVersion(), startedAt, endedAt, remaining, incidents: all });
  if (config.record) out.exchanges = [...results.flatMap((r) => r.exchangeLog ?? []), ...sweepLog].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  return out;
}

/**
 * Deletes every name of the ledger still there (and what the suites saw created and not gone), never what was there
 * before the run; returns what remains. Then lists the stream instance: anything the run made that is still there is
 * an incident (the leak check).
 */
async function finalSweep(config: RunConfig, results: SuiteResults[], before: Listing, incidents: string[], log: Exchange[]): Promise<CreatedConnection[]> {
  const home = { groupId: config.groupId, tenant: config.tenant };
  const candidates = sweepCandidates(results, before, home);
  const ctx = openSuiteContext(config, 'final-sweep');
  // The suites found that this target never completes a deletion: do not wait again.
  const givenUp = results.map((r) => r.transport?.deletesGivenUp).find((g) => g !== undefined);
  if (givenUp) ctx.client.policies.deletes.giveUp(givenUp);
  try {
    const left = new Set((config.sweeps === false ? candidates : await sweepLedger(ctx, candidates)).map(ledgerKey));
    const ours = new Set<string>();
    for (const r of results) for (const c of [...r.created, ...(r.maybeLeft ?? [])]) if (c.groupId === home.groupId && c.tenant === home.tenant) ours.add(c.name);
    const after = await listNames(ctx.client, home.groupId, home.tenant);
    if (!after.ok) incidents.push(`leak check: the stream instance could not be listed after the run (${after.why})`);
    else {
      const still = leaked(after.names, before, ours, config.runPrefix);
      if (still.length > 0) incidents.push(`leak check: ${still.length} connection(s) the run created are still in ${home.tenant}: ${still.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')}`);
    }
    const typeOf = new Map(results.flatMap((r) => r.created).map((c) => [ledgerKey(c), c.type] as const));
    return candidates
      .filter((c) => left.has(ledgerKey(c)))
      .map(({ seen: _seen, ...c }) => ({ ...c, gone: false, ...(typeOf.get(ledgerKey(c)) ? { type: typeOf.get(ledgerKey(c))! } : {}) }));
  } finally {
    await ctx.client.close();
    log.push(...(ctx.rec.results().exchangeLog ?? []));
  }
}
