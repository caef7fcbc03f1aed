// What a run leaves on the target: the stream instance's connections before the run (never touched), the final
// sweep of every ledger name still there, and the leak check that lists the instance afterwards.
import { isNotSent } from '../client';
import { type SuiteContext } from './context';
import { deleteAndWait, statusOf } from './lifecycle';
import { type LedgerEntry, ledgerKey, type Listing } from './ledger';
import type { SuiteResults } from './recorder';

/** A name the final sweep looks at; `seen`: a 2xx create of it was seen (not only a create that could have succeeded). */
export type Candidate = LedgerEntry & { seen: boolean };

/** Candidates of the final sweep: connections seen created and not seen gone, and ledger names, minus what was there before. */
export function sweepCandidates(results: readonly SuiteResults[], before: Listing, home: { groupId: string; tenant: string }): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const r of results) {
    for (const e of r.maybeLeft ?? []) if (!out.has(ledgerKey(e))) out.set(ledgerKey(e), { ...e, seen: false });
    for (const c of r.created) if (!c.gone) out.set(ledgerKey(c), { groupId: c.groupId, tenant: c.tenant, name: c.name, seen: true });
  }
  return [...out.values()].filter((e) => !(before.ok && e.groupId === home.groupId && e.tenant === home.tenant && before.names.has(e.name)));
}

/**
 * Deletes each candidate that is still there (one GET first: a ledger name may never have been created, and a
 * Sample source may have been deleted by a later suite); returns those that remain. A name only in the ledger
 * counts as remaining only when GET shows it (a GET refused for an unknown stream instance shows nothing). Independent
 * deletions go through the run's pool.
 */
export async function sweepLedger(ctx: SuiteContext, candidates: readonly Candidate[]): Promise<Candidate[]> {
  const remaining: Candidate[] = [];
  await Promise.all(
    candidates.map((c) =>
      ctx.pool(async () => {
        try {
          const first = await ctx.client.get(c.groupId, c.tenant, c.name);
          if (statusOf(first) === 404) return;
          if (statusOf(first) !== 200) {
            if (c.seen) remaining.push(c);
            return;
          }
          const { gone } = await deleteAndWait(ctx, c.name, undefined, c.groupId, c.tenant);
          if (!gone) remaining.push(c);
        } catch (e) {
          // Held back by the run's breaker (the target is taken as down): it may still be there.
          if (!isNotSent(e)) throw e;
          remaining.push(c);
        }
      }),
    ),
  );
  return remaining;
}

/** Names in the stream instance now that the run made (its prefix or its ledger) and that were not there before. */
export function leaked(after: Set<string>, before: Listing, ledgerNames: ReadonlySet<string>, runPrefix: string): string[] {
  return [...after].filter((n) => !(before.ok && before.names.has(n)) && (ledgerNames.has(n) || n.startsWith(`${runPrefix}-`))).sort();
}
