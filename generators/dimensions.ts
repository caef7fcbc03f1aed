// The request's dimensions beyond the body schema, each varied on purpose: how the path parameters are spelled,
// how the JSON text is built (depth, width, duplicate keys, escapes, numbers, invalid Unicode), which query flags
// ride along with which kind of answer, and how names are reused. Pure data and pure builders: the suite
// (suites/definitions/dimensions.ts) sends them and says which rule judges each; the coverage map
// (runner/coverage.ts) compares what a run sent with the classes listed here.
import type { FieldSpec } from '../contracts/loader';
import type { ConnectionType } from '../contracts/types';
import { isPlainObject } from '../util/json';

export type DimensionId = 'path' | 'json-structure' | 'query-flags' | 'state';

/** Which rule judges a case beyond the checks every answer gets (no 5xx, ApiError shape): `open` = none. */
export type Judgement = 'open' | 'group-id-format' | 'unknown-tenant' | 'reject-invalid';

// ------------------------------------------------------------------------------------------------ path

export interface PathSpelling {
  /** Sent class, e.g. `tenant:double-encoded`. */
  cls: string;
  /** The path under the API prefix, already percent-encoded: `/groups/G/streams/T/connections`. */
  path: string;
  judge: Judgement;
  /**
   * Where a connection created through this spelling lives, when it may be the real resource (the profile or
   * RFC 3986 leave that open): cleaned up there.
   */
  sameAs?: { groupId: string; tenant: string };
  /** Why the case is open or judged (shown in the counterexample). */
  why: string;
}

const enc = (s: string) => encodeURIComponent(s);
/** The first character percent-encoded (an unreserved character: the same resource per RFC 3986 section 6.2.2.2). */
const encodeFirst = (s: string) => `%${s.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${enc(s.slice(1))}`;
/** The first character percent-encoded twice: decoded once (as RFC 3986 says) it is another, unknown name. */
const doubleEncodeFirst = (s: string) => `%25${s.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}${enc(s.slice(1))}`;
function otherCase(s: string): string {
  const up = s.toUpperCase();
  return up !== s ? up : s.toLowerCase();
}

/**
 * Every spelling of the two path parameters a server could confuse with the real one. A groupId that does not
 * match ^[a-f0-9]{24}$ once decoded is judged by group-id-format (400 or 404, so a path no route matches passes);
 * a tenant spelling that is certainly another name by RFC 3986 (double encoding) by unknown-tenant; the rest is
 * open (the profile says nothing of tenant-name case, reserved or control characters, or empty segments).
 */
export function pathSpellings(groupId: string, tenant: string): PathSpelling[] {
  const at = (g: string, t: string, tail = '') => `/groups/${g}/streams/${t}/connections${tail}`;
  const G = enc(groupId);
  const T = enc(tenant);
  const real = { groupId, tenant };
  const malformed = 'does not match ^[a-f0-9]{24}$ once decoded: 400 or 404';
  const out: PathSpelling[] = [
    { cls: 'groupId:other-case', path: at(enc(otherCase(groupId)), T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:encoded-unreserved', path: at(encodeFirst(groupId), T), judge: 'open', sameAs: real, why: 'the same groupId per RFC 3986; the profile does not say a target must decode it' },
    { cls: 'groupId:double-encoded', path: at(doubleEncodeFirst(groupId), T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:encoded-reserved', path: at(`${G}%2F`, T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:trailing-dot', path: at(`${G}.`, T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:trailing-space', path: at(`${G}%20`, T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:trailing-nul', path: at(`${G}%00`, T), judge: 'group-id-format', why: malformed },
    { cls: 'groupId:empty-segment', path: at('', T), judge: 'group-id-format', why: 'an empty groupId does not match ^[a-f0-9]{24}$: 400 or 404' },
    { cls: 'tenant:other-case', path: at(G, enc(otherCase(tenant))), judge: 'open', sameAs: { groupId, tenant: otherCase(tenant) }, why: 'the profile does not say whether stream instance names are case-sensitive' },
    { cls: 'tenant:encoded-unreserved', path: at(G, encodeFirst(tenant)), judge: 'open', sameAs: real, why: 'the same name per RFC 3986; the profile does not say a target must decode it' },
    { cls: 'tenant:double-encoded', path: at(G, doubleEncodeFirst(tenant)), judge: 'unknown-tenant', why: 'decoded once, another name that no stream instance has: 404' },
    { cls: 'tenant:encoded-reserved', path: at(G, `${T}%2F`), judge: 'open', why: 'an encoded slash: servers and proxies refuse or route it differently; the profile is silent' },
    { cls: 'tenant:trailing-dot', path: at(G, `${T}.`), judge: 'open', why: 'some frameworks strip a trailing dot (suffix matching); the profile is silent' },
    { cls: 'tenant:trailing-space', path: at(G, `${T}%20`), judge: 'open', why: 'the profile is silent on blanks in stream instance names' },
    { cls: 'tenant:trailing-nul', path: at(G, `${T}%00`), judge: 'open', why: 'servers and proxies refuse NUL in a path 400; the profile is silent' },
    { cls: 'tenant:empty-segment', path: at(G, ''), judge: 'open', why: 'no stream instance segment: routed nowhere or refused, the profile is silent' },
    { cls: 'path:extra-empty-segment', path: `/groups/${G}//streams/${T}/connections`, judge: 'open', sameAs: real, why: 'servers may merge slashes; the profile is silent' },
    { cls: 'path:trailing-slash', path: at(G, T, '/'), judge: 'open', sameAs: real, why: 'the collection with a trailing slash: the profile is silent' },
  ];
  return out;
}

// ------------------------------------------------------------------------------------------------ query flags

/** The kinds of answer each query flag is crossed with (the request is built to get that answer). */
export const ANSWER_KINDS = ['success', 'invalid-body-400', 'unknown-tenant-404', 'duplicate-409', 'no-credentials-401'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export interface QueryFlag {
  cls: string;
  /** The raw query, percent-encoded, without `?` ('' for none). */
  query: string;
  /** The flag whose meaning the profile makes certain: judged by that rule (401 excepted, see the suite). */
  certain?: 'envelope' | 'pretty';
}

export const QUERY_FLAGS: readonly QueryFlag[] = [
  { cls: 'none', query: '' },
  { cls: 'envelope=true', query: 'envelope=true', certain: 'envelope' },
  { cls: 'pretty=true', query: 'pretty=true', certain: 'pretty' },
  { cls: 'envelope=true&pretty=true', query: 'envelope=true&pretty=true', certain: 'envelope' },
  { cls: 'envelope=false', query: 'envelope=false' },
  { cls: 'envelope=TRUE', query: 'envelope=TRUE' },
  { cls: 'envelope=1', query: 'envelope=1' },
  { cls: 'envelope=(empty)', query: 'envelope=' },
  { cls: 'pretty=1', query: 'pretty=1' },
  { cls: 'unknown-flag', query: 'sc-unknown-flag=true' },
  { cls: 'repeated-flag', query: 'envelope=true&envelope=true' },
  { cls: 'repeated-conflicting', query: 'pretty=true&pretty=false' },
];

// ------------------------------------------------------------------------------------------------ state

export const STATE_CLASSES = ['reuse-across-types', 'reuse-after-delete', 'other-case', 'concurrent-different-bodies'] as const;

// ------------------------------------------------------------------------------------------------ JSON structure

/** Ways of writing invalid Unicode into a string value. */
export const UNICODE_FORMS = ['lone-surrogate', 'surrogate-bytes', 'overlong-utf8', 'nul'] as const;
export type UnicodeForm = (typeof UNICODE_FORMS)[number];

const SHAPE_CLASSES = ['depth', 'width', 'large-array', 'duplicate-keys', 'escapes', 'number-limits', 'wrong-type-deep', 'number-for-string'] as const;
export const STRUCTURE_CLASSES: readonly string[] = [...SHAPE_CLASSES, ...UNICODE_FORMS.map((f) => `unicode:${f}`)];

export interface StructureCase {
  cls: string;
  /** The bytes sent (raw: duplicate keys, big numbers and invalid UTF-8 have no JS value). */
  raw: Buffer;
  judge: Judgement;
  /** The name the body carries, when it is a string (for cleanup of an accepted case). */
  name?: string;
  /** For escapes: the value the text stands for (its name and type are then judged on a 200). */
  same?: Record<string, unknown>;
  /** The string field (contract site) an invalid-Unicode case writes to. */
  site?: string;
}

export const DEEP = 1_000;
const WIDE = 5_000;
const LONG_ARRAY = 20_000;
/** Numbers at the limits of IEEE 754 doubles and beyond, written as JSON allows. */
const LIMIT_NUMBERS = '[9007199254740993,-9007199254740993,1.7976931348623157e308,1e400,5e-324,1e-400,-0,0.1e1,1E+2,123456789012345678901234567890,0.30000000000000004]';
const EXTRA = 'x-sc-extra';

function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

/** The body text with `extraText` (JSON text) added as the unknown property EXTRA, first, so the rest stays as sent. */
function withExtraText(body: Record<string, unknown>, extraText: string): string {
  const rest = JSON.stringify(body).slice(1);
  return `{"${EXTRA}":${extraText}${rest === '}' ? '' : ','}${rest}`;
}

/** JSON text of `v` with most characters of every string escaped (\u forms, surrogate pairs as two escapes, \/). */
export function escapedJson(v: unknown): string {
  const text = JSON.stringify(v);
  let out = '';
  let inString = false;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!inString) {
      out += c;
      if (c === '"') inString = true;
      continue;
    }
    if (c === '\\') {
      out += c + text[i + 1]!;
      i++;
      continue;
    }
    if (c === '"') {
      out += c;
      inString = false;
      continue;
    }
    const code = c.charCodeAt(0);
    if (c === '/') out += '\\/';
    else if (code > 0x7e || n++ % 2 === 0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** Every string leaf of a body with its concrete path (object keys and array indexes). */
export function stringLeaves(v: unknown, at: (string | number)[] = []): { segs: (string | number)[]; value: string }[] {
  if (typeof v === 'string') return [{ segs: at, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...at, i]));
  if (isPlainObject(v)) return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...at, k]));
  return [];
}

function setAt(body: unknown, segs: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body);
  let cur = copy as Record<string | number, unknown>;
  for (const s of segs.slice(0, -1)) cur = cur[s] as Record<string | number, unknown>;
  cur[segs[segs.length - 1]!] = value;
  return copy;
}

const MARK = '@@sc-invalid-unicode@@';
const FORM_BYTES: Record<Exclude<UnicodeForm, 'lone-surrogate' | 'nul'>, Buffer> = {
  // CESU-8 of U+D800: a surrogate code point written as UTF-8, which UTF-8 forbids.
  'surrogate-bytes': Buffer.from([0xed, 0xa0, 0x80]),
  // '/' in two bytes: an overlong form.
  'overlong-utf8': Buffer.from([0xc0, 0xaf]),
};

/** The body's bytes with `form` appended to the string at `segs`. */
export function withInvalidUnicode(body: unknown, segs: readonly (string | number)[], form: UnicodeForm): Buffer {
  const old = String(((segs.reduce<unknown>((c, s) => (c as Record<string | number, unknown>)[s], body)) as string) ?? '');
  if (form === 'nul') return Buffer.from(JSON.stringify(setAt(body, segs, `${old}\u0000`)), 'utf8');
  const text = JSON.stringify(setAt(body, segs, `${old}${MARK}`));
  const [before, after] = text.split(MARK) as [string, string];
  // A lone surrogate written as a JSON escape: valid JSON text, a string no Unicode encoding can hold.
  if (form === 'lone-surrogate') return Buffer.from(`${before}\\ud800${after}`, 'utf8');
  return Buffer.concat([Buffer.from(before, 'utf8'), FORM_BYTES[form], Buffer.from(after, 'utf8')]);
}

/**
 * Whether appending a character certainly breaks the field's schema (an enum or a pattern anchored at the end),
 * making the case a schema violation: reject-invalid applies. Otherwise the value is a free string, and whether a
 * target takes NUL or invalid Unicode in it the profile does not say.
 */
export function breaksSchema(spec: FieldSpec | undefined): boolean {
  return spec !== undefined && (spec.enum !== undefined || (spec.pattern !== undefined && spec.pattern.endsWith('$')));
}

/**
 * The structure cases of one valid body: extreme depth and width, a large array, duplicate keys, every escape
 * form, numbers at the limits, a wrong type deep in, a number for a string. Unknown properties are allowed by the
 * profile (open); a wrong type is a schema violation (reject-invalid). `rename` gives each case its own name (the
 * cases run side by side); without it they all keep the body's (a Sample's is its fixture).
 */
export function structureCases(base: Record<string, unknown> & { name: string; type: string }, otherType: string, rename: () => string = () => base.name): StructureCase[] {
  const make: Record<(typeof SHAPE_CLASSES)[number], (body: typeof base) => Omit<StructureCase, 'cls'>> = {
    depth: (body) => ({ raw: Buffer.from(withExtraText(body, JSON.stringify(nested(DEEP)))), judge: 'open', name: body.name }),
    width: (body) => ({ raw: Buffer.from(withExtraText(body, JSON.stringify(Object.fromEntries(Array.from({ length: WIDE }, (_, i) => [`k${i}`, i]))))), judge: 'open', name: body.name }),
    'large-array': (body) => ({ raw: Buffer.from(withExtraText(body, JSON.stringify(Array.from({ length: LONG_ARRAY }, (_, i) => i)))), judge: 'open', name: body.name }),
    // The same name twice, and the type twice with another type first: which one a parser keeps is open (RFC 8259
    // says names SHOULD be unique), but nothing may crash.
    'duplicate-keys': (body) => ({ raw: Buffer.from(`{"type":${JSON.stringify(otherType)},"name":${JSON.stringify(body.name)},${JSON.stringify(body).slice(1)}`), judge: 'open', name: body.name }),
    escapes: (body) => ({ raw: Buffer.from(escapedJson(body)), judge: 'open', name: body.name, same: body }),
    'number-limits': (body) => ({ raw: Buffer.from(withExtraText(body, LIMIT_NUMBERS)), judge: 'open', name: body.name }),
    'wrong-type-deep': (body) => {
      const deepest = deepestStringLeaf(body);
      return { raw: Buffer.from(JSON.stringify(setAt(body, deepest, nested(64)))), judge: 'reject-invalid', ...(deepest[0] === 'name' ? {} : { name: body.name }) };
    },
    // The name as a number past 2^53 (and no other name): a schema violation whatever the parser makes of it.
    'number-for-string': (body) => ({ raw: Buffer.from(`{"name":9007199254740993,${JSON.stringify(withoutName(body)).slice(1)}`), judge: 'reject-invalid' }),
  };
  return Object.entries(make).map(([cls, build]) => ({ cls, ...build({ ...base, name: rename() }) }));
}

function withoutName(body: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, ...rest } = body;
  return rest;
}

/** The path of the string leaf with most segments (a wrong type there is a violation deep in the body). */
export function deepestStringLeaf(body: unknown): (string | number)[] {
  const leaves = stringLeaves(body).filter((l) => l.segs[0] !== 'type');
  leaves.sort((a, b) => b.segs.length - a.segs.length);
  return leaves[0]?.segs ?? ['name'];
}

// ------------------------------------------------------------------------------------------------ catalogue

export interface DimensionSpec {
  id: DimensionId | string;
  title: string;
  /** Whether the dimension is sent per connection type (else once, under `none`). */
  perType: boolean;
  /** Classes a full run sends, per type (or under `none`). */
  classes: readonly string[];
  /** Combinations a full run sends (`sent × against`), e.g. each flag with each kind of answer. */
  combinations?: readonly string[];
}

export const combo = (sent: string, against: string): string => `${sent} × ${against}`;

/**
 * The dimensions this issue varies on purpose, with what a full run sends of each. String fields are added per
 * type by the coverage map from the contract (every string field of the type gets invalid Unicode).
 */
export function dimensionCatalogue(groupId = '000000000000000000000000', tenant = 'tenant'): DimensionSpec[] {
  return [
    { id: 'path', title: 'path parameters: spellings a server could confuse with the real ones', perType: false, classes: pathSpellings(groupId, tenant).map((p) => p.cls) },
    { id: 'json-structure', title: 'JSON text: depth, width, duplicate keys, escapes, number limits, invalid Unicode in every string field', perType: true, classes: STRUCTURE_CLASSES },
    {
      id: 'query-flags',
      title: 'query flags crossed with every kind of answer',
      perType: false,
      classes: QUERY_FLAGS.map((f) => f.cls),
      combinations: QUERY_FLAGS.flatMap((f) => ANSWER_KINDS.map((k) => combo(f.cls, k))),
    },
    { id: 'state', title: 'names reused: across types, after a delete, in another case, concurrently with different bodies', perType: true, classes: STATE_CLASSES },
  ];
}

/** Contract sites of string fields (writable) of a type: each gets invalid Unicode in the json-structure dimension. */
export function stringSites(fields: readonly FieldSpec[]): string[] {
  const readOnly = fields.filter((f) => f.readOnly).map((f) => f.path);
  const writable = (f: FieldSpec) => !readOnly.some((r) => f.path === r || f.path.startsWith(`${r}.`));
  return fields.filter((f) => f.jsonType === 'string' && writable(f)).map((f) => f.path);
}

export type { ConnectionType };
