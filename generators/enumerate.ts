// The deterministic phase: whatever the seed, every (operator x target) of a type once, and valid bodies that
// show every enum value and every optional property present, absent and (if nullable) null.
import fc from 'fast-check';
import { type FieldSpec } from '../contracts/loader';
import { isPlainObject } from '../util/json';
import type { ConnectionOf, ConnectionType } from '../contracts/types';
import { type GenContext, withFreshName } from './context';
import { envOf } from './env';
import { type InvalidCase, matrixRows, rowCase } from './invalid';
import { getAt, writableFields } from './operators/paths';
import type { OperatorEnv } from './operators/types';
import { type Force, Plan } from './plan';
import { ALWAYS_SENT, validCore } from './valid';

/** A seed for the n-th draw of a phase: FNV-1a of the parts, so it is the same on every machine. */
export function seedFor(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export interface Requirement {
  path: string;
  force: Force;
}

export function requirementId(r: Requirement): string {
  return `${r.path}=${r.force.kind === 'value' ? JSON.stringify(r.force.value) : r.force.kind}`;
}

/** What the valid phase must show for a type: every enum value, every optional property in each state. */
export function validRequirements(type: ConnectionType, env: OperatorEnv): Requirement[] {
  const fields = writableFields(type, env).filter((f) => !f.path.includes('[]') && !f.path.includes('{}') && f.path !== 'name' && f.path !== 'type');
  const anchored = [...env.contract.essentialPaths(type), ...(ALWAYS_SENT[type] ?? [])];
  const isAnchored = (f: FieldSpec) => f.required || anchored.some((a) => a === f.path || a.startsWith(`${f.path}.`));
  const out: Requirement[] = [];
  for (const f of fields) {
    for (const value of f.enum ?? f.conformanceEnum ?? []) out.push({ path: f.path, force: { kind: 'value', value } });
    if (isAnchored(f)) continue;
    out.push({ path: f.path, force: { kind: 'present' } }, { path: f.path, force: { kind: 'absent' } });
    if (f.nullable) out.push({ path: f.path, force: { kind: 'null' } });
  }
  return out;
}

export function satisfies(body: unknown, r: Requirement): boolean {
  const segs = r.path.split('.');
  const v = getAt(body, segs);
  switch (r.force.kind) {
    case 'value':
      return v === r.force.value;
    case 'present':
      return v !== undefined && v !== null;
    case 'null':
      return v === null;
    case 'absent': {
      const parent = getAt(body, segs.slice(0, -1));
      return isPlainObject(parent) && !Object.hasOwn(parent, segs[segs.length - 1]!);
    }
  }
}

const WARM_UP = 3;

export function enumerateValid(type: ConnectionType, ctx: GenContext, seed: number): ConnectionOf<ConnectionType>[] {
  const env = envOf(ctx);
  const draw = (plan: Plan, n: number) =>
    withFreshName(fc.sample(validCore(type, ctx.fixtures, plan), { seed: seedFor(seed, type, 'valid', n), numRuns: 1 })[0]!, ctx);
  const bodies: ConnectionOf<ConnectionType>[] = [];
  for (let i = 0; i < WARM_UP; i++) bodies.push(draw(Plan.FREE, i));
  validRequirements(type, env).forEach((r, i) => {
    if (bodies.some((b) => satisfies(b, r))) return;
    const body = draw(Plan.of([[r.path, r.force]]), WARM_UP + i);
    if (!satisfies(body, r)) throw new Error(`valid ${type} generator cannot show ${requirementId(r)}`);
    bodies.push(body);
  });
  return bodies;
}

export interface MatrixCase {
  operator: string;
  target: string;
  site: string;
  case: InvalidCase;
}

const ATTEMPTS = 20;

/** The matrix with its row ids (for coverage reports and tests); enumerateInvalid is its cases. */
export function invalidMatrix(type: ConnectionType, ctx: GenContext, seed: number): MatrixCase[] {
  const env = envOf(ctx);
  const out: MatrixCase[] = [];
  for (const row of matrixRows(type, env)) {
    const arb = rowCase(type, row, env, ctx);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const c = fc.sample(arb, { seed: seedFor(seed, type, row.operator.name, row.target.id, attempt), numRuns: 1 })[0];
      if (c) {
        out.push({ operator: row.operator.name, target: row.target.id, site: row.target.site, case: c });
        break;
      }
    }
  }
  return out;
}

export function enumerateInvalid(type: ConnectionType, ctx: GenContext, seed: number): InvalidCase[] {
  return invalidMatrix(type, ctx, seed).map((m) => m.case);
}
