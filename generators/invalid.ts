// Invalid cases: an operator applied to a valid body, labelled {type, operator, rule, level, path}. The operator
// and target are drawn without shrinking (a shrunk case keeps its label); the base body and the operator's
// parameters shrink, and the map that applies the operator gives every case, shrunk ones included, a fresh name.
import fc from 'fast-check';
import type { Level, RuleId } from '../contracts/rules';
import type { ConnectionType } from '../contracts/types';
import { type GenContext, withFreshName } from './context';
import { envOf } from './env';
import { OPERATORS } from './operators';
import type { Mutation, Operator, OperatorEnv, Target } from './operators/types';
import { validCore } from './valid';

export type InvalidCase = {
  type: ConnectionType | 'none';
  operator: string;
  rule: RuleId;
  level: Level;
  path: string;
} & ({ body: unknown } | { raw: string });

/** One row of the deterministic matrix: an operator at one of its targets for a type. */
export interface MatrixRow {
  operator: Operator;
  target: Target;
}

export function matrixRows(type: ConnectionType, env: OperatorEnv): MatrixRow[] {
  return OPERATORS.flatMap((operator) => operator.targets(type, env).map((target) => ({ operator, target })));
}

function toCase(type: ConnectionType, op: Operator, m: Mutation): InvalidCase {
  const label = { type, operator: op.name, rule: m.rule ?? op.rule, level: m.level ?? op.level, path: m.path };
  return 'raw' in m ? { ...label, raw: m.raw } : { ...label, body: m.body };
}

/**
 * The cases of one row; undefined where a base cannot carry the mutation. The name is drawn in this map (the
 * outermost one of the case), before the mutation so truncated or re-encoded texts carry the real name, and
 * again after it for a placeholder the operator put in (a made-up sample source).
 */
export function rowCase(type: ConnectionType, row: MatrixRow, env: OperatorEnv, ctx: GenContext): fc.Arbitrary<InvalidCase | undefined> {
  const { operator: op, target } = row;
  return fc
    .tuple(validCore(type, env.fixtures), op.params(type, target, env) as fc.Arbitrary<unknown>)
    .map(([base, p]) => {
      const m = op.apply(withFreshName(base, ctx), type, target, p, env);
      return m && withFreshName(toCase(type, op, m), ctx);
    });
}

/** Random invalid cases of one type: an operator uniformly, then one of its targets uniformly. */
export function invalidCase(type: ConnectionType, ctx: GenContext): fc.Arbitrary<InvalidCase> {
  const env = envOf(ctx);
  const rows = matrixRows(type, env);
  const byOperator = new Map<string, MatrixRow[]>();
  for (const r of rows) byOperator.set(r.operator.name, [...(byOperator.get(r.operator.name) ?? []), r]);
  const arbs = new Map<MatrixRow, fc.Arbitrary<InvalidCase>>();
  const arbOf = (row: MatrixRow) => {
    let a = arbs.get(row);
    if (!a) {
      a = rowCase(type, row, env, ctx).filter((c): c is InvalidCase => c !== undefined);
      arbs.set(row, a);
    }
    return a;
  };
  return fc
    .noShrink(fc.constantFrom(...byOperator.keys()))
    .chain((name) => fc.noShrink(fc.constantFrom(...byOperator.get(name)!)))
    .chain(arbOf);
}
