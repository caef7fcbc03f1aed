// duplicate-409 and concurrent-create (MUST, errata 1): a name already used in the stream instance is refused 409
// and the original stays as it was; of N simultaneous creates of one name exactly one wins.
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { type Exchange } from '../client/exchange';
import { describeDiffs, got, hasStatus, jsonDiff } from './common';

/** Response fields that may change on their own between two reads: state moves PENDING -> READY; links are hypermedia. */
const VOLATILE_TOP = ['state'];
const VOLATILE_ANYWHERE = ['links'];

/**
 * `second` is the duplicate create; `before` and `after` are GETs of the original around it. The original is
 * compared only when `before` read it (200 with JSON): a broken GET is read-back's finding, not this rule's.
 */
/** The original is as it was: `before` and `after` are GETs of it around a create of its name (or a name like it).
 *  Judged only when `before` read it (200 with JSON): a broken GET is read-back's finding, not this rule's. */
function unchanged(before: Exchange, after: Exchange, what: string): Verdict {
  if (before.outcome !== 'response' || before.response.status !== 200 || before.response.json === undefined) return PASS;
  if (after.outcome !== 'response' || after.response.status !== 200) {
    return fail(`after ${what}, GET of the original answers ${got(after)} (it answered 200 before)`);
  }
  if (after.response.json === undefined) return fail(`after ${what}, GET of the original has no JSON body`);
  const diffs = jsonDiff(before.response.json, after.response.json, {
    ignoreKeys: VOLATILE_TOP,
    ignoreEverywhere: VOLATILE_ANYWHERE,
    limit: 3,
  });
  return diffs.length === 0 ? PASS : fail(`${what} but changed the original: ${describeDiffs(diffs)}`);
}

export const duplicate409 = defineOracle(
  { oracleName: 'duplicate409', rule: 'duplicate-409', profile: 'duplicate name in the same tenant -> 409, original unchanged' },
  (second: Exchange, before?: Exchange, after?: Exchange): Verdict => {
    if (!hasStatus(second, 409)) return fail(`expected 409 for a second create of the same name, got ${got(second)}`);
    if (before === undefined || after === undefined) return PASS;
    return unchanged(before, after, 'the duplicate was refused 409');
  },
);

export const originalUnchanged = defineOracle(
  { oracleName: 'originalUnchanged', rule: 'duplicate-409', profile: 'duplicate name in the same tenant -> 409, original unchanged' },
  (before: Exchange, after: Exchange, what?: string): Verdict => unchanged(before, after, what ?? 'a create of its name (or one like it) was answered'),
);

/**
 * Exactly one of the concurrent creates is 200 and every other one 409. A create whose answer was lost after the
 * name came to exist (`transportRetry.tookEffect`) may have been the winner or a loser: it is not judged, and one
 * such create stands for the missing winner.
 */
export const concurrentCreate = defineOracle(
  { oracleName: 'concurrentCreate', rule: 'concurrent-create', profile: 'N concurrent creates of one name -> exactly one 200, rest 409.' },
  (exchanges: readonly Exchange[]): Verdict => {
    const n = exchanges.length;
    if (n === 0) return fail('no concurrent creates to judge');
    const lost = exchanges.filter((e) => e.outcome === 'transport-error' && e.transportRetry?.tookEffect === true).length;
    const ok = exchanges.filter((e) => hasStatus(e, 200)).length;
    const conflicts = exchanges.filter((e) => hasStatus(e, 409)).length;
    if (ok === 1 && conflicts === n - 1) return PASS;
    if (lost > 0 && ok <= 1 && ok + conflicts + lost === n) return PASS;
    const tally = new Map<string, number>();
    for (const e of exchanges) {
      const k = e.outcome === 'response' ? String(e.response.status) : e.error.kind;
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
    const seen = [...tally].sort().map(([k, c]) => `${k} x${c}`).join(', ');
    return fail(`expected exactly one 200 and ${n - 1} x 409 of ${n} concurrent creates of one name, got ${seen}`);
  },
);
