// Creating, reading back and deleting one connection, judged as it goes. Every connection a 2xx create reports is
// tracked, so the run can delete it at the end even when a test fails; deletion polls GET through DELETING.
import type { ConnectionType } from '../contracts/types';
import type { Exchange } from '../client/exchange';
import { cleanupGone, readBack, semanticStatus } from '../oracles';
import { type SuiteContext, judge, observe } from './context';

export interface DeleteOutcome {
  deleteEx: Exchange;
  finalGetEx: Exchange;
  gone: boolean;
}

export { semanticStatus };

export function isSuccess(ex: Exchange): boolean {
  const s = semanticStatus(ex);
  return s !== undefined && s >= 200 && s < 300;
}

export function statusOf(ex: Exchange): number | undefined {
  return ex.outcome === 'response' ? ex.response.status : undefined;
}

/** Remembers a connection a create answered 2xx for, under the name it was sent with. */
export function trackIfCreated(ctx: SuiteContext, ex: Exchange, body: unknown, type: ConnectionType | undefined, groupId = ctx.config.groupId, tenant = ctx.config.tenant): string | undefined {
  if (!isSuccess(ex)) return undefined;
  const name = typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string' ? (body as { name: string }).name : undefined;
  if (name === undefined) return undefined;
  if (name === '') {
    // `.../connections/` is the list, not the connection: nothing can address it for deletion.
    ctx.rec.incident(`the target created a connection with an empty name in ${tenant}; it cannot be addressed to delete it`);
    return undefined;
  }
  ctx.rec.trackCreated({ groupId, tenant, name, ...(type ? { type } : {}) });
  return name;
}

/** GET of a created connection, judged for read-back (same name and type) and secrets. */
export async function readBackAndJudge(ctx: SuiteContext, body: { name: string; type: string }, type: ConnectionType, secrets: readonly { path: string; value: string }[]): Promise<Exchange> {
  const ex = await ctx.client.get(ctx.config.groupId, ctx.config.tenant, body.name);
  observe(ctx, ex, { type, operator: 'read-back', secrets });
  judge(ctx, readBack(body, ex), [ex], { type, operator: 'read-back', counterexample: body });
  return ex;
}

/** DELETE, then GET until 404 (through DELETING), bounded; judged for the cleanup rule. */
export async function deleteAndWait(ctx: SuiteContext, name: string, type: ConnectionType | undefined, groupId = ctx.config.groupId, tenant = ctx.config.tenant): Promise<DeleteOutcome> {
  // Deleting what the run created is cleanup: sent even once the run's budget is spent.
  const deleteEx = await ctx.client.delete(groupId, tenant, name, { cleanup: true });
  observe(ctx, deleteEx, { ...(type ? { type } : {}), operator: 'delete' });
  let finalGetEx = await ctx.client.get(groupId, tenant, name, { cleanup: true });
  const deletes = ctx.client.policies.deletes;
  const deadline = Date.now() + ctx.config.deleteTimeoutMs;
  let wait = 25;
  // Poll through DELETING only when the DELETE was accepted; a refused one will not take effect later. Once one
  // deletion of the run outlived the deadline, the target is known not to complete them: no more waiting.
  while (isSuccess(deleteEx) && statusOf(finalGetEx) === 200 && Date.now() < deadline && !deletes.givenUp) {
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 1000);
    finalGetEx = await ctx.client.get(groupId, tenant, name, { cleanup: true });
  }
  if (isSuccess(deleteEx) && statusOf(finalGetEx) === 200 && Date.now() >= deadline) {
    deletes.giveUp(`an accepted DELETE of ${name} was still visible after ${ctx.config.deleteTimeoutMs / 1000} s; later deletions of the run were checked once, not waited for`);
  }
  const verdict = cleanupGone(deleteEx, finalGetEx);
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
