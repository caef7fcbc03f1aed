import { type Contract } from '../contracts/loader';
import type { ConnectionType } from '../contracts/types';
import { getAt } from './operators/paths';

/** The write-only values (passwords, client secrets, SSL keys) a body carries: what a leak oracle looks for. */
export function secretValues(type: ConnectionType, body: unknown, contract: Contract): string[] {
  const out = new Set<string>();
  for (const p of contract.writeOnlyPaths(type)) {
    const v = getAt(body, p.split('.'));
    if (typeof v === 'string' && v !== '') out.add(v);
  }
  return [...out];
}
