// Merges the certificates of one night's shards (the same target, seed and suite, split by --types) into one
// certificate, as if a single run had certified every type: a rule failed if it failed in any shard, passed if it
// passed in one and failed in none, not assessed otherwise.
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import type { Certificate, Failure, RuleResult, RuleStatus } from '../results/model';
import { tally } from '../results/qualify/verdict';

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface MergeOptions {
  /**
   * What the merged certificate names as its target. Needed when the shards' targets differ, as they do when every
   * shard starts its own bundled reference target on a fresh port; a stable label also keeps the night-over-night
   * comparison from reporting "the target changed" every night.
   */
  target?: string;
  /** Names of the shards (e.g. file paths) for error messages and incidents; default `shard 1`, `shard 2`, ... */
  names?: string[];
}

/** Fields every shard must share for the merge to mean anything. */
const SAME = ['seed', 'runs', 'profile', 'suiteVersion', 'contractSha256'] as const;

export function mergeCertificates(certs: readonly Certificate[], opts: MergeOptions = {}): Certificate {
  if (certs.length === 0) throw new MergeError('nothing to merge: no certificate given');
  const names = certs.map((_, i) => opts.names?.[i] ?? `shard ${i + 1}`);
  const first = certs[0]!;
  for (const key of SAME) {
    const odd = certs.findIndex((c) => c[key] !== first[key]);
    if (odd > 0) throw new MergeError(`cannot merge: ${names[odd]} has ${key} ${JSON.stringify(certs[odd]![key])}, ${names[0]} has ${JSON.stringify(first[key])}`);
  }
  const targets = [...new Set(certs.map((c) => c.target))];
  if (opts.target === undefined && targets.length > 1) {
    throw new MergeError(`cannot merge: the shards certified different targets (${targets.join(', ')}); name the merged target with --target-label`);
  }
  // A type certified by two shards would be counted twice and its failures listed twice.
  const owner = new Map<ConnectionType, number>();
  certs.forEach((c, i) => {
    for (const t of c.types) {
      const prev = owner.get(t);
      if (prev !== undefined) throw new MergeError(`cannot merge: type ${t} was certified by both ${names[prev]} and ${names[i]} (shards must split the types)`);
      owner.set(t, i);
    }
  });

  const rules = mergeRules(certs);
  const summary = { must: tally(rules, 'MUST'), should: tally(rules, 'SHOULD') };
  const incidents = certs.flatMap((c, i) => c.incidents.map((text) => (certs.length > 1 ? `${names[i]} (${c.types.join(', ')}): ${text}` : text)));
  // One shard that did not verify the target's certificate is enough for the merged run not to have.
  const tls = certs.flatMap((c) => (c.tls ? [c.tls] : []));
  return {
    verdict: summary.must.failed > 0 ? 'non-conformant' : 'conformant',
    profile: first.profile,
    suiteVersion: first.suiteVersion,
    contractSha256: first.contractSha256,
    target: opts.target ?? first.target,
    ...(tls.length > 0 ? { tls: { verified: tls.every((t) => t.verified), privateCa: tls.some((t) => t.privateCa) } } : {}),
    seed: first.seed,
    runs: first.runs,
    startedAt: extreme(certs.map((c) => c.startedAt), 'min'),
    endedAt: extreme(certs.map((c) => c.endedAt), 'max'),
    types: CONNECTION_TYPES.filter((t) => owner.has(t)),
    rules,
    counts: mergeCounts(certs),
    exchanges: certs.reduce((n, c) => n + c.exchanges, 0),
    summary,
    incidents,
  };
}

function mergeRules(certs: readonly Certificate[]): RuleResult[] {
  // Catalogue order of the first shard, then any rule only a later shard knows.
  const order: string[] = [];
  const byId = new Map<string, RuleResult[]>();
  for (const c of certs) {
    for (const r of c.rules) {
      const list = byId.get(r.id);
      if (list) list.push(r);
      else {
        order.push(r.id);
        byId.set(r.id, [r]);
      }
    }
  }
  return order.map((id) => {
    const parts = byId.get(id)!;
    const status: RuleStatus = parts.some((r) => r.status === 'failed')
      ? 'failed'
      : parts.some((r) => r.status === 'passed')
        ? 'passed'
        : 'not-assessed';
    const failures: Failure[] = parts.flatMap((r) => r.failures).map((f, i) => ({ ...f, id: `${id}#${i + 1}` }));
    const types = new Set(parts.flatMap((r) => r.types));
    // Notes explain the status they came with (why not assessed, how many failures were cut): keep those that
    // still describe the merged status.
    const notes = [...new Set(parts.filter((r) => r.status === status && r.note).map((r) => r.note!))];
    const { note: _drop, ...base } = parts[0]!;
    return {
      ...base,
      status,
      types: CONNECTION_TYPES.filter((t) => types.has(t)),
      cases: parts.reduce((n, r) => n + r.cases, 0),
      failures,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    };
  });
}

function mergeCounts(certs: readonly Certificate[]): Certificate['counts'] {
  const out: Certificate['counts'] = {};
  for (const c of certs) {
    for (const [type, row] of Object.entries(c.counts) as [keyof Certificate['counts'], Record<string, number> | undefined][]) {
      if (!row) continue;
      const mine = (out[type] ??= {});
      for (const [op, n] of Object.entries(row)) mine[op] = (mine[op] ?? 0) + n;
    }
  }
  return out;
}

/** The earliest or latest timestamp; text that is not a date sorts last and is used only if nothing else is. */
function extreme(stamps: string[], which: 'min' | 'max'): string {
  const dated = stamps.filter((s) => !Number.isNaN(Date.parse(s)));
  if (dated.length === 0) return stamps[0]!;
  return dated.reduce((a, b) => {
    const later = Date.parse(b) > Date.parse(a);
    return which === 'max' ? (later ? b : a) : later ? a : b;
  });
}
