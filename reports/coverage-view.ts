// The coverage map as every report shows it: per dimension, per type, the classes of values sent (with counts)
// and the classes of answer that came back; then the gaps, what a full run sends that this one did not. One view,
// rendered by the HTML, Markdown and JUnit reports alike.
import type { Certificate } from '../results/model';

export interface CoverageRow {
  type: string;
  sent: [string, number][];
  answers: [string, number][];
  combinations: number;
}

export interface CoverageSection {
  id: string;
  title: string;
  rows: CoverageRow[];
  /** One line per gap of this dimension: `Kafka: everything`, `none: tenant:trailing-dot`. */
  gaps: string[];
}

const byCount = (r: Record<string, number>): [string, number][] => Object.entries(r).sort((a, b) => a[0].localeCompare(b[0], 'en'));

export function coverageSections(cert: Certificate): CoverageSection[] {
  const map = cert.coverage;
  if (!map) return [];
  return map.dimensions.map((d) => ({
    id: d.id,
    title: d.title,
    rows: Object.entries(d.cells).map(([type, cell]) => ({
      type,
      sent: byCount(cell!.sent),
      answers: byCount(cell!.answers),
      combinations: Object.keys(cell!.combinations ?? {}).length,
    })),
    gaps: map.gaps.filter((g) => g.dimension === d.id).map((g) => `${g.type ?? 'any type'}: ${g.missing.join(', ')}`),
  }));
}

/** `a ×3, b ×1`, at most `max` entries (the rest counted). */
export function listCounts(entries: readonly [string, number][], max = 40): string {
  const shown = entries.slice(0, max).map(([k, n]) => `${k} ×${n}`);
  return entries.length > max ? `${shown.join(', ')}, … ${entries.length - max} more` : shown.join(', ');
}

/** Every gap in one line each, dimension first. */
export function gapLines(cert: Certificate): string[] {
  return (cert.coverage?.gaps ?? []).map((g) => `${g.dimension} — ${g.type ?? 'any type'}: ${g.missing.join(', ')}`);
}
