// Where a body carries write-only values (passwords, client secrets, SSL keys): the one search behind the leak
// oracle, the generators' secret list and the redaction of reports. By the variant's write-only paths, through
// arrays (`[]`) and maps (`{}`); non-empty strings only.
import { isPlainObject } from '../util/json';
import { toJsonPath } from './json-path';
import type { Contract } from './loader';
import { CONNECTION_TYPES, type ConnectionType, isConnectionType } from './types';

export interface WriteOnlyValue {
  /** JSONPath where the body carries it, e.g. `$.authentication.password`. */
  path: string;
  value: string;
}

/** The write-only values a body of `type` carries. */
export function writeOnlyValues(contract: Contract, type: ConnectionType, body: unknown): WriteOnlyValue[] {
  const out: WriteOnlyValue[] = [];
  for (const dotted of contract.writeOnlyPaths(type)) collect(body, dotted.split('.'), [], out);
  return out;
}

function collect(node: unknown, rest: readonly string[], at: (string | number)[], out: WriteOnlyValue[]): void {
  if (rest.length === 0) {
    if (typeof node === 'string' && node !== '') out.push({ path: toJsonPath(at), value: node });
    return;
  }
  const [head, ...tail] = rest as [string, ...string[]];
  if (head === '[]') {
    if (Array.isArray(node)) node.forEach((v, i) => collect(v, tail, [...at, i], out));
  } else if (head === '{}') {
    if (isPlainObject(node)) for (const [k, v] of Object.entries(node)) collect(v, tail, [...at, k], out);
  } else if (isPlainObject(node) && head in node) {
    collect(node[head], tail, [...at, head], out);
  }
}

/**
 * Every write-only value anywhere in a value whose shape is not known (a failure's counterexample, a request body
 * that may be JSON text): each object that could be a body is searched by the paths of its `type`, or of every type
 * when it names none.
 */
export function writeOnlyValuesAnywhere(contract: Contract, value: unknown, out: Set<string> = new Set()): Set<string> {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isPlainObject(node)) {
      const types = isConnectionType(node.type) ? [node.type] : CONNECTION_TYPES;
      for (const t of types) for (const v of writeOnlyValues(contract, t, node)) out.add(v.value);
      Object.values(node).forEach(visit);
    } else if (typeof node === 'string' && (node.startsWith('{') || node.startsWith('['))) {
      try {
        visit(JSON.parse(node));
      } catch {
        // not JSON text: nothing to find
      }
    }
  };
  visit(value);
  return out;
}
