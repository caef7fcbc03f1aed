// echo-fields (SHOULD): every non-secret field sent comes back unchanged. The response may add fields (defaults,
// id, state, links); arrays of scalars are compared as sets of values (order is not meaningful for them).
import { toJsonPath } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import { fail, PASS, type Verdict } from './verdict';
import { defineOracle } from './define';
import { show } from './common';

type Seg = string | number;
const MAX_LISTED = 3;

export const echoFields = defineOracle(
  { oracleName: 'echoFields', rule: 'echo-fields', profile: 'non-secret fields sent are returned unchanged (config, headers, bootstrapServers, aws.*, ...); response may add defaults/id/state/links.' },
  (requestBody: unknown, responseJson: unknown, writeOnlyPaths: readonly string[]): Verdict => {
    if (responseJson === undefined) return fail('the response has no JSON body to compare with the request');
    const secret = writeOnlyPaths.map((p) => p.split('.'));
    const problems: string[] = [];
    const walk = (sent: unknown, at: Seg[]) => {
      if (isSecret(at, secret)) return;
      if (isPlainObject(sent)) {
        for (const [k, v] of Object.entries(sent)) walk(v, [...at, k]);
        return;
      }
      const back = valueAt(responseJson, at);
      const path = toJsonPath(at);
      if (Array.isArray(sent)) {
        if (sent.length === 0) return;
        if (sent.every((x) => !isPlainObject(x) && !Array.isArray(x))) {
          if (!Array.isArray(back)) problems.push(back.found ? `${path} sent ${show(sent)} came back as ${show(back.value)}` : `${path} sent ${show(sent)} is missing from the response`);
          else if (!sameMultiset(sent, back)) problems.push(`${path} sent ${show(sent)} came back as ${show(back)}`);
          return;
        }
        sent.forEach((x, i) => walk(x, [...at, i]));
        return;
      }
      if (Array.isArray(back)) {
        problems.push(`${path} sent ${show(sent)} came back as ${show(back)}`);
      } else if (!back.found) {
        // A null sent may come back as absent: both say "no value".
        if (sent !== null) problems.push(`${path} sent ${show(sent)} is missing from the response`);
      } else if (back.value !== sent) {
        problems.push(`${path} sent ${show(sent)} came back as ${show(back.value)}`);
      }
    };
    if (!isPlainObject(requestBody)) return PASS;
    walk(requestBody, []);
    if (problems.length === 0) return PASS;
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    return fail(`${problems.slice(0, MAX_LISTED).join('; ')}${more}`);
  },
);

/** A location under a write-only path (`{}` matches any map key, `[]` any index). */
function isSecret(at: readonly Seg[], secret: readonly string[][]): boolean {
  return secret.some(
    (p) =>
      p.length <= at.length &&
      p.every((s, i) => {
        const a = at[i]!;
        return s === '[]' ? typeof a === 'number' : s === '{}' ? typeof a === 'string' : s === a;
      }),
  );
}

type Found = { found: true; value: unknown } | { found: false };

function valueAt(root: unknown, at: readonly Seg[]): Found | unknown[] {
  let cur: unknown = root;
  for (const s of at) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) return { found: false };
      cur = cur[s];
    } else {
      if (!isPlainObject(cur) || !(s in cur)) return { found: false };
      cur = cur[s];
    }
  }
  return Array.isArray(cur) ? cur : { found: true, value: cur };
}

function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const key = (v: unknown) => JSON.stringify(v) ?? 'undefined';
  const counts = new Map<string, number>();
  for (const v of a) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  for (const v of b) {
    const k = key(v);
    const c = counts.get(k);
    if (!c) return false;
    counts.set(k, c - 1);
  }
  return true;
}
