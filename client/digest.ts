// HTTP Digest access authentication (RFC 7616, qop=auth; RFC 2617/2069 servers without qop too). A session keeps
// the last nonce a server issued and answers later requests with it and an incremented nonce count, so only the
// first request (and one after each stale nonce) pays the challenge round trip.
import { createHash, randomBytes } from 'node:crypto';

export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  /** 'auth' when the server offers it; undefined for RFC 2069 servers that offer no qop. */
  qop?: 'auth';
  stale: boolean;
}

/**
 * Parses WWW-Authenticate values into challenges. One value may hold several challenges
 * (`Basic realm="a", Digest realm="b", nonce="c"`); quoted strings may hold commas and escaped quotes.
 */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  for (const value of values) {
    let i = 0;
    const s = value;
    const skip = (re: RegExp) => {
      while (i < s.length && re.test(s[i]!)) i++;
    };
    let current: AuthChallenge | undefined;
    while (i < s.length) {
      skip(/[\s,]/);
      const start = i;
      while (i < s.length && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(s[i]!)) i++;
      const token = s.slice(start, i);
      if (token === '') {
        i++; // not a token character: skip it rather than loop forever on garbage
        continue;
      }
      skip(/[ \t]/);
      if (s[i] === '=' && current) {
        i++;
        skip(/[ \t]/);
        let v = '';
        if (s[i] === '"') {
          i++;
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i++;
            v += s[i];
            i++;
          }
          i++;
        } else {
          const vs = i;
          while (i < s.length && s[i] !== ',' && !/\s/.test(s[i]!)) i++;
          v = s.slice(vs, i);
        }
        current.params[token.toLowerCase()] = v;
      } else {
        // A token not followed by '=' starts a new challenge (token68 forms are skipped as params-less).
        current = { scheme: token.toLowerCase(), params: {} };
        out.push(current);
        // token68 (e.g. `Negotiate abc==`): consume it so it is not read as a scheme.
        const m = /^[A-Za-z0-9._~+/-]+=*[ \t]*(?=,|$)/.exec(s.slice(i));
        if (m) i += m[0].length;
      }
    }
  }
  return out;
}

const ALGORITHMS: Record<string, DigestAlgorithm> = {
  md5: 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

/** The Digest challenge this client can answer, preferring SHA-256 over MD5 when a server offers both. */
export function selectDigestChallenge(challenges: readonly AuthChallenge[]): DigestChallenge | undefined {
  const usable: DigestChallenge[] = [];
  for (const c of challenges) {
    if (c.scheme !== 'digest') continue;
    const { realm, nonce } = c.params;
    if (realm === undefined || nonce === undefined || nonce === '') continue;
    const algorithm = ALGORITHMS[(c.params.algorithm ?? 'MD5').toLowerCase()];
    if (!algorithm) continue;
    const qops = c.params.qop?.split(',').map((q) => q.trim().toLowerCase());
    // A server offering only auth-int is not one we can answer (bodies would have to be hashed).
    if (qops && !qops.includes('auth')) continue;
    usable.push({
      realm,
      nonce,
      ...(c.params.opaque !== undefined ? { opaque: c.params.opaque } : {}),
      algorithm,
      ...(qops ? { qop: 'auth' as const } : {}),
      stale: c.params.stale?.toLowerCase() === 'true',
    });
  }
  return usable.find((c) => c.algorithm.startsWith('SHA-256')) ?? usable[0];
}

export interface DigestInput {
  username: string;
  password: string;
  method: string;
  /** The request-target exactly as sent (path and query). */
  uri: string;
  nc: number;
  cnonce: string;
}

function hasher(algorithm: DigestAlgorithm): (s: string) => string {
  const name = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  return (s) => createHash(name).update(s, 'utf8').digest('hex');
}

/** The `response` value of RFC 7616 section 3.4.1. `ha1` may be given when already known (it depends only on the
 *  user, realm, password and algorithm, not on the request). */
export function digestResponse(ch: DigestChallenge, input: DigestInput, ha1Base?: string): string {
  const H = hasher(ch.algorithm);
  const nc = formatNc(input.nc);
  let ha1 = ha1Base ?? digestHa1(ch, input.username, input.password);
  if (ch.algorithm.endsWith('-sess')) ha1 = H(`${ha1}:${ch.nonce}:${input.cnonce}`);
  const ha2 = H(`${input.method}:${input.uri}`);
  return ch.qop ? H(`${ha1}:${ch.nonce}:${nc}:${input.cnonce}:${ch.qop}:${ha2}`) : H(`${ha1}:${ch.nonce}:${ha2}`);
}

export function digestHa1(ch: DigestChallenge, username: string, password: string): string {
  return hasher(ch.algorithm)(`${username}:${ch.realm}:${password}`);
}

export function formatNc(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The Authorization header value answering a challenge. */
export function digestAuthorization(ch: DigestChallenge, input: DigestInput, ha1?: string): string {
  const parts = [
    `username=${quote(input.username)}`,
    `realm=${quote(ch.realm)}`,
    `nonce=${quote(ch.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${ch.algorithm}`,
    `response=${quote(digestResponse(ch, input, ha1))}`,
  ];
  if (ch.opaque !== undefined) parts.push(`opaque=${quote(ch.opaque)}`);
  if (ch.qop) parts.push(`qop=${ch.qop}`, `nc=${formatNc(input.nc)}`, `cnonce=${quote(input.cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}

/** One credential's Digest state: the server's current nonce and the count of requests made with it. */
export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private nc = 0;
  /** HA1 of the current challenge's realm and algorithm. */
  private ha1: string | undefined;

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** True when a nonce is cached and requests can be authorised without a challenge round trip. */
  get hasNonce(): boolean {
    return this.challenge !== undefined;
  }

  /** Adopts a server's (new or stale-refreshed) challenge; the nonce count restarts. */
  accept(challenge: DigestChallenge): void {
    // The same nonce again (a server that re-issues it) keeps its count: restarting would replay nc values.
    if (this.challenge?.nonce !== challenge.nonce) this.nc = 0;
    if (this.challenge?.realm !== challenge.realm || this.challenge.algorithm !== challenge.algorithm) this.ha1 = undefined;
    this.challenge = challenge;
  }

  forget(): void {
    this.challenge = undefined;
    this.nc = 0;
    this.ha1 = undefined;
  }

  /** The Authorization header for the next request, or undefined when no nonce is known yet. */
  authorize(method: string, uri: string): string | undefined {
    if (!this.challenge) return undefined;
    this.nc += 1;
    this.ha1 ??= digestHa1(this.challenge, this.username, this.password);
    return digestAuthorization(
      this.challenge,
      { username: this.username, password: this.password, method, uri, nc: this.nc, cnonce: cnonce() },
      this.ha1,
    );
  }
}

// A client nonce per request. Drawn from a pooled buffer: one randomBytes call (a system call) per request cost
// about as much as the request's three hashes.
const CNONCE_BYTES = 12;
let pool = Buffer.alloc(0);
let offset = 0;

function cnonce(): string {
  if (offset + CNONCE_BYTES > pool.length) {
    pool = randomBytes(CNONCE_BYTES * 512);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + CNONCE_BYTES);
  offset += CNONCE_BYTES;
  return hex;
}
