// Everything a suite needs to talk to the target and record what it judged, opened once per suite.
import pLimit from 'p-limit';
import { type Contract, loadContract } from '../contracts/loader';
import { ruleById, type RuleId } from '../contracts/rules';
import type { ConnectionType } from '../contracts/types';
import { createGenContext, type GenContext } from '../generators';
import { type Credential, createRunPolicies, parseCredential, policiesReport, type RunPolicies, TargetClient } from '../client';
import type { CaseLabel } from '../results/model';
import type { Exchange } from '../client/exchange';
import { errorShape, type Judgement, mayBeEnveloped, no5xx, noSecretLeak, reasonPhrase, retryAfter, unwrapEnvelope } from '../oracles';
import { ProgressHub, type ProgressSink } from './progress-events';
import type { RunConfig } from './config';
import { recordCreates } from './ledger';
import { Recorder, type SuiteResults } from './recorder';

export interface SuiteContext {
  readonly config: RunConfig;
  readonly contract: Contract;
  readonly client: TargetClient;
  readonly credential: Credential;
  readonly readonlyCredential: Credential | undefined;
  readonly gen: GenContext;
  readonly rec: Recorder;
  /** Runs independent cases with the run's concurrency. */
  readonly pool: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Where exchanges sent and failed checks are reported as they happen (progress). */
  readonly progress: ProgressHub;
}

export function openSuiteContext(config: RunConfig, suite: string, progressSink?: ProgressSink): SuiteContext {
  const rec = new Recorder(suite);
  const progress = new ProgressHub();
  progress.connect(progressSink);
  const contract = loadContract();
  const credential = parseCredential(config.auth);
  const client = new TargetClient({
    baseUrl: config.target,
    credential,
    timeoutMs: config.timeoutMs,
    ...(config.rate !== undefined ? { ratePerSecond: config.rate } : {}),
    ...(config.tls ? { tls: config.tls } : {}),
    idPrefix: `${suite}-`,
    policies: runPolicies(config),
    onExchange: (ex) => {
      rec.exchanges++;
      if (config.record) rec.logExchange(ex);
      progress.exchange();
    },
    // Every 429 the target sends, wherever it comes from, is judged for Retry-After (the client then honours it).
    on429: (ex) => {
      const judgement = retryAfter(ex);
      const verdict = rec.judge({ rule: judgement.rule, verdict: judgement, operator: 'any-429', exchanges: [ex] });
      if (!verdict.ok) progress.failure('MUST');
    },
  });
  // The ledger hears of every create the client really sent (a request the breaker holds back is not sent).
  recordCreates(client, (e) => rec.recordSent(e));
  return {
    config,
    contract,
    client,
    credential,
    readonlyCredential: config.readonlyAuth ? parseCredential(config.readonlyAuth) : undefined,
    // One name space per suite, so suites never collide on names within a run.
    gen: createGenContext({ runPrefix: `${config.runPrefix}-${suite.slice(0, 4)}`, fixtures: config.fixtures }),
    rec,
    pool: pLimit(Math.max(1, config.concurrency)),
    progress,
  };
}

const policiesByRun = new Map<string, RunPolicies>();

/**
 * The client policies of one run (breaker, back-off, budget, deletions given up), shared in memory by every suite
 * of the run that runs in this process: what one suite learnt of the target holds for the next.
 */
export function runPolicies(config: RunConfig): RunPolicies {
  let p = policiesByRun.get(config.runPrefix);
  if (!p) {
    const { startedAt, ...limits } = config.budget ?? { startedAt: Date.now() };
    p = createRunPolicies({ timeoutMs: config.timeoutMs, budget: limits, startedAt });
    // A process certifies few runs (the self-tests dozens): keep the latest ones only.
    if (policiesByRun.size >= 8) policiesByRun.delete(policiesByRun.keys().next().value!);
    policiesByRun.set(config.runPrefix, p);
  }
  return p;
}

export interface Judged {
  type?: ConnectionType;
  operator: string;
  counterexample?: unknown;
  label?: CaseLabel;
}

/**
 * Records an oracle's judgement of some exchanges (the rule travels with it); returns it so callers can collect the
 * failing rules of a case. A judgement of an answer that was lost after its request took effect (the first exchange,
 * a create or delete the client found done: client.ts) is not a check: nothing was answered, and the answer to the
 * suite's own retry is never judged. The loss is a transport incident (the certificate's transport section), never a
 * rule failure. The cleanup oracle knows such a DELETE (it counts as accepted) and is judged as usual.
 */
export function judge(ctx: SuiteContext, judgement: Judgement, exchanges: readonly Exchange[], about: Judged): Judgement {
  const lost = exchanges[0]?.outcome === 'transport-error' && exchanges[0].transportRetry?.tookEffect === true;
  if (lost && judgement.rule !== 'cleanup') return judgement;
  if (!judgement.ok) ctx.progress.failure(ruleById(judgement.rule).level);
  ctx.rec.judge({ rule: judgement.rule, verdict: judgement, exchanges, ...about });
  return judgement;
}

/**
 * The checks every answer is subject to, whatever was asked: never a 5xx (nor a hang, reset or garbage), errors in
 * the ApiError shape with their reason phrase, and none of the secrets the case sent anywhere in the answer.
 */
export function observe(
  ctx: SuiteContext,
  ex: Exchange,
  about: Judged & { secrets?: readonly { path: string; value: string }[] },
  failed?: Set<RuleId>,
): void {
  const note = (j: Judgement) => {
    judge(ctx, j, [ex], about);
    if (!j.ok) failed?.add(j.rule);
  };
  // A create whose connection a GET by name found made, though its answer was lost in transport, is one transport
  // error (an incident marked flaky in the certificate), which alone never fails no-5xx.
  ctx.rec.answered(about.type ?? 'none', about.operator, answerClass(ex));
  if (!ex.transportRetry?.tookEffect) note(no5xx(ex));
  const enveloped = mayBeEnveloped(ex.request.url);
  if (ex.outcome === 'response' && (ex.response.status >= 400 || enveloped)) {
    note(errorShape(ex, ctx.contract, { envelope: enveloped }));
    note(reasonPhrase(ex));
  }
  if (about.secrets && about.secrets.length > 0) note(noSecretLeak([...about.secrets], ex));
}

/** Closes the suite's client; answers the suite's results, with what the run's transport policies saw. */
export async function closeSuiteContext(ctx: SuiteContext): Promise<SuiteResults> {
  await ctx.client.close();
  return { ...ctx.rec.results(), transport: policiesReport(ctx.client.policies) };
}

/** The class of an answer in the coverage map: its semantic status (an envelope's, with envelope=true), 5xx as one. */
export function answerClass(ex: Exchange): string {
  if (ex.outcome !== 'response') return 'no answer';
  let status = ex.response.status;
  if (/[?&]envelope=/i.test(ex.request.url)) {
    const env = unwrapEnvelope(ex.response.json);
    if (env) status = env.status;
  }
  return status >= 500 ? '5xx' : String(status);
}
