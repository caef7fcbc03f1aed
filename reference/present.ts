// How stored connections appear in answers: the body as sent minus its write-only fields, plus id, state and a
// self link under the target's base URL (known once the server listens).
import { isPlainObject } from '../util/json';
import { type ConnectionType, isConnectionType } from '../contracts/types';
import type { FaultHooks } from './fault-hooks';
import type { StoredConnection } from './store';
import { withoutPaths } from './view';

export interface Scope {
  groupId: string;
  tenant: string;
}

export class Presenter {
  private baseUrl = 'http://127.0.0.1';

  constructor(
    private readonly writeOnly: ReadonlyMap<ConnectionType, readonly string[]>,
    private readonly hooks: Pick<FaultHooks, 'dropConfig' | 'nameShown' | 'shownView' | 'serverDefaults' | 'connectionLinks'>,
    /** The state a stored connection shows now (PENDING before it is ready). */
    private readonly stateOf: (c: StoredConnection) => string = (c) => c.state,
  ) {}

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/$/, '');
  }

  collectionUrl(s: Scope): string {
    return `${this.baseUrl}/api/atlas/v2/groups/${s.groupId}/streams/${encodeURIComponent(s.tenant)}/connections`;
  }

  connectionUrl(s: Scope, name: string): string {
    return `${this.collectionUrl(s)}/${encodeURIComponent(name)}`;
  }

  /** The connection as answered; `secrets` keeps the write-only fields (only a fault asks for it). */
  connection(s: Scope, c: StoredConnection, secrets = false): unknown {
    const body = c.body;
    if (!isPlainObject(body)) return body;
    const type = body.type;
    // Shares unchanged parts with the stored body: answers are serialised, never mutated in depth.
    const shown = this.hooks.serverDefaults(
      this.hooks.shownView({ ...((secrets || !isConnectionType(type) ? body : withoutPaths(body, this.writeOnly.get(type)!)) as Record<string, unknown>) }),
    );
    if (typeof shown.name === 'string') shown.name = this.hooks.nameShown(shown.name);
    if (this.hooks.dropConfig) {
      if (type === 'Kafka') delete shown.config;
      if (type === 'Https') delete shown.headers;
    }
    shown.id = c.id;
    shown.state = this.stateOf(c);
    if (this.hooks.connectionLinks) shown.links = [{ href: this.connectionUrl(s, c.name), rel: 'self' }];
    else delete shown.links;
    return shown;
  }
}
