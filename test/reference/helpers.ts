// Test client for the reference target: real HTTP over loopback, with a Digest implementation that keeps one
// nonce per user and counts nc, as a well-behaved client does.
import { request as httpRequest } from 'node:http';
import { digestAuthorization, parseDigest, type DigestParams } from '../../reference/digest';
import type { ReadyInfo } from '../../reference/config';
import { loadContract, type Violation } from '../../contracts/loader';
import { CONNECTION_TYPES } from '../../contracts/types';
import { afterAll, beforeAll } from 'vitest';
import { type RunningTarget, startTarget } from '../../reference/server';

export const VENDOR = 'application/vnd.atlas.2023-02-01+json';
export const ACCEPT = 'application/vnd.atlas.2025-03-12+json';

export interface Res {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export type Auth =
  | { kind: 'none' }
  | { kind: 'digest'; user: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'raw'; header: string };

export interface Req {
  method?: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string | Buffer;
  auth?: Auth;
}

/** One HTTP exchange with node:http (keep-alive agent of the process). */
export function send(base: string, r: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer }): Promise<Res> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    const req = httpRequest({ host: u.hostname, port: u.port, method: r.method, path: r.path, headers: r.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

export function parseCreds(s: string): { user: string; password: string } {
  const [, user, ...rest] = s.split(':');
  return { user: user!, password: rest.join(':') };
}

export class Client {
  private readonly challenges = new Map<string, { params: DigestParams; nc: number }>();

  constructor(readonly info: ReadyInfo) {}

  get base(): string {
    return this.info.url;
  }

  connections(opts: { group?: string; tenant?: string; name?: string; query?: string } = {}): string {
    const g = opts.group ?? this.info.groupId;
    const t = encodeURIComponent(opts.tenant ?? this.info.tenant);
    const n = opts.name === undefined ? '' : `/${encodeURIComponent(opts.name)}`;
    return `/api/atlas/v2/groups/${g}/streams/${t}/connections${n}${opts.query ? `?${opts.query}` : ''}`;
  }

  admin(): Auth {
    return { kind: 'digest', ...parseCreds(this.info.auth) };
  }
  readonly(): Auth {
    return { kind: 'digest', ...parseCreds(this.info.readonlyAuth) };
  }

  async challenge(user: string, fresh = false): Promise<{ params: DigestParams; nc: number }> {
    let c = this.challenges.get(user);
    if (!c || fresh) {
      const r = await send(this.base, { method: 'GET', path: this.connections(), headers: { accept: ACCEPT } });
      const params = parseDigest(r.headers['www-authenticate'] ?? '');
      if (r.status !== 401 || !params) throw new Error(`expected a Digest challenge, got ${r.status}`);
      c = { params, nc: 0 };
      this.challenges.set(user, c);
    }
    return c;
  }

  async authorization(auth: Auth, method: string, path: string): Promise<string | undefined> {
    switch (auth.kind) {
      case 'none':
        return undefined;
      case 'raw':
        return auth.header;
      case 'bearer':
        return `Bearer ${auth.token}`;
      case 'digest': {
        const c = await this.challenge(auth.user);
        c.nc += 1;
        return digestAuthorization({ challenge: c.params, username: auth.user, password: auth.password, method, uri: path, nc: c.nc });
      }
    }
  }

  /** Sends a request; Digest requests re-handshake once when told the nonce is stale. */
  async req(r: Req): Promise<Res> {
    const method = r.method ?? 'GET';
    const auth = r.auth ?? this.admin();
    const headers: Record<string, string> = { accept: ACCEPT };
    if (r.body !== undefined) headers['content-type'] = VENDOR;
    for (const [k, v] of Object.entries(r.headers ?? {})) {
      if (v === undefined) delete headers[k.toLowerCase()];
      else headers[k.toLowerCase()] = v;
    }
    const go = async () => {
      const a = await this.authorization(auth, method, r.path);
      return send(this.base, { method, path: r.path, headers: a ? { ...headers, authorization: a } : headers, ...(r.body !== undefined ? { body: r.body } : {}) });
    };
    let res = await go();
    if (auth.kind === 'digest' && res.status === 401 && /stale=true/.test(res.headers['www-authenticate'] ?? '')) {
      await this.challenge(auth.user, true);
      res = await go();
    }
    return res;
  }

  create(body: unknown, opts: Partial<Req> & { query?: string } = {}): Promise<Res> {
    return this.req({ method: 'POST', path: this.connections({ query: opts.query }), body: JSON.stringify(body), ...opts });
  }
}

let counter = 0;
export function uniqueName(prefix = 'c'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export const SECRET = 'S3cr3t-Pa55w0rd-never-echo';

export function kafka(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    type: 'Kafka',
    bootstrapServers: 'broker-1.example.com:9092,broker-2.example.com:9092',
    authentication: { mechanism: 'PLAIN', username: 'alice', password: SECRET },
    security: { protocol: 'SASL_SSL' },
    config: { 'auto.offset.reset': 'earliest' },
    ...extra,
  };
}

export function https(name: string): Record<string, unknown> {
  return { name, type: 'Https', url: 'https://hooks.example.com/in', headers: { 'X-Team': 'streams' } };
}


/** A reference target in this process for the test file, and a client of it: started before the file's tests,
 *  closed after them. Read `ref.target` and `ref.client` inside tests (they are set once the file starts). */
export function referenceTargetForFile(): { target: RunningTarget; client: Client } {
  const ref = {} as { target: RunningTarget; client: Client };
  beforeAll(async () => {
    ref.target = await startTarget();
    ref.client = new Client(ref.target.info);
  });
  afterAll(() => ref.target?.close());
  return ref;
}
