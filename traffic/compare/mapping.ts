// How recorded requests become requests to another target: the recorded project and stream instance become the
// given ones, and every connection name a fresh one, so a replay never meets what the recording made. A name that
// carries the recording's run prefix gets a fresh prefix of the same length in its place (case kept), so names
// keep their length, their characters and their boundaries (64 characters, outer spaces, upper case, non-ASCII);
// other names get the fresh prefix in front; Sample sources (fixed names) and blank or one-character names, which
// cannot carry a prefix, are kept. Pure: the fresh prefix is given.
import { isPlainObject } from '../../util/json';
import type { Operation } from '../select';

export interface Instance {
  groupId: string;
  tenant: string;
}

export interface NameMapping {
  recorded: Instance;
  given: Instance;
  /** The recording's run prefix, when its names share one (at least 5 characters, in two names or more). */
  recordedPrefix?: string;
  /** The fresh prefix: of recordedPrefix's length when there is one. */
  freshPrefix: string;
  /** Names kept as recorded (Sample sources). */
  kept: ReadonlySet<string>;
}

/** The instance most of the operation's exchanges address: the one mapped to the given one. */
export function recordedInstance(operations: readonly Operation[]): Instance | undefined {
  const counts = new Map<string, { i: Instance; n: number }>();
  for (const op of operations) {
    const k = JSON.stringify([op.groupId, op.tenant]);
    const c = counts.get(k) ?? { i: { groupId: op.groupId, tenant: op.tenant }, n: 0 };
    c.n++;
    counts.set(k, c);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.i;
}

/** The token most names start with (`t1a2b3c` of `t1a2b3c-posi-3-é`), if two or more share one of 5+ characters. */
export function recordedPrefix(names: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const n of new Set(names)) {
    const m = /^\s*([A-Za-z0-9]{5,})-/.exec(n);
    if (m) counts.set(m[1]!.toLowerCase(), (counts.get(m[1]!.toLowerCase()) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 2 ? best[0] : undefined;
}

/** A fresh prefix of `length` characters (a letter, then letters and digits) from `random` bytes. */
export function freshPrefix(length: number, random: Buffer): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const alnum = `${letters}0123456789`;
  let out = letters[random[0]! % 26]!;
  for (let i = 1; i < length; i++) out += alnum[random[i % random.length]! % 36]!;
  return out;
}

export function buildMapping(operations: readonly Operation[], given: Instance, fresh: (length: number) => string): NameMapping | undefined {
  const recorded = recordedInstance(operations);
  if (!recorded) return undefined;
  const names = operations.map((o) => o.name).filter((n): n is string => n !== undefined);
  const prefix = recordedPrefix(names);
  const kept = new Set(operations.filter((o) => o.kind === 'create' && isPlainObject(o.body) && o.body.type === 'Sample' && o.name !== undefined).map((o) => o.name!));
  return { recorded, given, ...(prefix ? { recordedPrefix: prefix } : {}), freshPrefix: fresh(prefix?.length ?? 12), kept };
}

/** Replaces `from` (any case) by `to`, keeping the case of each letter found. */
function swapPrefix(text: string, from: string, to: string): string {
  if (from.length === 0) return text;
  const re = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return text.replace(re, (found) => {
    // All in upper case (digits aside): the fresh one too; else letter by letter.
    if (found === found.toUpperCase() && found !== found.toLowerCase()) return to.toUpperCase();
    return [...to].map((c, i) => (found[i] !== undefined && found[i] !== found[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
  });
}

function hasPrefix(text: string, prefix: string | undefined): prefix is string {
  return prefix !== undefined && text.toLowerCase().includes(prefix);
}

/** The fresh name of a recorded one. */
export function mapName(m: NameMapping, name: string): string {
  if (hasPrefix(name, m.recordedPrefix)) return swapPrefix(name, m.recordedPrefix, m.freshPrefix);
  if (m.kept.has(name) || name.trim() === '' || [...name].length <= 1) return name;
  return `${m.freshPrefix}-${name}`;
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const PATH = /^.*?(\/api\/atlas\/v2\/groups\/)([^/]*)(\/streams\/)([^/]*)(\/connections)(?:\/([^/]*))?(\/?)$/;

/** The recorded URL's path and query under /api/atlas/v2, with the group, tenant and name mapped (encoding kept
 *  where nothing is mapped). */
export function mapPath(m: NameMapping, url: string): string {
  const u = new URL(url);
  const p = PATH.exec(u.pathname);
  if (!p) throw new Error(`not a path of the operation: ${u.pathname}`);
  const [, groups, g, streams, t, connections, n, slash] = p;
  const seg = (raw: string, from: string, to: string) => (decode(raw) === from && from !== to ? encodeURIComponent(to) : raw);
  let name = '';
  if (n !== undefined) {
    const decoded = decode(n);
    name = `/${hasPrefix(n, m.recordedPrefix) ? swapPrefix(n, m.recordedPrefix, m.freshPrefix) : decoded === undefined || mapName(m, decoded) === decoded ? n : encodeURIComponent(mapName(m, decoded))}`;
  }
  return `${groups}${seg(g!, m.recorded.groupId, m.given.groupId)}${streams}${seg(t!, m.recorded.tenant, m.given.tenant)}${connections}${name}${slash}${u.search}`;
}

/** A recorded create's body with its name mapped (the text kept as recorded but for the prefix, where it has one). */
export function mapBody(m: NameMapping, body: string): string {
  const text = hasPrefix(body, m.recordedPrefix) ? swapPrefix(body, m.recordedPrefix, m.freshPrefix) : body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isPlainObject(parsed) || typeof parsed.name !== 'string') return text;
  const name = parsed.name;
  const mapped = hasPrefix(body, m.recordedPrefix) && name.toLowerCase().includes(m.freshPrefix) ? name : mapName(m, name);
  if (mapped === name) return text;
  const quoted = JSON.stringify(name);
  return text.includes(quoted) ? text.replace(quoted, JSON.stringify(mapped)) : JSON.stringify({ ...parsed, name: mapped });
}

/** Undoes the mapping in a string of a replayed answer (names, group, tenant back to the recorded ones). */
export function unmapper(m: NameMapping, pairs: readonly (readonly [recorded: string, fresh: string])[]): (s: string) => string {
  const swaps = [...pairs, [m.recorded.groupId, m.given.groupId] as const, [m.recorded.tenant, m.given.tenant] as const]
    .filter(([a, b]) => a !== b && b.length > 0)
    .sort((x, y) => y[1].length - x[1].length);
  return (s) => {
    let out = s;
    for (const [recorded, fresh] of swaps) out = out.split(fresh).join(recorded);
    if (m.recordedPrefix) out = swapPrefix(out, m.freshPrefix, m.recordedPrefix);
    return out;
  };
}
