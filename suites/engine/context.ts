// Everything a suite needs to talk to the target and record what it judged, opened once per suite.
import pLimit from 'p-limit';
import { type Contract, loadContract } from '../../contracts/loader';
import type { RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import { createGenContext, type GenContext } from '../../generators';
import { type Credential, parseCredential, TargetClient } from '../client';
import type { CaseLabel, Exchange, Verdict } from '../model';
import { errorShape, no5xx, noSecretLeak, reasonPhrase, retryAfter } from '../oracles';
import type { RunConfig } from './config';
import { recordCreates } from './ledger';
import { Recorder } from './recorder';

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
}

export function openSuiteContext(config: RunConfig, suite: string): SuiteContext {
  const rec = new Recorder(suite);
  const contract = loadContract();
  const credential = parseCredential(config.auth);
  const client = new TargetClient({
    baseUrl: config.target,
    credential,
    timeoutMs: config.timeoutMs,
    ...(config.rate !== undefined ? { ratePerSecond: config.rate } : {}),
    ...(config.tls ? { tls: config.tls } : {}),
    idPrefix: `${suite}-`,
    onExchange: () => {
      rec.exchanges++;
    },
    // Every 429 the target sends, wherever it comes from, is judged for Retry-After (the client then honours it).
    on429: (ex) => {
      rec.judge({ rule: 'rate-limit', verdict: retryAfter(ex), operator: 'any-429', exchanges: [ex] });
    },
  });
  // The ledger sees what was really sent (inside the breaker, which answers for requests it does not send).
  recordCreates(client, (e) => rec.recordSent(e));
  installBreaker(client, config, rec);
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
  };
}

/** After this many transport failures in a row, the target is taken as down and the rest is not sent. */
export const BREAKER_THRESHOLD = 8;

/** Why the target was taken as down, for every suite of the run in this process (they share one worker). */
const targetDown = new Map<string, string>();

/**
 * A target that hangs, resets or speaks garbage would make every remaining request wait for its timeout. Once it
 * has failed BREAKER_THRESHOLD times in a row, further requests are not sent: they come back at once as transport
 * errors saying so (still failing `no-5xx` and their own rule), and later suites of the run start tripped, so a run
 * against a dead target ends in bounded time with every result it had.
 */
function installBreaker(client: TargetClient, config: RunConfig, rec: Recorder): void {
  const key = `${config.runPrefix} ${config.target}`;
  let streak = 0;
  const send = client.send.bind(client);
  client.send = async (req) => {
    const reason = targetDown.get(key);
    if (reason !== undefined) {
      const ex: Exchange = {
        id: `${rec.suite}-not-sent`,
        request: { method: req.method, url: config.target + req.path, headers: {} },
        startedAt: new Date().toISOString(),
        durationMs: 0,
        outcome: 'transport-error',
        error: { kind: 'other', message: `not sent: ${reason}` },
      };
      return ex;
    }
    const ex = await send(req);
    if (ex.outcome === 'transport-error') {
      if (++streak >= BREAKER_THRESHOLD && !targetDown.has(key)) {
        const why = `the target failed ${streak} requests in a row (last: ${ex.error.kind}: ${ex.error.message})`;
        targetDown.set(key, why);
        rec.incident(`run cut short: ${why}; the remaining requests were not sent`);
      }
    } else streak = 0;
    return ex;
  };
}

export interface Judged {
  type?: ConnectionType;
  operator: string;
  counterexample?: unknown;
  label?: CaseLabel;
}

/** Records one rule's verdict on some exchanges; returns it so callers can collect the failing rules of a case. */
export function judge(ctx: SuiteContext, rule: RuleId, verdict: Verdict, exchanges: readonly Exchange[], about: Judged): Verdict {
  return ctx.rec.judge({ rule, verdict, exchanges, ...about });
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
  const note = (rule: RuleId, v: Verdict) => {
    judge(ctx, rule, v, [ex], about);
    if (!v.ok) failed?.add(rule);
  };
  note('no-5xx', no5xx(ex));
  // With envelope=true an error may arrive as HTTP 200 carrying {status, content: ApiError}.
  const enveloped = /[?&]envelope=true(&|$)/.test(ex.request.url);
  if (ex.outcome === 'response' && (ex.response.status >= 400 || enveloped)) {
    note('error-shape', errorShape(ex, ctx.contract, { envelope: enveloped }));
    note('reason-phrase', reasonPhrase(ex));
  }
  if (about.secrets && about.secrets.length > 0) note('no-secret-leak', noSecretLeak([...about.secrets], ex));
}

export async function closeSuiteContext(ctx: SuiteContext): Promise<void> {
  await ctx.client.close();
}
