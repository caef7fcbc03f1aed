// Redaction: every secret of a run is replaced by a `${ENV}` reference to the environment variable that stands for
// it, wherever and however it is written. A secret can reach a report raw, JSON-escaped (`\"`, `\u00e9`, escaped
// once more when a body is embedded in certificate.json), percent-encoded (URLs, forms), HTML/XML-escaped (report
// text) or shell-escaped (curl lines); the matcher accepts any of these forms for every character, mixed freely,
// so nothing that decodes to a secret survives. Authorization headers are redacted by structure as well, because
// a Digest response or a Basic credential derives from a secret without containing it.
import type { Exchange, Headers, HttpRequest, HttpResponse } from '../client/exchange';

export interface Secret {
  /** The secret as the run used it. */
  value: string;
  /** The environment variable standing for it in reports and curl lines, e.g. `CONFORMANCE_PRIVATE_KEY`. */
  env: string;
}

/** Environment variables the curl lines use for credentials, whether or not they are in the run's secret list. */
export const CREDENTIAL_ENV = {
  publicKey: 'CONFORMANCE_PUBLIC_KEY',
  privateKey: 'CONFORMANCE_PRIVATE_KEY',
  bearer: 'CONFORMANCE_BEARER',
  clientId: 'CONFORMANCE_CLIENT_ID',
  clientSecret: 'CONFORMANCE_CLIENT_SECRET',
} as const;

/** Below this length a secret may also match innocent text; it is still redacted, with a warning. */
export const SHORT_SECRET_LENGTH = 4;

/** Stands for a derived credential (Digest response, Basic pair, unknown token) no environment variable holds. */
export const REDACTED = '[redacted]';

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization']);

export interface SecretMatch {
  /** Where the match starts in the text. */
  index: number;
  /** The text matched: the secret in one of its written forms, or a reference already in place. */
  text: string;
  /** The environment variable of the secret (or of the reference) matched. */
  env: string;
  /** `secret` for a secret in any written form, `reference` for a `${ENV}` / `$ENV` already standing for one. */
  kind: 'secret' | 'reference';
}

export interface Redactor {
  /** Warnings about the secret list (never containing a secret), e.g. secrets short enough to redact innocent text. */
  readonly warnings: readonly string[];
  readonly secrets: readonly Secret[];
  text(s: string): string;
  headers(h: Headers): Headers;
  request(r: HttpRequest): HttpRequest;
  response(r: HttpResponse): HttpResponse;
  exchange(x: Exchange): Exchange;
  /** Any JSON-like value (counterexamples): strings, numbers that spell a secret, and object keys. */
  json(v: unknown): unknown;
  /** One of our own structures (the certificate's sections): every string redacted; keys and numbers are its own
   *  vocabulary and counts, kept as they are so a very short secret cannot rename a field or turn a count to text. */
  strings(v: unknown): unknown;
  /** The env name of the first secret still present in `s` (in any written form), or undefined. */
  find(s: string): string | undefined;
  /** Secrets and references in `s`, in order (used by curl.ts to turn them into shell references). */
  matches(s: string): SecretMatch[];
}

export interface RedactorOptions {
  /** Called once per warning as the redactor is created (the messages are also kept in `warnings`). */
  onWarning?: (message: string) => void;
}

export function reference(env: string): string {
  return '${' + env + '}';
}

export function createRedactor(secrets: readonly Secret[], options: RedactorOptions = {}): Redactor {
  const warnings: string[] = [];
  const usable: Secret[] = [];
  const seen = new Set<string>();
  for (const s of secrets) {
    if (typeof s?.value !== 'string' || typeof s?.env !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.env)) {
      throw new Error(`invalid secret entry: env must be an environment variable name (got ${JSON.stringify(s?.env)})`);
    }
    if (s.value.length === 0) {
      warnings.push(`secret ${s.env} is empty and cannot be redacted`);
      continue;
    }
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    if ([...s.value].length < SHORT_SECRET_LENGTH) {
      warnings.push(
        `secret ${s.env} is shorter than ${SHORT_SECRET_LENGTH} characters; it is redacted, but so may be innocent text that contains it`,
      );
    }
    usable.push(s);
  }
  // Longest first, so that a secret containing another is replaced whole; env name breaks ties for determinism.
  usable.sort((a, b) => b.value.length - a.value.length || (a.env < b.env ? -1 : a.env > b.env ? 1 : 0));
  for (const w of warnings) options.onWarning?.(w);

  const envNames = [...new Set([...usable.map((s) => s.env), ...Object.values(CREDENTIAL_ENV)])];
  // References already in place (from an earlier pass, or in a curl line) are matched first and left alone, so that
  // redaction is idempotent and a short secret cannot corrupt `${CONFORMANCE_SECRET_1}`.
  const refSource =
    envNames.length === 0
      ? '(?!)'
      : `\\$\\{(${envNames.join('|')})\\}|\\$(${envNames.join('|')})(?![A-Za-z0-9_])`;
  const references = new RegExp(refSource, 'y');
  const secretAt = secretMatcher(usable.map((s) => s.value));

  // Leftmost first: a reference already in place, else the first secret (longest first) written at that position
  // in any mix of its characters' forms. One regex alternation of every secret did the same at seconds per megabyte
  // once a run had hundreds of secrets sharing a prefix (a HAR of every exchange); the trie walks each position once.
  function matches(s: string): SecretMatch[] {
    const out: SecretMatch[] = [];
    if (typeof s !== 'string') return out;
    for (let at = 0; at < s.length; ) {
      if (s[at] === '$') {
        references.lastIndex = at;
        const m = references.exec(s);
        if (m !== null) {
          out.push({ index: at, text: m[0], env: (m[1] ?? m[2])!, kind: 'reference' });
          at += m[0].length;
          continue;
        }
      }
      const hit = secretAt(s, at);
      if (hit === undefined) {
        at++;
        continue;
      }
      out.push({ index: at, text: s.slice(at, hit.end), env: usable[hit.secret]!.env, kind: 'secret' });
      at = hit.end;
    }
    return out;
  }

  function text(s: string): string {
    if (usable.length === 0 || typeof s !== 'string') return s;
    let out = '';
    let at = 0;
    for (const m of matches(s)) {
      if (m.kind === 'reference') continue;
      out += s.slice(at, m.index) + reference(m.env);
      at = m.index + m.text.length;
    }
    return at === 0 ? s : out + s.slice(at);
  }

  function authorization(value: string): string {
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+([\s\S]*))?$/.exec(value);
    if (!m) return REDACTED;
    const scheme = m[1]!;
    const rest = m[2] ?? '';
    switch (scheme.toLowerCase()) {
      case 'digest':
        // Only `response` derives from the password; the other parameters help to read the exchange.
        return text(
          `${scheme} ${rest.replace(/(\bresponse\s*=\s*)("(?:[^"\\]|\\.)*"|[^,\s]*)/gi, `$1"${REDACTED}"`)}`,
        );
      case 'bearer': {
        const token = rest.trim();
        const known = usable.find((s) => s.value === token);
        return `${scheme} ${known ? reference(known.env) : REDACTED}`;
      }
      default:
        return `${scheme} ${REDACTED}`;
    }
  }

  function headers(h: Headers): Headers {
    const out: Headers = {};
    for (const [name, value] of Object.entries(h ?? {})) {
      out[text(name)] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? authorization(String(value)) : text(String(value));
    }
    return out;
  }

  function request(r: HttpRequest): HttpRequest {
    const out: HttpRequest = { ...r, url: text(r.url), headers: headers(r.headers) };
    if (r.body !== undefined) out.body = text(r.body);
    return out;
  }

  function response(r: HttpResponse): HttpResponse {
    const out: HttpResponse = {
      ...r,
      statusText: text(r.statusText),
      headers: headers(r.headers),
      body: text(r.body),
    };
    if ('json' in r) out.json = json(r.json);
    return out;
  }

  function exchange(x: Exchange): Exchange {
    if (x.outcome === 'response') return { ...x, request: request(x.request), response: response(x.response) };
    return { ...x, request: request(x.request), error: { ...x.error, message: text(x.error.message) } };
  }

  function json(v: unknown, depth = 0): unknown {
    if (depth > 256) return REDACTED; // a structure this deep is not a counterexample anyone reads
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' || typeof v === 'bigint') {
      const s = String(v);
      return text(s) === s ? v : text(s);
    }
    if (Array.isArray(v)) return v.map((e) => json(e, depth + 1));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v)) out[text(k)] = json(e, depth + 1);
      return out;
    }
    return v;
  }

  function strings(v: unknown, depth = 0): unknown {
    if (depth > 256) return REDACTED;
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map((e) => strings(e, depth + 1));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, strings(e, depth + 1)]));
    return v;
  }

  function find(s: string): string | undefined {
    return matches(s).find((m) => m.kind === 'secret')?.env;
  }

  return { warnings, secrets: usable, text, headers, request, response, exchange, json: (v) => json(v), strings: (v) => strings(v), find, matches };
}

// ------------------------------------------------------------------------------------------------ the matcher

interface TrieNode {
  next: Map<string, TrieNode>;
  /** The lowest index of a secret that ends here. */
  ends?: number;
  /** The lowest index of a secret at or below this node (a walk stops where it cannot beat a match it has). */
  best: number;
}

/**
 * Finds, at a position, the first secret of `values` (in their order) written there with each character in any of
 * its forms (characterForms), and where that writing ends: the forms tried longest first, as the regex
 * secretPattern(value) would. A trie of the secrets' characters, walked over the forms found at each step.
 */
function secretMatcher(values: readonly string[]): (s: string, at: number) => { secret: number; end: number } | undefined {
  const root: TrieNode = { next: new Map(), best: Infinity };
  const chars = new Set<string>();
  values.forEach((v, k) => {
    let node = root;
    node.best = Math.min(node.best, k);
    for (const ch of v) {
      chars.add(ch);
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), best: k }));
      node = child;
      node.best = Math.min(node.best, k);
    }
    node.ends ??= k;
  });
  // Every form of every character, by its first code unit, longest first: what can be read at a position.
  const formsByStart = new Map<string, { form: string; ch: string }[]>();
  for (const ch of chars) {
    for (const form of characterForms(ch)) {
      const list = formsByStart.get(form[0]!) ?? [];
      list.push({ form, ch });
      formsByStart.set(form[0]!, list);
    }
  }
  for (const list of formsByStart.values()) list.sort((a, b) => b.form.length - a.form.length || (a.form < b.form ? -1 : 1));

  return (s, at) => {
    let found: { secret: number; end: number } | undefined;
    // Depth first in the order of the forms: the first walk to reach a secret's end is the regex's match of it.
    const walk = (node: TrieNode, pos: number): void => {
      if (node.ends !== undefined && (found === undefined || node.ends < found.secret)) found = { secret: node.ends, end: pos };
      for (const { form, ch } of formsByStart.get(s[pos] ?? '') ?? []) {
        const child = node.next.get(ch);
        if (child === undefined || (found !== undefined && child.best >= found.secret)) continue;
        if (s.startsWith(form, pos)) walk(child, pos + form.length);
      }
    };
    walk(root, at);
    return found;
  };
}

/** A regex source matching `value` with each character in any of the forms it can take in a report. */
export function secretPattern(value: string): string {
  let src = '';
  for (const ch of value) {
    const forms = [...characterForms(ch)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    src += forms.length === 1 ? escapeRegex(forms[0]!) : `(?:${forms.map(escapeRegex).join('|')})`;
  }
  return src;
}

/** The forms one character (code point) takes once or twice encoded by JSON, percent, HTML/XML or shell quoting. */
function characterForms(ch: string): Set<string> {
  const once = new Set<string>([ch, ...singleForms(ch)]);
  const all = new Set<string>(once);
  for (const f of once) {
    all.add(jsonEscape(f));
    all.add(htmlEscape(f));
    try {
      all.add(encodeURIComponent(f));
    } catch {
      // a lone surrogate has no percent form
    }
  }
  return all;
}

function singleForms(ch: string): string[] {
  const forms: string[] = [];
  const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i).toString(16).padStart(4, '0'));
  forms.push(units.map((u) => `\\u${u}`).join(''), units.map((u) => `\\u${u.toUpperCase()}`).join(''));
  const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  if (short[ch]) forms.push(short[ch]);
  const bytes = [...new TextEncoder().encode(ch)].map((b) => b.toString(16).padStart(2, '0'));
  forms.push(bytes.map((b) => `%${b.toUpperCase()}`).join(''), bytes.map((b) => `%${b}`).join(''));
  if (ch === ' ') forms.push('+');
  const cp = ch.codePointAt(0)!;
  forms.push(`&#${cp};`, `&#x${cp.toString(16)};`, `&#x${cp.toString(16).toUpperCase()};`);
  const named: Record<string, string[]> = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;'], "'": ['&apos;'] };
  forms.push(...(named[ch] ?? []));
  if (ch === "'") forms.push(`'\\''`, `'"'"'`);
  if ('$`"\\!'.includes(ch)) forms.push(`\\${ch}`);
  return forms;
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
