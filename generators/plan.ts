// Presence combinators shared by the valid-body arbitraries. An optional property is absent in some cases and
// present in others (and null in others when nullable); a Plan can force one state per dotted path, which is how
// the deterministic phase (enumerate.ts) reaches every state of every property whatever the seed.
import fc from 'fast-check';

/** Marks a property to leave out of the object being built. */
export const ABSENT: unique symbol = Symbol('absent');
export type Absent = typeof ABSENT;

export type Force = { kind: 'present' } | { kind: 'absent' } | { kind: 'null' } | { kind: 'value'; value: unknown };

export class Plan {
  static readonly FREE = new Plan(new Map());
  constructor(private readonly forces: ReadonlyMap<string, Force>) {}

  static of(entries: Iterable<readonly [string, Force]>): Plan {
    return new Plan(new Map(entries));
  }

  /** The state forced at a path; a forced descendant forces its ancestors present. */
  at(path: string): Force | undefined {
    const own = this.forces.get(path);
    if (own) return own;
    const prefix = `${path}.`;
    for (const k of this.forces.keys()) if (k.startsWith(prefix)) return { kind: 'present' };
    return undefined;
  }

  /** The value forced at a path, if any. */
  value(path: string): { value: unknown } | undefined {
    const f = this.forces.get(path);
    return f?.kind === 'value' ? { value: f.value } : undefined;
  }

  isForced(path: string, kind: Force['kind']): boolean {
    return this.at(path)?.kind === kind;
  }
}

/** A property that is always there (an essential or required field); a forced value wins. */
export function always<T>(plan: Plan, path: string, arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const v = plan.value(path);
  return v ? fc.constant(v.value as T) : arb;
}

/** One value of an enumeration; a forced value wins. */
export function oneOfValues<T>(plan: Plan, path: string, values: readonly T[]): fc.Arbitrary<T> {
  return always(plan, path, fc.constantFrom(...values));
}

/**
 * A property present about half the time (shrinking towards absent); nullable ones are also null at times.
 * A forced state or value wins.
 */
export function optional<T>(plan: Plan, path: string, arb: fc.Arbitrary<T>): fc.Arbitrary<T | Absent>;
export function optional<T>(plan: Plan, path: string, arb: fc.Arbitrary<T>, opts: { nullable: true }): fc.Arbitrary<T | Absent | null>;
export function optional<T>(
  plan: Plan,
  path: string,
  arb: fc.Arbitrary<T>,
  opts: { nullable?: boolean } = {},
): fc.Arbitrary<T | Absent | null> {
  const f = plan.at(path);
  switch (f?.kind) {
    case 'present':
      return arb;
    case 'absent':
      return fc.constant(ABSENT);
    case 'null':
      if (!opts.nullable) throw new Error(`plan forces null at ${path}, which is not nullable`);
      return fc.constant(null);
    case 'value':
      return fc.constant(f.value as T);
    case undefined:
      return opts.nullable
        ? fc.oneof(
            { arbitrary: fc.constant(ABSENT), weight: 2 },
            { arbitrary: fc.constant(null), weight: 1 },
            { arbitrary: arb, weight: 3 },
          )
        : fc.option(arb, { nil: ABSENT, freq: 2 });
  }
}

type Built<M> = { [K in keyof M]?: M[K] extends fc.Arbitrary<infer V> ? Exclude<V, Absent> : never };

/** A plain object (Object prototype, keys in model order) of the model's values, ABSENT ones left out. */
export function objectOf<M extends Record<string, fc.Arbitrary<unknown>>>(model: M): fc.Arbitrary<Built<M>> {
  const keys = Object.keys(model);
  return fc.tuple(...keys.map((k) => model[k]!)).map((values) => {
    const out: Record<string, unknown> = {};
    values.forEach((v, i) => {
      if (v !== ABSENT) out[keys[i]!] = v;
    });
    return out as Built<M>;
  });
}
