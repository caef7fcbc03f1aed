// OAuth2 client credentials for Atlas service accounts: `POST /api/oauth/token` with HTTP Basic client_id:secret
// and `grant_type=client_credentials`, answered `{access_token, token_type: "Bearer", expires_in}`. The token is
// cached until shortly before it expires; concurrent sends share one token request.
import type { Attempt, AttemptResult } from './transport';

/** No credential that authenticates could be set up (token endpoint refused, unreachable or answered garbage). */
export class AuthSetupError extends Error {
  override readonly name = 'AuthSetupError';
}

export const TOKEN_PATH = '/api/oauth/token';

export interface TokenSourceOptions {
  /** Where the target listens (scheme, host, port). */
  origin: URL;
  /** Path of the token endpoint under the target's base URL. */
  tokenPath: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** One HTTP attempt (rate-limited by the caller). */
  send: (a: Attempt) => Promise<AttemptResult>;
  now?: () => number;
}

interface Cached {
  token: string;
  refreshAt: number;
}

export class ServiceAccountTokenSource {
  private cached: Cached | undefined;
  private inflight: Promise<string> | undefined;
  private readonly issuedTokens: string[] = [];
  private requests = 0;
  private readonly now: () => number;

  constructor(private readonly opts: TokenSourceOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Every access token obtained so far: secrets a report must redact. */
  get issued(): readonly string[] {
    return this.issuedTokens;
  }

  /** Token requests made so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** A valid access token; throws AuthSetupError when the endpoint will not issue one. */
  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops a token the target refused, so the next token() fetches a new one (unless it already did). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const { origin, tokenPath, clientId, clientSecret } = this.opts;
    this.requests++;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
    const result = await this.opts.send({
      method: 'POST',
      origin,
      path: tokenPath,
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: Buffer.from('grant_type=client_credentials', 'utf8'),
      timeoutMs: this.opts.timeoutMs,
    });
    const where = `service-account token request to ${origin.origin}${tokenPath} (client id ${clientId})`;
    const scrub = (s: string) => scrubSecrets(s, [clientSecret, basic]);
    if (result.outcome === 'transport-error') {
      throw new AuthSetupError(`${where} failed: ${result.error.kind}: ${scrub(result.error.message)}`);
    }
    const { status, statusText, json } = result.response;
    if (status !== 200) {
      const o = json as { error?: unknown; error_description?: unknown } | undefined;
      const why = o && typeof o === 'object' && typeof o.error === 'string'
        ? ` (${o.error}${typeof o.error_description === 'string' ? `: ${o.error_description}` : ''})`
        : '';
      throw new AuthSetupError(scrub(`${where} was answered ${status} ${statusText}${why}`.slice(0, 500)));
    }
    const body = json as { access_token?: unknown; token_type?: unknown; expires_in?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new AuthSetupError(`${where} was answered 200 without an access_token`);
    }
    if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
      throw new AuthSetupError(`${where} issued a token of type ${body.token_type.slice(0, 40)}, not Bearer`);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    // Refresh a little early so a token does not expire between being read and being checked by the target.
    const margin = Math.min(30_000, (expiresIn * 1000) / 10);
    this.cached = { token: body.access_token, refreshAt: this.now() + expiresIn * 1000 - margin };
    this.issuedTokens.push(body.access_token);
    return body.access_token;
  }
}

function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}
