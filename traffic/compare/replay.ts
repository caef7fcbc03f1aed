// Sends a replay plan to a target through the suites' own client (engine/context.ts: pacing by the target's
// RateLimit headers, 429s honoured, transport errors retried once, the ledger hearing of every create that could
// have succeeded), settling as certify does, within the settle bound and only about what the replay itself did: a
// GET the recording saw answered 200 of a connection the replay created is asked again while it answers 404 (reads
// settle), a DELETE the recording saw accepted while it answers 409 (deploying) or 404, and a GET the recording saw
// answered 404 after the replay deleted the connection while it answers 200 (DELETING).
// Afterwards everything the replay may have created is deleted (engine/cleanup.ts, DELETE retried while deploying),
// and what is still there is an incident. What was in the stream instance before is never touched.
import { deleteMayComplete, pollUntil, statusIs } from '../../client/settle';
import type { Exchange } from '../../client/exchange';
import { isNotSent, type SendRequest } from '../../client';
import { leaked, sweepCandidates, sweepLedger } from '../../engine/cleanup';
import { type RunConfig, settleBound } from '../../engine/config';
import { closeSuiteContext, openSuiteContext } from '../../engine/context';
import { type Listing, listNames } from '../../engine/ledger';
import { isSuccess } from '../../engine/lifecycle';
import { connectionKey } from '../select';
import type { ReplayStep } from './plan';
import { sendGroups } from './plan';

export interface Replayed {
  step: ReplayStep;
  /** The answer compared with the recorded one (after settling); absent when the request was not sent. */
  exchange?: Exchange;
  /** Why a planned request could not be sent (the run's breaker or rate limit held it back). */
  notSent?: string;
}

export interface ReplayOutcome {
  replayed: Replayed[];
  /** Every exchange of the replay (settling asks included), in order: judged like a recording. */
  log: Exchange[];
  incidents: string[];
  /** Secrets the client used or obtained (tokens), for the redactor. */
  secrets: string[];
}

export async function replay(config: RunConfig, steps: readonly ReplayStep[]): Promise<ReplayOutcome> {
  const ctx = openSuiteContext({ ...config, record: true }, 'compare');
  const incidents: string[] = [];
  const bound = settleBound(config);
  let before: Listing;
  const replayed: Replayed[] = [];
  try {
    before = await listNames(ctx.client, config.groupId, config.tenant);
    const log0 = ctx.rec.results().exchangeLog?.length ?? 0;
    if (!before.ok) incidents.push(`the stream instance could not be listed before the replay (${before.why}): only names the replay sent are swept`);
    // Per connection (the recorded key; the mapping is one to one): created by the replay (true) or deleted (false).
    const live = new Map<string, boolean>();
    const one = async (step: ReplayStep): Promise<Replayed> => {
      if (!step.send) return { step };
      const req: SendRequest = step.send;
      const recorded = step.op.rec.exchange;
      const was = recorded.outcome === 'response' ? recorded.response.status : undefined;
      const key = connectionKey(step.op);
      const poll = (done: (ex: Exchange) => boolean, firstMs?: number) =>
        pollUntil(() => ctx.client.send(req), done, { boundMs: bound, ...(firstMs ? { firstMs } : {}) }).then((p) => p.ex);
      try {
        let ex: Exchange;
        // Settling, only about what the replay itself did: a read of what it created (404 until it shows), a
        // DELETE of it (409 while it deploys, 404 before it shows), a read of what it deleted (200 while DELETING).
        if (step.op.kind === 'get' && was === 200 && live.get(key) === true) ex = await poll((x) => !statusIs(x, 404));
        else if (step.op.kind === 'get' && was === 404 && live.get(key) === false) ex = await poll((x) => !statusIs(x, 200));
        else if (step.op.kind === 'delete' && was !== undefined && was >= 200 && was < 300 && live.get(key) === true) ex = await poll((x) => !deleteMayComplete(x), 250);
        else ex = await ctx.client.send(req);
        const ok = isSuccess(ex);
        if (step.op.kind === 'create' && ok) live.set(key, true);
        if (step.op.kind === 'delete' && ok) live.set(key, false);
        return { step, exchange: ex };
      } catch (e) {
        if (!isNotSent(e)) throw e;
        return { step, notSent: (e as Error).message };
      }
    };
    for (const group of sendGroups(steps)) replayed.push(...(await Promise.all(group.map(one))));
    const results = await closeSuiteContext(ctx);
    const log = (results.exchangeLog ?? []).slice(log0);
    await cleanUp(config, results, before, incidents);
    return { replayed, log, incidents, secrets: ctx.client.secrets() };
  } finally {
    await ctx.client.close();
  }
}

/** Deletes what the replay may have created (not what was there before), then lists the instance once. */
async function cleanUp(config: RunConfig, results: Awaited<ReturnType<typeof closeSuiteContext>>, before: Listing, incidents: string[]): Promise<void> {
  const home = { groupId: config.groupId, tenant: config.tenant };
  const candidates = sweepCandidates([results], before, home);
  const ctx = openSuiteContext(config, 'compare-sweep');
  try {
    const left = await sweepLedger(ctx, candidates);
    if (left.length > 0) incidents.push(`cleanup: ${left.length} connection(s) the replay created could not be deleted within the settle bound: ${left.slice(0, 10).map((c) => JSON.stringify(c.name)).join(', ')}`);
    const after = await listNames(ctx.client, home.groupId, home.tenant);
    if (after.ok) {
      const ours = new Set(candidates.filter((c) => c.groupId === home.groupId && c.tenant === home.tenant).map((c) => c.name));
      const still = leaked(after.names, before, ours, config.runPrefix);
      if (still.length > 0) incidents.push(`leak check: ${still.length} connection(s) the replay created are still listed in ${home.tenant}: ${still.slice(0, 10).map((n) => JSON.stringify(n)).join(', ')}`);
    } else incidents.push(`leak check: the stream instance could not be listed after the replay (${after.why})`);
  } finally {
    await ctx.client.close();
  }
}
