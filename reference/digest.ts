// HTTP Digest access authentication (RFC 7616) as Atlas uses it: MD5, qop=auth, realm "MMS Public API".
// The parsing and response computation are shared by both sides (the target verifies, test clients sign);
// NonceStore is the server's part: stateless HMAC-signed nonces that expire, plus per-nonce nc replay memory.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DIGEST_REALM = 'MMS Public API';

export type DigestParams = Record<string, string>;

const PARAM = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;

/** Parses the parameters of `Digest k=v, k="v"` (a challenge or an Authorization); undefined if not Digest or malformed. */
export function parseDigest(header: string): DigestParams | undefined {
  const m = /^\s*Digest\s+/i.exec(header);
  if (!m) return undefined;
  const out: DigestParams = Object.create(null) as DigestParams;
  PARAM.lastIndex = m[0].length;
  while (PARAM.lastIndex < header.length) {
    const start = PARAM.lastIndex;
    const p = PARAM.exec(header);
    if (!p || PARAM.lastIndex === start) return undefined;
    out[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return out;
}

export function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: string;
}

/** HA1 of RFC 7616 for MD5: constant per user, so servers may compute it once. */
export function digestHa1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

/** The `response` value for qop=auth, algorithm MD5 (`ha1` may be given precomputed). */
export function digestResponse(i: DigestInput & { ha1?: string }): string {
  const ha1 = i.ha1 ?? digestHa1(i.username, i.realm, i.password);
  const ha2 = md5(`${i.method}:${i.uri}`);
  return md5(`${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`);
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Client side: the Authorization header answering `challenge` for one request (nc counts uses of the nonce). */
export function digestAuthorization(opts: {
  challenge: DigestParams;
  username: string;
  password: string;
  method: string;
  uri: string;
  nc: number;
  cnonce?: string;
}): string {
  const nc = opts.nc.toString(16).padStart(8, '0');
  const cnonce = opts.cnonce ?? randomBytes(8).toString('hex');
  const realm = opts.challenge.realm ?? '';
  const nonce = opts.challenge.nonce ?? '';
  const response = digestResponse({ username: opts.username, password: opts.password, realm, method: opts.method, uri: opts.uri, nonce, nc, cnonce, qop: 'auth' });
  const parts = [
    `username=${quote(opts.username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(opts.uri)}`,
    `algorithm=MD5`,
    `qop=auth`,
    `nc=${nc}`,
    `cnonce=${quote(cnonce)}`,
    `response=${quote(response)}`,
  ];
  if (opts.challenge.opaque !== undefined) parts.push(`opaque=${quote(opts.challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

export type NonceCheck = 'fresh' | 'stale' | 'invalid';

/**
 * Server nonces: `<issued ms base36>.<random>.<hmac>`, verifiable without state; expired ones are `stale`.
 * The nc values seen for each nonce are remembered (a set, so concurrent requests may arrive out of order) until
 * the nonce expires; a repeated nc is a replay.
 */
export class NonceStore {
  private readonly secret = randomBytes(32);
  private readonly seen = new Map<string, { expiresAt: number; ncs: Set<number> }>();
  private static readonly MAX_TRACKED = 200_000;
  private static readonly MAX_NC_PER_NONCE = 1_000_000;

  constructor(private readonly lifetimeMs: number, private readonly now: () => number = Date.now) {}

  issue(): string {
    const body = `${this.now().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  check(nonce: string): NonceCheck {
    // A nonce already in use was verified when first seen; only its age can have changed.
    const known = this.seen.get(nonce);
    if (known) return this.now() > known.expiresAt ? 'stale' : 'fresh';
    const i = nonce.lastIndexOf('.');
    if (i <= 0) return 'invalid';
    const body = nonce.slice(0, i);
    const mac = Buffer.from(nonce.slice(i + 1));
    const expected = Buffer.from(this.sign(body));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return 'invalid';
    const issued = parseInt(body.slice(0, body.indexOf('.')), 36);
    if (!Number.isFinite(issued)) return 'invalid';
    return this.now() - issued > this.lifetimeMs ? 'stale' : 'fresh';
  }

  /** Records nc for a fresh nonce; false when it was used before (a replay) or is out of range. */
  useNc(nonce: string, nc: number): boolean {
    if (!Number.isInteger(nc) || nc < 1 || nc > NonceStore.MAX_NC_PER_NONCE) return false;
    let entry = this.seen.get(nonce);
    if (!entry) {
      this.prune();
      const issued = parseInt(nonce.slice(0, nonce.indexOf('.')), 36);
      entry = { expiresAt: issued + this.lifetimeMs, ncs: new Set() };
      this.seen.set(nonce, entry);
    }
    if (entry.ncs.has(nc)) return false;
    entry.ncs.add(nc);
    return true;
  }

  private prune(): void {
    const now = this.now();
    // Entries are inserted roughly in issue order, so expired ones sit at the front.
    for (const [k, v] of this.seen) {
      if (v.expiresAt >= now && this.seen.size < NonceStore.MAX_TRACKED) break;
      this.seen.delete(k);
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }
}

export function digestChallenge(nonce: string, stale: boolean): string {
  return `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale ? 'true' : 'false'}`;
}
