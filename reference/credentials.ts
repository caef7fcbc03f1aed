// The ready information's credentials, as an SDK takes them: an API key pair for HTTP Digest, a service account
// for OAuth client credentials, a static bearer token.
import type { ReadyInfo } from './config';

export interface ApiKey {
  publicKey: string;
  privateKey: string;
}

export interface TargetCredentials {
  /** An API key with the create role (Organization Stream Processing Admin). */
  apiKey: ApiKey;
  /** An API key that may read but not create (Project Read Only). */
  readOnlyApiKey: ApiKey;
  /** A service account for `POST /api/oauth/token` (client credentials). */
  serviceAccount: { clientId: string; clientSecret: string };
  /** A bearer token that never expires. */
  bearerToken: string;
}

/** `PREFIX:first:rest` -> [first, rest]; the rest may hold colons. */
function pair(text: string, prefix: string | undefined, what: string): [string, string] {
  const body = prefix === undefined ? text : text.startsWith(`${prefix}:`) ? text.slice(prefix.length + 1) : undefined;
  const i = body?.indexOf(':') ?? -1;
  if (body === undefined || i <= 0) throw new Error(`the ready information's ${what} is not ${prefix ? `${prefix}:` : ''}ID:SECRET`);
  return [body.slice(0, i), body.slice(i + 1)];
}

export function targetCredentials(info: ReadyInfo): TargetCredentials {
  const [publicKey, privateKey] = pair(info.auth, 'digest', 'auth');
  const [roPublic, roPrivate] = pair(info.readonlyAuth, 'digest', 'readonlyAuth');
  const [clientId, clientSecret] = pair(info.serviceAccount, undefined, 'serviceAccount');
  return {
    apiKey: { publicKey, privateKey },
    readOnlyApiKey: { publicKey: roPublic, privateKey: roPrivate },
    serviceAccount: { clientId, clientSecret },
    bearerToken: info.bearer,
  };
}
