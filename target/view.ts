// What a stored connection looks like in an answer: the body as sent minus write-only fields (contract
// writeOnlyPaths), plus id, state and links. Also finds properties a variant does not declare (for the
// `500-on-unknown-property` fault).
import type { Contract } from '../contracts/loader';
import { isPlainObject } from '../contracts/loader';
import { type ConnectionType, isConnectionType } from '../contracts/types';

/** Removes every value at the dotted paths (`[]` = each array item, `{}` = each map value) from a deep copy. */
export function withoutPaths(body: unknown, paths: readonly string[]): unknown {
  if (paths.length === 0 || !isPlainObject(body)) return body;
  const copy = structuredClone(body);
  for (const p of paths) removePath(copy, p.split('.'));
  return copy;
}

function removePath(node: unknown, segs: readonly string[]): void {
  const [head, ...rest] = segs;
  if (head === undefined) return;
  const children = (): unknown[] =>
    head === '[]' ? (Array.isArray(node) ? node : []) : head === '{}' ? (isPlainObject(node) ? Object.values(node) : []) : [];
  if (rest.length === 0) {
    if (head === '[]' && Array.isArray(node)) node.length = 0;
    else if (head === '{}' && isPlainObject(node)) for (const k of Object.keys(node)) delete node[k];
    else if (isPlainObject(node)) delete node[head];
    return;
  }
  if (head === '[]' || head === '{}') {
    for (const c of children()) removePath(c, rest);
  } else if (isPlainObject(node)) {
    removePath(node[head], rest);
  }
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
