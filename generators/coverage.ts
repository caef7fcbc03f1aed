/** How many cases were generated per type and operator (valid bodies count under operator `valid`). */
export function coverageMatrix(cases: Iterable<{ type: string; operator: string }>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    const row = (out[c.type] ??= {});
    row[c.operator] = (row[c.operator] ?? 0) + 1;
  }
  return out;
}
