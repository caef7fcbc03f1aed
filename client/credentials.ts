// How the suite authenticates to a target, parsed from the `--credential` text. Error messages name the part that
// is wrong but never repeat the text: it may hold a secret.

export type Credential =
  | { kind: 'digest'; publicKey: string; privateKey: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'service-account'; clientId: string; clientSecret: string }
  | { kind: 'none' };

export type CredentialKind = Credential['kind'];

const FORMS = "expected 'digest:PUBLIC:PRIVATE', 'bearer:TOKEN', 'service-account:CLIENT_ID:CLIENT_SECRET' or 'none'";

/**
 * 'digest:PUB:PRIV' | 'bearer:TOKEN' | 'service-account:ID:SECRET' | 'none'.
 * Secrets may hold ':' (everything after the last separator the form needs is the secret); keys and ids may not.
 */
export function parseCredential(text: string): Credential {
  if (typeof text !== 'string') throw new Error(`credential must be text; ${FORMS}`);
  const trimmed = text.trim();
  if (trimmed === 'none') return { kind: 'none' };
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const rest = colon < 0 ? undefined : trimmed.slice(colon + 1);
  switch (kind) {
    case 'digest': {
      const [publicKey, privateKey] = splitPair(rest, 'digest', 'public key', 'private key');
      return { kind: 'digest', publicKey, privateKey };
    }
    case 'service-account': {
      const [clientId, clientSecret] = splitPair(rest, 'service-account', 'client id', 'client secret');
      return { kind: 'service-account', clientId, clientSecret };
    }
    case 'bearer': {
      if (rest === undefined || rest === '') throw new Error(`bearer credential has no token; ${FORMS}`);
      if (/\s/.test(rest)) throw new Error('bearer credential token contains whitespace');
      return { kind: 'bearer', token: rest };
    }
    default:
      // Only a known kind name is quoted back: anything else may be a pasted secret.
      throw new Error(`credential kind is not recognised; ${FORMS}`);
  }
}

function splitPair(rest: string | undefined, kind: string, first: string, second: string): [string, string] {
  if (rest === undefined) throw new Error(`${kind} credential has no ${first} and no ${second}; ${FORMS}`);
  const i = rest.indexOf(':');
  if (i < 0) throw new Error(`${kind} credential has no ${second} (no ':' after the ${first}); ${FORMS}`);
  const a = rest.slice(0, i);
  const b = rest.slice(i + 1);
  if (a === '') throw new Error(`${kind} credential has an empty ${first}`);
  if (b === '') throw new Error(`${kind} credential has an empty ${second}`);
  if (/[\s"\\]/.test(a)) throw new Error(`${kind} credential ${first} contains whitespace, a quote or a backslash`);
  return [a, b];
}

/** Values a report must never show in clear: private keys, tokens, client secrets. */
export function credentialSecrets(c: Credential): string[] {
  switch (c.kind) {
    case 'digest':
      return [c.privateKey];
    case 'bearer':
      return [c.token];
    case 'service-account':
      return [c.clientSecret];
    case 'none':
      return [];
  }
}

/** A short description safe to print: the kind and the public part only. */
export function describeCredential(c: Credential): string {
  switch (c.kind) {
    case 'digest':
      return `digest (public key ${c.publicKey})`;
    case 'bearer':
      return 'bearer token';
    case 'service-account':
      return `service account ${c.clientId}`;
    case 'none':
      return 'no credentials';
  }
}

/** Identity of a credential for caches (nonces, tokens) without keeping a second copy of the secret around. */
export function credentialKey(c: Credential): string {
  switch (c.kind) {
    case 'digest':
      return `digest\u0000${c.publicKey}\u0000${c.privateKey}`;
    case 'bearer':
      return `bearer\u0000${c.token}`;
    case 'service-account':
      return `sa\u0000${c.clientId}\u0000${c.clientSecret}`;
    case 'none':
      return 'none';
  }
}
