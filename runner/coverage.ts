// The coverage map: for each dimension of the request and each connection type, what a run sent (classes of
// values) and which classes of answer came back, and the gaps: classes and combinations a full run sends that
// this one did not (narrowed --types, --runs 0, a suite left out, a spent budget, a smaller profile). What a full
// run sends comes from the generators' catalogue and the contract, never from this run.
import type { Contract } from '../contracts/loader';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { dimensionCatalogue, type DimensionSpec, stringSites } from '../generators/dimensions';
import { type CoverageCell, type CoverageData, mergeCoverage, type TypeKey } from '../engine/recorder';
import type { CoverageDimension, CoverageGap, CoverageMap } from '../results/model';

export type { CoverageDimension, CoverageGap, CoverageMap };

/** Suites whose cases are per type: each type gets some (any class) in a full run. */
const PER_TYPE_SUITES: Record<string, string> = {
  positive: 'valid bodies of every type (every enum value, every optional property present, absent, null)',
  negative: 'the deterministic matrix of invalid bodies (every operator x field)',
  conflict: 'duplicate names and concurrent creates',
  random: 'random valid and invalid bodies (--runs per type)',
};

const STRING_FIELD = 'field:';

export function buildCoverage(results: readonly { coverage?: CoverageData }[], contract: Contract): CoverageMap {
  const data: CoverageData = {};
  for (const r of results) mergeCoverage(data, r.coverage ?? {});
  const catalogue = dimensionCatalogue();
  const known = new Set<string>([...catalogue.map((d) => d.id), ...Object.keys(PER_TYPE_SUITES)]);
  const dimensions: CoverageDimension[] = [
    ...catalogue.map((d) => ({ id: d.id, title: d.title, perType: d.perType, cells: data[d.id] ?? {} })),
    ...Object.entries(PER_TYPE_SUITES).map(([id, title]) => ({ id, title, perType: true, cells: data[id] ?? {} })),
    // Whatever else was sent (other suites' probes), shown as sent, with no expectation.
    ...Object.keys(data)
      .filter((id) => !known.has(id))
      .sort()
      .map((id) => ({ id, title: `${id} suite probes`, perType: false, cells: data[id]! })),
  ];
  const gaps: CoverageGap[] = [];
  for (const d of catalogue) gaps.push(...catalogueGaps(d, data[d.id] ?? {}, contract));
  for (const id of Object.keys(PER_TYPE_SUITES)) {
    for (const type of CONNECTION_TYPES) {
      if (!hasSent(data[id]?.[type])) gaps.push({ dimension: id, type, missing: ['everything'] });
    }
  }
  return { dimensions, gaps };
}

function hasSent(cell: CoverageCell | undefined): boolean {
  return cell !== undefined && Object.values(cell.sent).some((n) => n > 0);
}

function catalogueGaps(d: DimensionSpec, cells: Partial<Record<TypeKey, CoverageCell>>, contract: Contract): CoverageGap[] {
  const out: CoverageGap[] = [];
  const check = (type: TypeKey, expected: readonly string[], combos: readonly string[]) => {
    const cell = cells[type];
    if (!hasSent(cell)) {
      out.push({ dimension: d.id, ...(type !== 'none' ? { type } : {}), missing: ['everything'] });
      return;
    }
    const missing = [...expected.filter((c) => !cell!.sent[c]), ...combos.filter((c) => !cell!.combinations?.[c])];
    if (missing.length > 0) out.push({ dimension: d.id, ...(type !== 'none' ? { type } : {}), missing });
  };
  if (!d.perType) {
    check('none', d.classes, d.combinations ?? []);
    return out;
  }
  for (const type of CONNECTION_TYPES) {
    const fields = d.id === 'json-structure' ? stringSites(contract.fields(type)).map((s) => `${STRING_FIELD}${s}`) : [];
    check(type, [...d.classes, ...fields], d.combinations ?? []);
  }
  return out;
}
