// Who is calling: HTTP Digest with API keys, or a bearer token (static from the config, or issued to a service
// account by POST /api/oauth/token). The outcome says why a request is refused so the answer can carry the right
// challenge (a fresh nonce, stale=true for an expired one).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { canWrite, type TargetConfig } from './config';
import { DIGEST_REALM, digestHa1, digestResponse, NonceStore, parseDigest } from './digest';
import type { FaultHooks } from './fault-hooks';

export interface Principal {
  kind: 'api-key' | 'service-account' | 'bearer';
  /** Public identifier (public key or client id; never a secret). */
  id: string;
  roles: ReadonlySet<string>;
  /** Projects it may reach; undefined means all. */
  groups?: ReadonlySet<string>;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; why: 'missing' | 'malformed' | 'wrong' | 'replay' | 'unknown-nonce' | 'expired-token'; stale?: boolean };

export type AuthFaults = Pick<FaultHooks, 'authOptional' | 'acceptWrongPassword'>;

interface Issued {
  principal: Principal;
  expiresAt: number;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Authenticator {
  readonly nonces: NonceStore;
  private readonly keys = new Map<string, { ha1: string; principal: Principal }>();
  private readonly staticTokens = new Map<string, Principal>();
  private readonly issued = new Map<string, Issued>();
  private readonly accounts = new Map<string, { secret: string; principal: Principal }>();
  private readonly admin: Principal;

  constructor(private readonly config: TargetConfig, private readonly faults: AuthFaults, private readonly now: () => number = Date.now) {
    this.nonces = new NonceStore(config.nonceLifetimeSeconds * 1000, now);
    const scope = (groups?: string[]) => (groups ? { groups: new Set(groups) } : {});
    for (const k of config.apiKeys) {
      this.keys.set(k.publicKey, { ha1: digestHa1(k.publicKey, DIGEST_REALM, k.privateKey), principal: { kind: 'api-key', id: k.publicKey, roles: new Set(k.roles), ...scope(k.groups) } });
    }
    for (const t of config.bearerTokens) {
      this.staticTokens.set(t.token, { kind: 'bearer', id: 'static-token', roles: new Set(t.roles), ...scope(t.groups) });
    }
    for (const s of config.serviceAccounts) {
      this.accounts.set(s.clientId, { secret: s.clientSecret, principal: { kind: 'service-account', id: s.clientId, roles: new Set(s.roles), ...scope(s.groups) } });
    }
    // resolveConfig guarantees a key with a create role.
    this.admin = [...this.keys.values()].find((k) => canWrite(k.principal.roles))!.principal;
  }

  authenticate(authorization: string | undefined, method: string, url: string): AuthOutcome {
    if (authorization === undefined || authorization.trim() === '') {
      return this.faults.authOptional ? { ok: true, principal: this.admin } : { ok: false, why: 'missing' };
    }
    const scheme = /^\s*(\S+)/.exec(authorization)?.[1]?.toLowerCase();
    if (scheme === 'digest') return this.digest(authorization, method, url);
    if (scheme === 'bearer') return this.bearer(authorization.trim().slice(6).trim());
    return { ok: false, why: 'malformed' };
  }

  private digest(header: string, method: string, url: string): AuthOutcome {
    const p = parseDigest(header);
    if (!p || !p.username || !p.nonce || !p.uri || !p.response || !p.nc || !p.cnonce) return { ok: false, why: 'malformed' };
    if (p.realm !== DIGEST_REALM || p.qop?.toLowerCase() !== 'auth') return { ok: false, why: 'malformed' };
    if (p.algorithm !== undefined && p.algorithm.toUpperCase() !== 'MD5') return { ok: false, why: 'malformed' };
    if (!/^[0-9a-fA-F]{8}$/.test(p.nc)) return { ok: false, why: 'malformed' };
    // The digest covers the request-target; clients that drop the query are tolerated, others are not.
    if (p.uri !== url && p.uri !== url.split('?')[0]) return { ok: false, why: 'wrong' };
    const key = this.keys.get(p.username);
    if (!key) return { ok: false, why: 'wrong' };
    const nonceState = this.nonces.check(p.nonce);
    if (nonceState === 'invalid') return { ok: false, why: 'unknown-nonce' };
    if (!this.faults.acceptWrongPassword) {
      const expected = digestResponse({
        username: p.username,
        password: '',
        ha1: key.ha1,
        realm: DIGEST_REALM,
        method,
        uri: p.uri,
        nonce: p.nonce,
        nc: p.nc,
        cnonce: p.cnonce,
        qop: 'auth',
      });
      if (!safeEqual(expected, p.response.toLowerCase())) return { ok: false, why: 'wrong' };
    }
    // Only a correct digest learns that its nonce is merely old (RFC 7616 section 3.3, stale).
    if (nonceState === 'stale') return { ok: false, why: 'unknown-nonce', stale: true };
    if (!this.nonces.useNc(p.nonce, parseInt(p.nc, 16))) return { ok: false, why: 'replay' };
    return { ok: true, principal: key.principal };
  }

  private bearer(token: string): AuthOutcome {
    if (token === '') return { ok: false, why: 'malformed' };
    const fixed = this.staticTokens.get(token);
    if (fixed) return { ok: true, principal: fixed };
    const issued = this.issued.get(token);
    if (issued) {
      if (issued.expiresAt > this.now()) return { ok: true, principal: issued.principal };
      this.issued.delete(token);
      return { ok: false, why: 'expired-token' };
    }
    return this.faults.acceptWrongPassword ? { ok: true, principal: this.admin } : { ok: false, why: 'wrong' };
  }

  /** Client-credentials grant: a new bearer token for a service account, or undefined for wrong credentials. */
  issueToken(clientId: string, clientSecret: string): { token: string; expiresIn: number } | undefined {
    const account = this.accounts.get(clientId);
    if (!account || !safeEqual(account.secret, clientSecret)) return undefined;
    this.pruneTokens();
    const token = randomBytes(32).toString('base64url');
    const expiresIn = this.config.tokenLifetimeSeconds;
    this.issued.set(token, { principal: account.principal, expiresAt: this.now() + expiresIn * 1000 });
    return { token, expiresIn: Math.max(1, Math.round(expiresIn)) };
  }

  private pruneTokens(): void {
    if (this.issued.size < 10_000) return;
    const now = this.now();
    for (const [k, v] of this.issued) if (v.expiresAt <= now) this.issued.delete(k);
  }
}
