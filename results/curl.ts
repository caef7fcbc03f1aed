// A curl command that reproduces one recorded request, on one line, safe to paste into a POSIX shell. Secrets
// become `"$ENV"` references the shell expands; everything else is quoted literally. Literal text is single-quoted
// (no expansion at all, history expansion of `!` included, even in an interactive bash); only text holding control
// characters uses $'...' (POSIX.1-2024, bash, zsh, ksh), so that the command stays on one line.
import type { HttpRequest } from '../client/exchange';
import { createRedactor, CREDENTIAL_ENV, type Redactor, type Secret } from './redact';

export type CredentialKind = 'digest' | 'bearer' | 'service-account' | 'none';

export interface CurlOptions {
  secrets: readonly Secret[];
  /** How the run authenticated; inferred from the recorded Authorization header when absent. */
  credential?: { kind: CredentialKind };
  /** A redactor already built for `secrets` (building one compiles the matcher: reuse it for many lines). */
  redactor?: Redactor;
}

/** Bodies larger than this are not inlined (the results model keeps only a prefix of them anyway). */
export const MAX_INLINE_BODY_BYTES = 64 * 1024;

/** Headers curl derives itself, or that carry credentials reproduced by --digest / -u / a bearer reference. */
const OMITTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'content-length']);

export type Piece = { literal: string } | { env: string };

export function toCurl(request: HttpRequest, opts: CurlOptions): string {
  const redactor = opts.redactor ?? createRedactor(opts.secrets);
  const notes: string[] = [];
  let inexact = false;
  const derived = new Set<string>();

  // Splits text into literals and references: raw secrets, secrets in an escaped form, and `${ENV}` placeholders
  // left by an earlier redaction all become the shell reference of their variable.
  const split = (text: string): Piece[] => {
    const pieces: Piece[] = [];
    let at = 0;
    for (const m of redactor.matches(text)) {
      if (m.kind === 'reference' && !m.text.startsWith('${')) continue; // `$ENV` in recorded text is just text
      if (m.index > at) pieces.push({ literal: text.slice(at, m.index) });
      const value = redactor.secrets.find((s) => s.env === m.env)?.value;
      if (m.kind === 'reference' || m.text === value) pieces.push({ env: m.env });
      else if (value !== undefined && m.text === jsonForm(value) && !CONTROL.test(value)) {
        // The usual case of a secret inside a JSON body: the shell derives the escaped form from the raw value.
        derived.add(m.env);
        pieces.push({ env: `${m.env}${JSON_SUFFIX}` });
      } else {
        pieces.push({ env: m.env });
        inexact = true;
      }
      at = m.index + m.text.length;
    }
    if (at < text.length) pieces.push({ literal: text.slice(at) });
    return pieces;
  };
  const word = (text: string): string => shellWord(split(text));

  const headers = Object.entries(request.headers ?? {});
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  const args: string[] = ['curl', '-i', '--globoff', '--path-as-is', '-X'];
  args.push(/^[A-Z]+$/.test(request.method) ? request.method : quoteLiteral(String(request.method)));

  const auth = headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1];
  const kind = opts.credential?.kind ?? inferCredential(auth);
  if (opts.credential === undefined && auth !== undefined && kind === 'none') {
    notes.push('the recorded Authorization header is not reproduced (scheme not Digest or Bearer)');
  }
  let prefix = '';
  let pipe = '';
  switch (kind) {
    case 'digest':
      args.push('--digest', '-u', `"$${CREDENTIAL_ENV.publicKey}:$${CREDENTIAL_ENV.privateKey}"`);
      break;
    case 'bearer':
      args.push('-H', `"Authorization: Bearer $${CREDENTIAL_ENV.bearer}"`);
      break;
    case 'service-account':
      prefix = `${CREDENTIAL_ENV.bearer}="$(${tokenFetch(request.url, word)})" && `;
      args.push('-H', `"Authorization: Bearer $${CREDENTIAL_ENV.bearer}"`);
      notes.push(`or set ${CREDENTIAL_ENV.bearer} to a service-account access token and drop the token fetch`);
      break;
    case 'none':
      break;
  }

  for (const [name, value] of headers) {
    if (OMITTED_HEADERS.has(name.toLowerCase())) continue;
    args.push('-H', word(`${name}: ${value}`));
  }
  // curl adds these when absent; a request recorded without them (a probe) must go out without them.
  if (!has('accept')) args.push('-H', `'Accept:'`);

  if (request.body !== undefined) {
    if (!has('content-type')) args.push('-H', `'Content-Type:'`);
    const bytes = request.bodyBytes ?? Buffer.byteLength(request.body, 'utf8');
    if (request.bodyTruncated || bytes > MAX_INLINE_BODY_BYTES) {
      args.push('-H', `'Expect:'`, '--data-binary', '@body.json');
      notes.push(
        request.bodyTruncated
          ? `the request body (${bytes} bytes) was truncated in the record; save the full body as body.json`
          : `the request body (${bytes} bytes) is too large to inline; save it as body.json`,
      );
    } else if (CONTROL.test(request.body)) {
      // A shell word cannot hold NUL, and a line break would break the line: printf writes the exact bytes.
      pipe = `${printfCommand(split(request.body))} | `;
      args.push('--data-binary', '@-');
    } else {
      args.push('--data-binary', word(request.body));
    }
  }
  args.push(word(request.url));

  if (inexact) notes.push('a secret was recorded in an escaped form; its reference expands to the raw value');
  const derivations = [...derived]
    .sort()
    .map((env) => `${env}${JSON_SUFFIX}="$(printf '%s' "$${env}" | sed 's/[\\\\"]/\\\\&/g')" && `)
    .join('');
  return `${derivations}${prefix}${pipe}${args.join(' ')}${notes.length ? `  # note: ${notes.join('; ')}` : ''}`;
}

/** Suffix of the variable holding a secret's JSON-string form (`"` and `\` escaped), derived in the command. */
export const JSON_SUFFIX = '_JSON';

function jsonForm(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export function inferCredential(authorization: string | undefined): CredentialKind {
  const scheme = authorization?.trim().split(/\s+/)[0]?.toLowerCase();
  return scheme === 'digest' ? 'digest' : scheme === 'bearer' ? 'bearer' : 'none';
}

/** OAuth2 client credentials at the target's own token endpoint (the API's service-account flow). */
function tokenFetch(url: string, word: (text: string) => string): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = url.replace(/^(\w+:\/\/[^/?#]*).*$/s, '$1');
  }
  return [
    'curl -sS',
    '-u',
    `"$${CREDENTIAL_ENV.clientId}:$${CREDENTIAL_ENV.clientSecret}"`,
    '--data-binary grant_type=client_credentials',
    word(`${origin}/api/oauth/token`),
    `| sed -n 's/.*"access_token" *: *"\\([^"]*\\)".*/\\1/p'`,
  ].join(' ');
}

/** One shell word from literal pieces and variable references. */
export function shellWord(pieces: readonly Piece[]): string {
  if (pieces.length === 0) return `''`;
  return pieces.map((p) => ('env' in p ? `"$${p.env}"` : quoteLiteral(p.literal))).join('');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\0-\x1f\x7f]/;

/** `printf 'FORMAT' "$ENV"...`: literals as a printf format (octal escapes for control bytes), references as %s. */
export function printfCommand(pieces: readonly Piece[]): string {
  let format = '';
  const refs: string[] = [];
  for (const p of pieces) {
    if ('env' in p) {
      format += '%s';
      refs.push(`"$${p.env}"`);
    } else {
      format += p.literal.replace(/[\0-\x1f\x7f\\%]/g, (c) =>
        c === '\\' ? '\\\\' : c === '%' ? '%%' : `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`,
      );
    }
  }
  return ['printf', quoteLiteral(format), ...refs].join(' ');
}

/**
 * Quotes text so a shell reads it back unchanged: single quotes; text holding control characters (never in a
 * valid URL or header, and bodies take the printf path) falls back to $'...' (bash, zsh, ksh; not dash).
 */
export function quoteLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\0-\x1f\x7f]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  const escaped = text.replace(/[\0-\x1f\x7f\\']/g, (c) =>
    c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `$'${escaped}'`;
}
