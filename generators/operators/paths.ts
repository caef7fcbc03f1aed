// Reading and writing bodies at contract sites (`networking.access.type`, `config.{}`, `schemaRegistryUrls.[]`).
import { type Contract, type FieldSpec, toJsonPath } from '../../contracts/loader';
import { isPlainObject } from '../../util/json';
import type { ConnectionType } from '../../contracts/types';
import type { OperatorEnv } from './types';

export type Segment = string | number;

/** How to pick concrete keys for `{}` and indexes for `[]` when a site is resolved in a body. */
export interface Pick {
  key: string;
  index: number;
}

/**
 * The concrete segments of a site in a body: `[]` becomes an index of the existing array (or 0), `{}` becomes
 * `pick.key`. Nothing is written.
 */
export function resolveSite(body: unknown, site: string, pick: Pick): Segment[] {
  const out: Segment[] = [];
  let cur: unknown = body;
  for (const part of site.split('.')) {
    let seg: Segment;
    if (part === '[]') seg = Array.isArray(cur) && cur.length > 0 ? pick.index % cur.length : 0;
    else if (part === '{}') seg = pick.key;
    else seg = part;
    out.push(seg);
    cur = isPlainObject(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

export function getAt(body: unknown, segs: readonly Segment[]): unknown {
  let cur: unknown = body;
  for (const s of segs) {
    if (!(isPlainObject(cur) || Array.isArray(cur))) return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** Sets a value in place, creating (or replacing non-container) parents as objects or arrays. */
export function setAt(body: Record<string, unknown>, segs: readonly Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = body;
  segs.forEach((s, i) => {
    if (i === segs.length - 1) {
      defineData(cur, s, value);
      return;
    }
    const next = segs[i + 1]!;
    const existing = cur[s];
    const ok = typeof next === 'number' ? Array.isArray(existing) : isPlainObject(existing);
    if (!ok) defineData(cur, s, typeof next === 'number' ? [] : {});
    cur = cur[s] as Record<string | number, unknown>;
  });
}

export function deleteAt(body: Record<string, unknown>, segs: readonly Segment[]): void {
  const parent = getAt(body, segs.slice(0, -1));
  const last = segs[segs.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isPlainObject(parent)) delete parent[last];
}

// A plain assignment of "__proto__" would set the prototype instead of a property.
function defineData(o: Record<string | number, unknown>, k: Segment, value: unknown): void {
  Object.defineProperty(o, k, { value, writable: true, enumerable: true, configurable: true });
}

export function jsonPath(segs: readonly Segment[]): string {
  return toJsonPath(segs);
}

/** The body as a fresh plain object (the base is never mutated). */
export function cloneBody(base: unknown): Record<string, unknown> {
  return structuredClone(base) as Record<string, unknown>;
}

/** Fields a client may send: not read-only and not under a read-only field (links and their items). */
export function writableFields(type: ConnectionType, env: OperatorEnv): FieldSpec[] {
  const all = env.contract.fields(type);
  const readOnly = all.filter((f) => f.readOnly).map((f) => f.path);
  return all.filter((f) => !readOnly.some((r) => f.path === r || f.path.startsWith(`${r}.`)));
}

/** The site (FieldSpec path) of concrete segments in a body of `type`: indexes become `[]`, map keys `{}`. */
export function siteOf(type: ConnectionType, segs: readonly Segment[], contract: Contract): string {
  const paths = new Set(contract.fields(type).map((f) => f.path));
  const out: string[] = [];
  for (const s of segs) {
    const mapSite = [...out, '{}'].join('.');
    if (typeof s === 'number') out.push('[]');
    else if (paths.has(mapSite)) out.push('{}');
    else out.push(s);
  }
  return out.join('.');
}

/**
 * Makes the branch of a nested discriminated union that a field belongs to the one in force, with the
 * branch's other required fields present (USER_INFO needs username and password), so a mutation of the field
 * is judged under that branch.
 */
export function enterBranch(body: Record<string, unknown>, field: FieldSpec, fields: readonly FieldSpec[], fill: (f: FieldSpec) => unknown): void {
  const b = field.branch;
  if (!b) return;
  const discSegs = b.discriminatorPath.split('.');
  if (getAt(body, discSegs) !== b.value) {
    setAt(body, discSegs.slice(0, -1), { [discSegs[discSegs.length - 1]!]: b.value });
  }
  for (const f of fields) {
    if (f.branch?.value !== b.value || f.branch.discriminatorPath !== b.discriminatorPath || !f.required) continue;
    const segs = f.path.split('.');
    if (getAt(body, segs) === undefined) setAt(body, segs, fill(f));
  }
}
