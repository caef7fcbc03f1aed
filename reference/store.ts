// In-memory connections, per project and stream instance. Every check-and-insert happens in one synchronous
// turn, so concurrent creates of one name cannot both win (the `racy-create` fault breaks this on purpose).
// Writes (create, delete, the duplicate check) see every connection at once; reads (GET one, list) may lag behind
// a create by its `settleMs`, as the vendor's eventually consistent reads do.
import { randomBytes } from 'node:crypto';
import type { GroupConfig } from './config';

export type StoredState = 'READY' | 'DELETING';

export interface StoredConnection {
  id: string;
  name: string;
  /** The body as sent, secrets included (a real service keeps them; answers never show them). */
  body: unknown;
  state: StoredState;
  /** When reads (GET one, list) start to show it (ms, the store's clock). */
  visibleAt: number;
  /** Until when it is PENDING (shown READY after, unless DELETING). */
  readyAt: number;
  /** Until when a DELETE is refused 409 STREAM_KAFKA_CONNECTION_IS_DEPLOYING. */
  deployedAt: number;
}

/** Delays after a create, in milliseconds (all 0: visible and READY at once, deletable at once). */
export interface CreateTiming {
  settleMs: number;
  pendingMs: number;
  deployingMs: number;
}

const AT_ONCE: CreateTiming = { settleMs: 0, pendingMs: 0, deployingMs: 0 };

// ObjectId-like ids (seconds, a per-process random part, a counter): unique, 24 hex digits, and cheap.
const PROCESS_PART = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);
function newId(): string {
  counter = (counter + 1) % 0x1000000;
  return Math.floor(Date.now() / 1000).toString(16).padStart(8, '0').slice(-8) + PROCESS_PART + counter.toString(16).padStart(6, '0');
}

export class ConnectionStore {
  private readonly groups = new Map<string, Map<string, Map<string, StoredConnection>>>();

  constructor(
    groups: readonly GroupConfig[],
    private readonly now: () => number = Date.now,
  ) {
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

  /** The connection, as writes see it (settled or not). */
  get(groupId: string, tenant: string, name: string): StoredConnection | undefined {
    return this.tenant(groupId, tenant)?.get(name);
  }

  /** The connection, as reads see it: not before it settled. */
  read(groupId: string, tenant: string, name: string): StoredConnection | undefined {
    const c = this.get(groupId, tenant, name);
    return c && c.visibleAt <= this.now() ? c : undefined;
  }

  /** PENDING until `readyAt`, then the stored state. */
  stateOf(c: StoredConnection): string {
    return c.state === 'READY' && this.now() < c.readyAt ? 'PENDING' : c.state;
  }

  /** Whether a DELETE of it is refused because it still deploys. */
  deploying(c: StoredConnection): boolean {
    return this.now() < c.deployedAt;
  }

  private make(id: string, name: string, body: unknown, timing: CreateTiming): StoredConnection {
    const t = this.now();
    return { id, name, body, state: 'READY', visibleAt: t + timing.settleMs, readyAt: t + timing.pendingMs, deployedAt: t + timing.deployingMs };
  }

  /** Inserts unless the name is taken; returns the new connection or undefined when it exists. */
  insert(groupId: string, tenant: string, name: string, body: unknown, timing: CreateTiming = AT_ONCE): StoredConnection | undefined {
    const t = this.tenant(groupId, tenant);
    if (!t || t.has(name)) return undefined;
    const c = this.make(newId(), name, body, timing);
    t.set(name, c);
    return c;
  }

  /** Stores unconditionally, keeping the id of what it replaces (used by faults only). */
  put(groupId: string, tenant: string, name: string, body: unknown, timing: CreateTiming = AT_ONCE): StoredConnection {
    const t = this.tenant(groupId, tenant)!;
    const old = t.get(name);
    const c = this.make(old?.id ?? newId(), name, body, timing);
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

  /** The connections reads show (settled ones). */
  list(groupId: string, tenant: string): StoredConnection[] {
    const t = this.now();
    return [...(this.tenant(groupId, tenant)?.values() ?? [])].filter((c) => c.visibleAt <= t);
  }
}
