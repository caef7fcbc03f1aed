// How the night's certification is split by connection type: the local pipeline certifies one group after another,
// the CI workflow runs one matrix job per group. Groups are contiguous slices of the catalogue order, sized within
// one of each other, so the same N always gives the same groups (the nightly.yml matrix lists GROUPS_OF_THREE).
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';

export function splitTypes(types: readonly ConnectionType[], groups: number): ConnectionType[][] {
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`groups must be a whole number of at least 1, got ${groups}`);
  const n = Math.min(groups, types.length);
  const out: ConnectionType[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    // The first (length % n) groups take one type more.
    const size = Math.floor(types.length / n) + (i < types.length % n ? 1 : 0);
    out.push(types.slice(start, start + size));
    start += size;
  }
  return out;
}

/** The split the nightly workflow's matrix uses (asserted by test/nightly/workflows.test.ts). */
export const CI_GROUPS = splitTypes(CONNECTION_TYPES, 3);
