// In-memory connections, per project and stream instance. Every check-and-insert happens in one synchronous
// turn, so concurrent creates of one name cannot both win (the `racy-create` fault breaks this on purpose).
import { randomBytes } from 'node:crypto';
import type { GroupConfig } from './config';

export type StoredState = 'READY' | 'DELETING';

export interface StoredConnection {
  id: string;
  name: string;
  /** The body as sent, secrets included (a real service keeps them; answers never show them). */
  body: unknown;
  state: StoredState;
}

// ObjectId-like ids (seconds, a per-process random part, a counter): unique, 24 hex digits, and cheap.
const PROCESS_PART = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);
function newId(): string {
  counter = (counter + 1) % 0x1000000;
  return Math.floor(Date.now() / 1000).toString(16).padStart(8, '0').slice(-8) + PROCESS_PART + counter.toString(16).padStart(6, '0');
}

export class ConnectionStore {
  private readonly groups = new Map<string, Map<string, Map<string, StoredConnection>>>();

  constructor(groups: readonly GroupConfig[]) {
    for (const g of groups) this.groups.set(g.id, new Map(g.tenants.map((t) => [t, new Map()])));
  }

  hasGroup(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  private tenant(groupId: string, tenant: string): Map<string, StoredConnection> | undefined {
    return this.groups.get(groupId)?.get(tenant);
  }

  hasTenant(groupId: string, tenant: string): boolean {
    return this.tenant(groupId, tenant) !== undefined;
  }

  get(groupId: string, tenant: string, name: string): StoredConnection | undefined {
    return this.tenant(groupId, tenant)?.get(name);
  }

  /** Inserts unless the name is taken; returns the new connection or undefined when it exists. */
  insert(groupId: string, tenant: string, name: string, body: unknown): StoredConnection | undefined {
    const t = this.tenant(groupId, tenant);
    if (!t || t.has(name)) return undefined;
    const c: StoredConnection = { id: newId(), name, body, state: 'READY' };
    t.set(name, c);
    return c;
  }

  /** Stores unconditionally, keeping the id of what it replaces (used by faults only). */
  put(groupId: string, tenant: string, name: string, body: unknown): StoredConnection {
    const t = this.tenant(groupId, tenant)!;
    const old = t.get(name);
    const c: StoredConnection = { id: old?.id ?? newId(), name, body, state: 'READY' };
    t.set(name, c);
    return c;
  }

  /** Marks DELETING, then removes after `deletingMs` (at once when 0). */
  delete(groupId: string, tenant: string, name: string, deletingMs: number): void {
    const t = this.tenant(groupId, tenant);
    const c = t?.get(name);
    if (!t || !c) return;
    if (deletingMs <= 0) {
      t.delete(name);
      return;
    }
    if (c.state === 'DELETING') return;
    c.state = 'DELETING';
    setTimeout(() => {
      if (t.get(name) === c) t.delete(name);
    }, deletingMs).unref();
  }

  list(groupId: string, tenant: string): StoredConnection[] {
    return [...(this.tenant(groupId, tenant)?.values() ?? [])];
  }
}
