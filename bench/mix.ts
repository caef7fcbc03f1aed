// The request mix of a certification run, reduced to a short repeating pattern for the load generator: valid creates
// (each followed by the delete of what it created) and invalid creates, in the proportion the run sent them.

/** Case labels that are not "an invalid body POSTed as a create" (probes of auth, path, media types and conflicts). */
const NOT_BODY_CASES = new Set(['valid', 'duplicate-name', 'concurrent-creates']);

/** The label of the invalid cases whose bodies exceed the size limit (about 1 MiB each: they weigh on any rate). */
export const LARGE_LABEL = 'payload-too-large';

export interface Mix {
  valid: number;
  invalid: number;
}

/** Valid and invalid body cases of a certificate's counts; the type-less probes ("none") are neither. */
export function mixFromCounts(counts: Record<string, Record<string, number>>): Mix {
  let valid = 0;
  let invalid = 0;
  for (const [type, byLabel] of Object.entries(counts)) {
    if (type === 'none') continue;
    for (const [label, n] of Object.entries(byLabel)) {
      if (label === 'valid') valid += n;
      else if (!NOT_BODY_CASES.has(label)) invalid += n;
    }
  }
  return { valid, invalid };
}

/** Share of the invalid body cases that are oversized bodies. */
export function largeShare(counts: Record<string, Record<string, number>>): number {
  const { invalid } = mixFromCounts(counts);
  let large = 0;
  for (const [type, byLabel] of Object.entries(counts)) if (type !== 'none') large += byLabel[LARGE_LABEL] ?? 0;
  return invalid > 0 ? large / invalid : 0;
}

/**
 * A pool of `size` invalid bodies in which oversized ones make up `share` (rounded, at least one when the share is
 * not zero and there is one), the others cycling through `small`.
 */
export function composeInvalidPool(small: readonly string[], large: readonly string[], share: number, size: number): string[] {
  if (small.length === 0 && large.length === 0) return [];
  let nLarge = large.length === 0 ? 0 : Math.round(share * size);
  if (share > 0 && large.length > 0) nLarge = Math.max(1, nLarge);
  if (small.length === 0) nLarge = size;
  const out: string[] = [];
  // Spread the large ones evenly so no stretch of the run is all 1 MiB bodies.
  let placed = 0;
  for (let k = 0; k < size; k++) {
    if (Math.floor(((k + 1) * nLarge) / size) > placed) out.push(large[placed++ % large.length]!);
    else out.push(small[(k - placed) % small.length]!);
  }
  return out;
}

/** The closest small ratio valid:invalid with at most `maxValid` valid cases in one repetition. */
export function smallRatio(mix: Mix, maxValid = 8): Mix {
  if (mix.valid <= 0) return { valid: 0, invalid: 1 };
  if (mix.invalid <= 0) return { valid: 1, invalid: 0 };
  const want = mix.invalid / mix.valid;
  let best: Mix = { valid: 1, invalid: Math.max(1, Math.round(want)) };
  let bestErr = Infinity;
  for (let v = 1; v <= maxValid; v++) {
    const i = Math.max(1, Math.round(v * want));
    const err = Math.abs(i / v - want) / want;
    if (err < bestErr - 1e-9) {
      best = { valid: v, invalid: i };
      bestErr = err;
    }
  }
  return best;
}

export type Step = 'create-valid' | 'delete' | 'create-invalid';

/** One repetition: valid creates (each with its delete right after) spread evenly among the invalid creates. */
export function mixPattern(ratio: Mix): Step[] {
  const out: Step[] = [];
  const total = ratio.valid + ratio.invalid;
  let placedValid = 0;
  for (let k = 0; k < total; k++) {
    // Place the j-th valid case where its share of the pattern falls (Bresenham-style spreading).
    const dueValid = Math.floor(((k + 1) * ratio.valid) / total);
    if (dueValid > placedValid) {
      out.push('create-valid', 'delete');
      placedValid++;
    } else out.push('create-invalid');
  }
  return out;
}
