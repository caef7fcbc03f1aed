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
import { openSuiteContext, type SuiteContext } from '../engine/context';
import { settleBound } from '../engine/config';
import { waited } from '../client/settle';
import { type Listing, ledgerKey, listNames } from '../engine/ledger';
import type { CreatedConnection, SuiteResults } from '../engine/recorder';
import type { Exchange } from '../client/exchange';
import { runSuitesWithVitest } from './vitest-run';

export interface CertificationOptions {
  /** One line per suite and a few more; never a secret. */
  progress?: (line: string) => void;
  /** Live progress events (exchanges, suites, failed checks). */
  onProgress?: ProgressSink;
  /** The requests the run is expected to send: with a rate limit the target advertises, the start line says how
   *  long they take at it. */
  plannedExchanges?: number;
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
  let limit: number | undefined;
  const before = await snapshot(config, (l) => (limit = l));
  if (limit !== undefined && options.plannedExchanges !== undefined) progress(rateLimitLine(limit, options.plannedExchanges));
  const outcome = await runSuitesWithVitest(config, progress, options.onProgress);
  return conclude(config, outcome.results, outcome.errors.map((e) => `suite error: ${e}`), startedAt, before);
}

/** What the stream instance holds before the run: never the run's, so the sweep and the leak check leave it be. */
export async function snapshot(config: RunConfig, onRateLimit?: (limit: number) => void): Promise<Listing> {
  const ctx = openSuiteContext(config, 'snapshot');
  try {
    const listing = await listNames(ctx.client, config.groupId, config.tenant);
    const limit = ctx.client.policies.pacer.advertisedLimit;
    if (limit !== undefined) onRateLimit?.(limit);
    return listing;
  } finally {
    await ctx.client.close();
  }
}

/** The start line of a run against a target that advertises a rate limit (the vendor's: 1,200 a minute). */
export function rateLimitLine(limit: number, planned: number): string {
  const minutes = Math.max(1, Math.ceil(planned / limit));
  return `The target advertises a rate limit of ${limit} requests (RateLimit-Limit); the run paces itself under it. It will send about ${planned} requests: at ${limit} a minute, about ${minutes} minute(s)${planned > limit * 3 ? ' (--minimal sends far fewer)' : ''}.`;
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
    // The run's names: its prefix, and the fixed names (Sample sources) it created and did not see gone; another
    // run's connections, or the instance's own sample, never count.
    const ours = new Set<string>();
    for (const r of results) {
      for (const c of r.created) if (c.groupId === home.groupId && c.tenant === home.tenant && (!c.gone || c.name.includes(config.runPrefix))) ours.add(c.name);
      for (const c of r.maybeLeft ?? []) if (c.groupId === home.groupId && c.tenant === home.tenant) ours.add(c.name);
    }
    const after = await settledLeakCheck(ctx, config, before, ours);
    if (!after.ok) incidents.push(`leak check: the stream instance could not be listed after the run (${after.why})`);
    else if (after.still.length > 0) {
      incidents.push(`leak check: ${after.still.length} connection(s) the run created are still in ${home.tenant} after the settle bound (${waited(after.waitedMs)}): ${after.still.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')}`);
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

/**
 * Lists the stream instance until none of the run's names is in it, within the settle bound: an eventually
 * consistent list may still show a connection deleted a moment ago (or show late one whose create answer was
 * lost). A name still listed is read and, if there, deleted again (a DELETE refused while it deployed). Past the
 * bound what remains is the leak check's finding.
 */
async function settledLeakCheck(ctx: SuiteContext, config: RunConfig, before: Listing, ours: ReadonlySet<string>): Promise<{ ok: false; why: string } | { ok: true; still: string[]; waitedMs: number }> {
  const { groupId, tenant } = config;
  let still: string[] = [];
  const polled = await pollListing(
    async () => {
      const listing = await listNames(ctx.client, groupId, tenant);
      if (!listing.ok) return listing;
      still = leaked(listing.names, before, ours, config.runPrefix);
      return listing;
    },
    async () => {
      if (config.sweeps === false) return;
      await sweepLedger(ctx, still.map((name) => ({ groupId, tenant, name, seen: false })));
    },
    () => still.length === 0,
    settleBound(config),
  );
  return polled.ok ? { ok: true, still, waitedMs: polled.waitedMs } : polled;
}

async function pollListing(list: () => Promise<Listing>, between: () => Promise<void>, done: () => boolean, boundMs: number): Promise<{ ok: false; why: string } | { ok: true; waitedMs: number }> {
  const start = Date.now();
  let pause = 250;
  for (;;) {
    const l = await list();
    if (!l.ok) return l;
    if (done() || Date.now() - start >= boundMs) return { ok: true, waitedMs: Date.now() - start };
    await between();
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, boundMs - (Date.now() - start)))));
    pause = Math.min(pause * 2, 2000);
  }
}
