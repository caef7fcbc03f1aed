import fc from 'fast-check';

/** JSON values of each kind, finite numbers only (JSON.stringify turns NaN and Infinity into null). */
export const jsonOfKind = {
  string: () => fc.constantFrom('true', '42', 'null', '{}', 'x', ''),
  number: () => fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })).map((n) => (Object.is(n, -0) ? 0 : n)),
  boolean: () => fc.boolean(),
  object: () => fc.constantFrom<Record<string, unknown>>({}, { value: 'x' }, { nested: { a: 1 } }),
  array: () => fc.constantFrom<unknown[]>([], ['x'], [1, 2], [{}]),
  null: () => fc.constant(null),
} as const;

export type JsonKind = keyof typeof jsonOfKind;
export const JSON_KINDS = Object.keys(jsonOfKind) as JsonKind[];

/** The JSON kind of a value (integers are numbers). */
export function jsonKindOf(v: unknown): JsonKind | 'undefined' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  return 'undefined';
}
