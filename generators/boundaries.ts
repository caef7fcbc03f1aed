// Boundaries in valid bodies: names of the lengths and characters a target is most likely to mishandle (1, 64, 65,
// 255 and 1,000 characters; mixed case, leading and trailing spaces, an inner tab; NFC and NFD of one accented
// text, emoji, right-to-left text, zero-width characters), and long or Unicode values of the other free strings
// (header and config values, aws.testBucket, region, ...). The profile limits none of them, so a target may refuse
// them; what it accepts must come back exactly as sent. Each case is a valid body with one boundary at one site.
import fc from 'fast-check';
import type { FieldSpec } from '../contracts/loader';
import type { ConnectionOf, ConnectionType } from '../contracts/types';
import { type GenContext, withFreshName } from './context';
import { envOf } from './env';
import { seedFor } from './enumerate';
import { cloneBody, setAt, writableFields } from './operators/paths';
import type { OperatorEnv } from './operators/types';
import { Plan } from './plan';
import { validCore } from './valid';

export interface BoundaryCase {
  type: ConnectionType;
  /** `name`, or the contract site of another free string (`config.{}`, `aws.testBucket`, ...). */
  site: string;
  boundary: string;
  body: ConnectionOf<ConnectionType>;
}

const ACCENTED_NFC = 'Crème brûlée à São Paulo';
const ACCENTED_NFD = ACCENTED_NFC.normalize('NFD');

/** Free-text tails, each a boundary of its own. */
const TEXT: Record<string, string> = {
  nfc: ACCENTED_NFC,
  nfd: ACCENTED_NFD,
  emoji: '👩‍💻 🎉 🇯🇵',
  rtl: 'שלום مرحبا',
  'zero-width': 'zero\u200bwidth\u200c\u200djoin\u2060',
};

function padTo(head: string, length: number): string {
  if (head.length >= length) return head.slice(0, length);
  const filler = '-abcdefghijklmnopqrstuvwxyz0123456789';
  let out = head;
  while (out.length < length) out += filler.slice(0, length - out.length);
  return out;
}

/** A name boundary from the case's fresh name (so every case still has a name of its own). */
export const NAME_BOUNDARIES: Record<string, (fresh: string, ctx: GenContext) => string> = {
  'length-1': (_f, ctx) => ctx.nextShortName(),
  'length-64': (f) => padTo(f, 64),
  'length-65': (f) => padTo(f, 65),
  'length-255': (f) => padTo(f, 255),
  'length-1000': (f) => padTo(f, 1000),
  'mixed-case': (f) => `${f}-MiXeD-CaSe`,
  'leading-space': (f) => ` ${f}`,
  'trailing-space': (f) => `${f} `,
  'inner-tab': (f) => `${f}\tafter-tab`,
  ...Object.fromEntries(Object.entries(TEXT).map(([k, t]) => [k, (f: string) => `${f} ${t}`])),
};

/** A boundary value of another free string (these need not be unique). */
export const VALUE_BOUNDARIES: Record<string, string> = {
  'length-1000': padTo('sc-long-value', 1000),
  'spaces-and-tab': ' leading and\ttab and trailing ',
  ...TEXT,
};

/** Strings the contract and the profile leave free: no enum, pattern, format, fixture or secret, not read-only. */
export function freeStringSites(type: ConnectionType, env: OperatorEnv): string[] {
  const free = (f: FieldSpec) =>
    f.jsonType === 'string' && !f.enum && !f.pattern && !f.format && !f.conformanceEnum && !f.conformanceFormat && !f.fixture && !f.writeOnly && !f.branch;
  const sites = writableFields(type, env)
    .filter((f) => free(f) && f.path !== 'name' && !f.path.includes('[]'))
    .map((f) => f.path);
  // Maps first (header and config values), then the named ones: the deterministic matrix goes round them in order.
  return [...sites.filter((s) => s.endsWith('{}')), ...sites.filter((s) => !s.endsWith('{}'))];
}

/** The names a type's bodies may carry boundaries in: none for Sample (its name must be a known sample source). */
function nameBoundaries(type: ConnectionType): string[] {
  return type === 'Sample' ? [] : Object.keys(NAME_BOUNDARIES);
}

/** Plants the boundary in a body that already has its fresh name (a name boundary is made from it). */
function plant(base: ConnectionOf<ConnectionType>, site: string, boundary: string, ctx: GenContext): ConnectionOf<ConnectionType> {
  const body = cloneBody(base);
  if (site === 'name') body.name = NAME_BOUNDARIES[boundary]!(String(body.name), ctx);
  else setAt(body, site.split('.').map((s) => (s === '{}' ? 'sc.boundary' : s)), VALUE_BOUNDARIES[boundary]);
  return body as unknown as ConnectionOf<ConnectionType>;
}

/** One boundary at one site: the base body is drawn with the site's property present, then the boundary planted. */
function caseArb(type: ConnectionType, site: string, boundary: string, ctx: GenContext): fc.Arbitrary<BoundaryCase> {
  const parent = site.endsWith('.{}') ? site.slice(0, -3) : site;
  const plan = site === 'name' ? Plan.FREE : Plan.of([[parent, { kind: 'present' }]]);
  return validCore(type, ctx.fixtures, plan).map((base) => ({ type, site, boundary, body: plant(withFreshName(base, ctx), site, boundary, ctx) }));
}

function rows(type: ConnectionType, env: OperatorEnv): { site: string; boundary: string }[] {
  const out = nameBoundaries(type).map((boundary) => ({ site: 'name', boundary }));
  const sites = freeStringSites(type, env);
  if (sites.length > 0) Object.keys(VALUE_BOUNDARIES).forEach((boundary, i) => out.push({ site: sites[i % sites.length]!, boundary }));
  return out;
}

/** The deterministic matrix: every name boundary once per type, and every value boundary once, going round the sites. */
export function enumerateBoundaries(type: ConnectionType, ctx: GenContext, seed: number): BoundaryCase[] {
  return rows(type, envOf(ctx)).map((r, i) => fc.sample(caseArb(type, r.site, r.boundary, ctx), { seed: seedFor(seed, type, 'boundary', r.site, r.boundary, i), numRuns: 1 })[0]!);
}

/** Random boundary cases: any boundary at any site of the type. */
export function boundaryCase(type: ConnectionType, ctx: GenContext): fc.Arbitrary<BoundaryCase> {
  const env = envOf(ctx);
  const all = [
    ...nameBoundaries(type).map((boundary) => ({ site: 'name', boundary })),
    ...freeStringSites(type, env).flatMap((site) => Object.keys(VALUE_BOUNDARIES).map((boundary) => ({ site, boundary }))),
  ];
  return fc.noShrink(fc.constantFrom(...all)).chain((r) => caseArb(type, r.site, r.boundary, ctx));
}
