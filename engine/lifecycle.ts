// Creating, reading back and deleting one connection, judged as it goes. Every connection a 2xx create reports is
// tracked, so the run can delete it at the end even when a test fails; deletion polls GET through DELETING.
import type { RuleId } from '../contracts/rules';
import type { ConnectionType } from '../contracts/types';
import type { Exchange } from '../client/exchange';
import { deleteMayComplete, type Polled, pollUntil, statusIs } from '../client/settle';
import { cleanupGone, readBack, semanticStatus, unwrapEnvelope } from '../oracles';
import { settleBound } from './config';
import { type SuiteContext, judge, observe } from './context';

export interface DeleteOutcome {
  deleteEx: Exchange;
  finalGetEx: Exchange;
  gone: boolean;
}

export { semanticStatus };

/** A create or delete whose answer was lost after it took effect (client.ts): done, though nothing was answered. */
export function tookEffect(ex: Exchange): boolean {
  return ex.outcome === 'transport-error' && ex.transportRetry?.tookEffect === true;
}

export function isSuccess(ex: Exchange): boolean {
  const s = semanticStatus(ex);
  return s !== undefined && s >= 200 && s < 300;
}

export function statusOf(ex: Exchange): number | undefined {
  return ex.outcome === 'response' ? ex.response.status : undefined;
}

/** Remembers a connection a create answered 2xx for, under the name it was sent with. */
export function trackIfCreated(ctx: SuiteContext, ex: Exchange, body: unknown, type: ConnectionType | undefined, groupId = ctx.config.groupId, tenant = ctx.config.tenant): string | undefined {
  if (!isSuccess(ex) && !tookEffect(ex)) return undefined;
  const name = typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string' ? (body as { name: string }).name : undefined;
  if (name === undefined) return undefined;
  // A lost create found done may have found a name that was already there: the run deletes only its own names
  // (the final sweep sees to a fixed one, never to one that was there before the run).
  if (!isSuccess(ex) && !name.includes(ctx.config.runPrefix)) return undefined;
  if (name === '') {
    // `.../connections/` is the list, not the connection: nothing can address it for deletion.
    ctx.rec.incident(`the target created a connection with an empty name in ${tenant}; it cannot be addressed to delete it`);
    return undefined;
  }
  ctx.rec.trackCreated({ groupId, tenant, name, ...(type ? { type } : {}) });
  return name;
}

/**
 * GET by name until the target shows the connection (anything but 404), within the run's settle bound: right after
 * a 200 create an eventually consistent target may answer 404 for a while. The first read that outlives the bound
 * makes the rest of the run read once (policies.settles).
 */
export async function settledRead(ctx: SuiteContext, name: string, groupId = ctx.config.groupId, tenant = ctx.config.tenant): Promise<Polled> {
  const watch = ctx.client.policies.settles;
  const boundMs = watch.givenUp ? 0 : settleBound(ctx.config);
  const polled = await pollUntil(() => ctx.client.get(groupId, tenant, name), (ex) => !statusIs(ex, 404), { boundMs });
  if (!polled.settled && boundMs > 0) watch.giveUp(`GET of ${name}, created with a 200, still answered 404 after the settle bound (${boundMs / 1000} s); later reads and deletions of the run were asked once, not waited for`);
  return polled;
}

/**
 * A create answered 409 for a name that is not the run's (a Sample source: the instance's own sample connection,
 * or another run's at the same time): the 409 is right when GET shows it exists, and cannot be judged when another run
 * may have held it; either way the case cannot show a 200.
 * It is counted as `name-taken` and the rules it would have judged say why they are not assessed for it.
 */
export async function takenByOthers(ctx: SuiteContext, ex: Exchange, name: string, type: ConnectionType, rules: readonly RuleId[]): Promise<boolean> {
  if (!statusIs(ex, 409) || name.includes(ctx.config.runPrefix)) return false;
  const probe = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, name);
  observe(ctx, probe, { type, operator: 'name-taken-probe' });
  ctx.rec.countCase(type, 'name-taken');
  // A name without the run's prefix is one every run must use (a sample source's): another run at once may have
  // held it when the create came and let it go before the probe (or its create may not show yet), so a 409 for it
  // is never held against the target.
  const why = statusIs(probe, 200)
    ? `${type} ${JSON.stringify(name)} already existed and was not this run's (the instance's own sample, or another run's): its create was answered 409, rightly`
    : `${type} ${JSON.stringify(name)} is a name other runs use too (a sample source's): its create was answered 409 and another run may have held it then, so the answer is not judged`;
  for (const rule of rules) ctx.rec.notAssessedBecause(rule, why);
  return true;
}

/** GET of a created connection (settled), judged for read-back (same name and type) and secrets. */
export async function readBackAndJudge(ctx: SuiteContext, body: { name: string; type: string }, type: ConnectionType, secrets: readonly { path: string; value: string }[]): Promise<Exchange> {
  const { ex, waitedMs } = await settledRead(ctx, body.name);
  observe(ctx, ex, { type, operator: 'read-back', secrets });
  judge(ctx, readBack(body, ex, waitedMs), [ex], { type, operator: 'read-back', counterexample: body });
  return ex;
}

/**
 * DELETE, asked again with back-off within the settle bound while the target refuses it for now (409 while the
 * connection deploys, 404 before its create shows), then GET until 404 (through DELETING), bounded; judged for
 * the cleanup rule. A DELETE whose answer was lost after it took effect counts as accepted.
 */
export async function deleteAndWait(ctx: SuiteContext, name: string, type: ConnectionType | undefined, groupId = ctx.config.groupId, tenant = ctx.config.tenant): Promise<DeleteOutcome> {
  // Deleting what the run created is cleanup: sent even once the run's budget is spent.
  const settles = ctx.client.policies.settles;
  const boundMs = settles.givenUp ? 0 : settleBound(ctx.config);
  const sent = await pollUntil(() => ctx.client.delete(groupId, tenant, name, { cleanup: true }), (ex) => !deleteMayComplete(ex), { boundMs, firstMs: 250 });
  const deleteEx = sent.ex;
  if (!sent.settled && boundMs > 0 && statusIs(deleteEx, 409)) settles.giveUp(`DELETE of ${name} was still refused 409 after the settle bound (${boundMs / 1000} s); later reads and deletions of the run were asked once, not waited for`);
  observe(ctx, deleteEx, { ...(type ? { type } : {}), operator: 'delete' });
  const accepted = isSuccess(deleteEx) || tookEffect(deleteEx);
  let finalGetEx = await ctx.client.get(groupId, tenant, name, { cleanup: true });
  const deletes = ctx.client.policies.deletes;
  const deadline = Date.now() + ctx.config.deleteTimeoutMs;
  let wait = 25;
  // Poll through DELETING only when the DELETE was accepted; a refused one will not take effect later. Once one
  // deletion of the run outlived the deadline, the target is known not to complete them: no more waiting.
  while (accepted && statusOf(finalGetEx) === 200 && Date.now() < deadline && !deletes.givenUp) {
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 1000);
    finalGetEx = await ctx.client.get(groupId, tenant, name, { cleanup: true });
  }
  if (accepted && statusOf(finalGetEx) === 200 && Date.now() >= deadline) {
    deletes.giveUp(`an accepted DELETE of ${name} was still visible after ${ctx.config.deleteTimeoutMs / 1000} s; later deletions of the run were checked once, not waited for`);
  }
  const verdict = cleanupGone(deleteEx, finalGetEx, sent.tries > 1 ? sent.waitedMs : undefined);
  judge(ctx, verdict, [deleteEx, finalGetEx], { ...(type ? { type } : {}), operator: 'delete', counterexample: { name } });
  const gone = statusOf(finalGetEx) === 404;
  if (gone) ctx.rec.markGone(groupId, tenant, name);
  return { deleteEx, finalGetEx, gone };
}

/**
 * Deletes whatever this suite created and has not seen gone yet. The deletions are independent (distinct names, after
 * the suite's tests) and go through the run's pool: a target that accepted hundreds of invalid bodies is swept in a
 * fraction of the time one at a time took.
 */
export async function sweep(ctx: SuiteContext): Promise<void> {
  await Promise.all(ctx.rec.pendingCleanup().map((c) => ctx.pool(() => deleteAndWait(ctx, c.name, c.type, c.groupId, c.tenant))));
}
