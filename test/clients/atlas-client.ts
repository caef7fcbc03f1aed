// An Atlas Administration API client as a consumer builds one, with libraries no one here wrote: types generated
// by openapi-typescript from the vendor's own OpenAPI extract (atlas-streams.d.ts), requests by openapi-fetch,
// service-account tokens by oauth4webapi (which sends client credentials over HTTPS only). The one thing it is told
// about the reference target is whom to trust: the CA PEM, through an undici dispatcher (the in-process equivalent
// of NODE_EXTRA_CA_CERTS).
import * as oauth from 'oauth4webapi';
import createClient, { type Client } from 'openapi-fetch';
import { Agent } from 'undici';
import type { components, paths } from './atlas-streams';

export type StreamsConnection = components['schemas']['StreamsConnection'];
export type AtlasApi = Client<paths>;

/** What the vendor's documentation and CLI send. */
export const ATLAS_ACCEPT = 'application/vnd.atlas.2025-03-12+json';

export interface AtlasClientOptions {
  baseUrl: string;
  /** PEM of a private CA to trust besides the system's; absent: the system's only. */
  ca?: string;
  clientId: string;
  clientSecret: string;
}

export interface AtlasClient {
  api: AtlasApi;
  /** Gets a token by client credentials; later requests carry it. */
  authenticate(): Promise<oauth.TokenEndpointResponse>;
  /** Revokes the current token (RFC 7009). */
  revoke(): Promise<void>;
  close(): Promise<void>;
}

export function atlasClient(opts: AtlasClientOptions): AtlasClient {
  const dispatcher = opts.ca !== undefined ? new Agent({ connect: { ca: opts.ca } }) : undefined;
  // Node's fetch takes an undici dispatcher as an extra init field its types do not declare.
  const tlsFetch = (input: Request | string | URL, init?: RequestInit): Promise<Response> =>
    fetch(input, { ...init, ...(dispatcher ? { dispatcher } : {}) } as RequestInit);
  const issuer = new URL(opts.baseUrl);
  const as: oauth.AuthorizationServer = {
    issuer: issuer.href,
    token_endpoint: new URL('/api/oauth/token', issuer).href,
    revocation_endpoint: new URL('/api/oauth/revoke', issuer).href,
  };
  const client: oauth.Client = { client_id: opts.clientId };
  const clientAuth = oauth.ClientSecretBasic(opts.clientSecret);
  const oauthOptions = { [oauth.customFetch]: tlsFetch };
  let token: string | undefined;

  const api = createClient<paths>({ baseUrl: opts.baseUrl, fetch: (request) => tlsFetch(request), headers: { Accept: ATLAS_ACCEPT } });
  api.use({
    onRequest({ request }) {
      if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });

  return {
    api,
    async authenticate() {
      const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, new URLSearchParams(), oauthOptions);
      const result = await oauth.processClientCredentialsResponse(as, client, response);
      token = result.access_token;
      return result;
    },
    async revoke() {
      if (token === undefined) throw new Error('no token to revoke');
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, token, oauthOptions));
    },
    async close() {
      await dispatcher?.close();
    },
  };
}
