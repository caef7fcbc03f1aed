// What a stored connection looks like in an answer: the body as sent minus write-only fields (contract
// writeOnlyPaths), plus id, state and links. Also finds properties a variant does not declare (for the
// `500-on-unknown-property` fault).
import type { Contract } from '../contracts/loader';
import { isPlainObject } from '../contracts/loader';
import { type ConnectionType, isConnectionType } from '../contracts/types';

/** The body without the values at the dotted paths (`[]` = each array item, `{}` = each map value). Copies only
 *  the objects and arrays on the way to a removed value; everything else is shared with the input. */
export function withoutPaths(body: unknown, paths: readonly string[]): unknown {
  let out = body;
  for (const p of paths) out = removePath(out, p.split('.'), 0);
  return out;
}

function removePath(node: unknown, segs: readonly string[], i: number): unknown {
  const head = segs[i];
  if (head === undefined) return node;
  const last = i === segs.length - 1;
  if (head === '[]') {
    if (!Array.isArray(node)) return node;
    if (last) return [];
    let changed = false;
    const next = node.map((item) => {
      const r = removePath(item, segs, i + 1);
      if (r !== item) changed = true;
      return r;
    });
    return changed ? next : node;
  }
  if (!isPlainObject(node)) return node;
  if (head === '{}') {
    if (last) return {};
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(node)) {
      const r = removePath(v, segs, i + 1);
      if (r !== v) (copy ??= { ...node })[k] = r;
    }
    return copy ?? node;
  }
  if (!Object.prototype.hasOwnProperty.call(node, head)) return node;
  if (last) {
    const { [head]: _removed, ...rest } = node;
    return rest;
  }
  const child = node[head];
  const r = removePath(child, segs, i + 1);
  return r === child ? node : { ...node, [head]: r };
}

/** Dotted path of the first property the body's variant does not declare, or undefined. */
export function undeclaredProperty(contract: Contract, body: unknown): string | undefined {
  if (!isPlainObject(body) || !isConnectionType(body.type)) return undefined;
  const known = declaredPaths(contract, body.type);
  const walk = (node: unknown, prefix: string): string | undefined => {
    if (Array.isArray(node)) {
      const p = `${prefix}.[]`;
      if (!known.has(p)) return undefined;
      for (const item of node) {
        const found = walk(item, p);
        if (found) return found;
      }
      return undefined;
    }
    if (!isPlainObject(node)) return undefined;
    const mapPath = prefix === '' ? '{}' : `${prefix}.{}`;
    const isMap = known.has(mapPath);
    for (const [k, v] of Object.entries(node)) {
      const p = isMap ? mapPath : prefix === '' ? k : `${prefix}.${k}`;
      if (!known.has(p)) return prefix === '' ? k : `${prefix}.${k}`;
      const found = walk(v, p);
      if (found) return found;
    }
    return undefined;
  };
  return walk(body, '');
}

const declaredCache = new WeakMap<Contract, Map<ConnectionType, Set<string>>>();
function declaredPaths(contract: Contract, type: ConnectionType): Set<string> {
  let byType = declaredCache.get(contract);
  if (!byType) declaredCache.set(contract, (byType = new Map()));
  let s = byType.get(type);
  if (!s) byType.set(type, (s = new Set(contract.fields(type).map((f) => f.path))));
  return s;
}
