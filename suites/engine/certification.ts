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
import type { ProgressSink } from '../progress/events';
import { aggregate } from './aggregate';
import type { RunConfig } from './config';
import { openSuiteContext } from './context';
import { runSuitesDirect } from './direct';
import { deleteAndWait } from './lifecycle';
import { type CreatedConnection, readSuiteResults } from './recorder';
import type { SuiteDef } from './suite';
import { runSuitesWithVitest } from './vitest-run';

export type Engine = 'vitest' | 'direct';

export interface CertificationOptions {
  engine: Engine;
  suites?: readonly SuiteDef[];
  /** One line per suite and a few more; never a secret. */
  progress?: (line: string) => void;
  /** Live progress events (exchanges, suites, failed checks). */
  onProgress?: ProgressSink;
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
    if (options.engine === 'vitest') {
      const outcome = await runSuitesWithVitest(config, suites.map((s) => s.name), progress, onFirstSuite, options.onProgress);
      incidents.push(...outcome.errors.map((e) => `suite error: ${e}`));
    } else {
      await runSuitesDirect(config, suites, (name, ms) => progress(`  ok ${name.padEnd(9)} (${(ms / 1000).toFixed(1)}s)`), onFirstSuite, options.onProgress);
    }
    const results = readSuiteResults(resultsDir);
    const missing = suites.filter((s) => !results.some((r) => r.suite === s.name)).map((s) => s.name);
    if (missing.length > 0) incidents.push(`no results from suite(s) ${missing.join(', ')}: they did not run to the end`);
    const givenUp = results.map((r) => r.transport?.deletesGivenUp).find((g) => g !== undefined);
    const remaining = await finalSweep(config, results.flatMap((r) => r.created).filter((c) => !c.gone), givenUp);
    const endedAt = new Date().toISOString();
    return aggregate({ config, results, contract: loadContract(), suiteVersion: suiteVersion(), startedAt, endedAt, remaining, incidents });
  } finally {
    process.off('exit', onExit);
    onExit();
  }
}

/** Deletes what the suites created and did not see gone; returns what still remains. Never touches anything else. */
async function finalSweep(config: RunConfig, pending: CreatedConnection[], deletesGivenUp: string | undefined): Promise<CreatedConnection[]> {
  if (pending.length === 0) return [];
  const ctx = openSuiteContext({ ...config, resultsDir: join(config.resultsDir, 'final-sweep') }, 'final-sweep');
  // The suites (perhaps in another process) found that this target never completes a deletion: do not wait again.
  if (deletesGivenUp) ctx.client.policies.deletes.giveUp(deletesGivenUp);
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
