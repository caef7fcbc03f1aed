import type { Contract } from '../contracts/loader';
import type { ConnectionType } from '../contracts/types';
import { writeOnlyValues } from '../contracts/write-only';

/** The write-only values (passwords, client secrets, SSL keys) a body carries: what a leak oracle looks for. */
export function secretValues(type: ConnectionType, body: unknown, contract: Contract): string[] {
  return [...new Set(writeOnlyValues(contract, type, body).map((v) => v.value))];
}
