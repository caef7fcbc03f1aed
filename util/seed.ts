// Seeds derived from a run's seed and the names of what draws with it (suite, type, operator, n-th draw), so each
// draws different but reproducible cases. FNV-1a of the parts joined by NUL: the same on every machine.

export function seedFor(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
