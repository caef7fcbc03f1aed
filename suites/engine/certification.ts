// One certification run against a target that is already up: the suites (under vitest, or directly for the
// self-tests), a final sweep of anything the run created, and the certificate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../contracts/loader';
import { type PreparedVerifier, prepareVerifier } from '../../pacts/verify/isolated';
import { SUITES } from '../definitions';
import { pact, pactVerifyOptions } from '../definitions/pact';
import type { Certificate } from '../model';
import type { Secret } from '../../reports/redact';
import { aggregate } from './aggregate';
import type { RunConfig } from './config';
import { openSuiteContext } from './context';
import { runSuitesDirect } from './direct';
import { leaked, sweepCandidates, sweepLedger } from './cleanup';
import { type Listing, ledgerKey, listNames } from './ledger';
import { type CreatedConnection, readSuiteResults, type SuiteResults } from './recorder';
import type { SuiteDef } from './suite';
import { runSuitesWithVitest } from './vitest-run';

export type Engine = 'vitest' | 'direct';

export interface CertificationOptions {
  engine: Engine;
  suites?: readonly SuiteDef[];
  /** One line per suite and a few more; never a secret. */
  progress?: (line: string) => void;
}

export interface CertificationResult {
  certificate: Certificate;
  secrets: Secret[];
}

export function suiteVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A private folder for the suites' raw results (they hold exchanges with auth headers); removed after the run. */
export function privateResultsDir(): string {
  return mkdtempSync(join(tmpdir(), 'stream-conformance-'));
}

export async function certify(base: Omit<RunConfig, 'resultsDir'>, options: CertificationOptions): Promise<CertificationResult> {
  const progress = options.progress ?? (() => {});
  const suites = options.suites ?? SUITES;
  const resultsDir = privateResultsDir();
  // The Pact verifier's process loads (about half a second of CPU) while other suites run, and sends nothing until
  // the pact suite tells it to. It starts with the first suite, not before: during vitest's own start-up both cores
  // are busy, while a suite leaves part of one idle (the target's).
  const pactDir = join(resultsDir, 'pact-verifier');
  const wantsPact = suites.some((s) => s.name === pact.name);
  let verifier: PreparedVerifier | undefined;
  const onFirstSuite = () => {
    if (wantsPact) verifier ??= prepareVerifier(pactVerifyOptions(base), pactDir);
  };
  const config: RunConfig = { ...base, resultsDir, ...(wantsPact ? { pactVerifierDir: pactDir } : {}) };
  const startedAt = new Date().toISOString();
  const incidents: string[] = [];
  // An interrupted run (vitest exits the process on SIGINT and SIGTERM) still removes the raw results, which hold
  // exchanges with their Authorization headers, and the verifier's process.
  const onExit = () => {
    verifier?.stop();
    rmSync(resultsDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  try {
    // What the stream instance holds before the run is never the run's: the sweep and the leak check leave it be.
    const before = await snapshot(config);
    if (!before.ok) incidents.push(`the stream instance could not be listed before the run (${before.why}): names the run sent without its prefix are swept only where it saw them created`);
    if (options.engine === 'vitest') {
      const outcome = await runSuitesWithVitest(config, suites.map((s) => s.name), progress, onFirstSuite);
      incidents.push(...outcome.errors.map((e) => `suite error: ${e}`));
    } else {
      await runSuitesDirect(config, suites, (name, ms) => progress(`  ok ${name.padEnd(9)} (${(ms / 1000).toFixed(1)}s)`), onFirstSuite);
    }
    const results = readSuiteResults(resultsDir);
    const missing = suites.filter((s) => !results.some((r) => r.suite === s.name)).map((s) => s.name);
    if (missing.length > 0) incidents.push(`no results from suite(s) ${missing.join(', ')}: they did not run to the end`);
    const remaining = await finalSweep(config, results, before, incidents);
    const endedAt = new Date().toISOString();
    return aggregate({ config, results, contract: loadContract(), suiteVersion: suiteVersion(), startedAt, endedAt, remaining, incidents });
  } finally {
    process.off('exit', onExit);
    onExit();
  }
}

async function snapshot(config: RunConfig): Promise<Listing> {
  const ctx = openSuiteContext({ ...config, resultsDir: join(config.resultsDir, 'snapshot') }, 'snapshot');
  try {
    return await listNames(ctx.client, config.groupId, config.tenant);
  } finally {
    await ctx.client.close();
  }
}

/**
 * Deletes every name of the ledger still there (and what the suites saw created and not gone), never what was there
 * before the run; returns what remains. Then lists the stream instance: anything the run made that is still there is
 * an incident (the leak check).
 */
async function finalSweep(config: RunConfig, results: SuiteResults[], before: Listing, incidents: string[]): Promise<CreatedConnection[]> {
  const home = { groupId: config.groupId, tenant: config.tenant };
  const candidates = sweepCandidates(results, before, home);
  const ctx = openSuiteContext({ ...config, resultsDir: join(config.resultsDir, 'final-sweep') }, 'final-sweep');
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
  }
}
