// The night in Markdown (the CI job summary, night.md) and in a few plain lines (the terminal). Built from what the
// reports already hold: the merged summary.md (written, and redacted, by reports/), the flake classes and the
// comparison; only rule ids, failure ids, types and counts are added here, never a message or a request.
import type { FlakeClass } from '../results/model';
import type { Certificate } from '../results/model';
import { code, md } from '../reports/summary-md';
import type { CertificateComparison } from '../reports/compare';
import type { AttemptResult, FlakeReport } from './flakes';

const MAX_ROWS = 60;
const MARK: Record<AttemptResult, string> = { failed: '✗', passed: '✓', inconclusive: '?' };

export interface NightFacts {
  label: string;
  runDir: string;
  groups: { name: string; types: string[]; outcome: string }[];
  attempts: number;
  flakes?: FlakeReport;
}

export function tallyClasses(flakes: FlakeReport | undefined): Record<FlakeClass | 'unclassified', number> {
  const t = { FIXED: 0, FLAKY: 0, FAILED: 0, unclassified: 0 };
  for (const f of flakes?.failures ?? []) t[f.classification ?? 'unclassified']++;
  return t;
}

export function renderFlakesMarkdown(flakes: FlakeReport | undefined, attempts: number): string {
  const title = `## Re-runs of tonight's failures (${attempts} each)`;
  if (attempts === 0) return `${title}\n\nRe-runs were switched off (--attempts 0): failures are not classified.\n`;
  if (!flakes || flakes.failures.length === 0) return `${title}\n\nNothing failed: nothing to re-run.\n`;
  const t = tallyClasses(flakes);
  const lines = [
    title,
    '',
    `Types re-run: ${md(flakes.types.join(', '))}. FIXED: passed in every re-run; FLAKY: failed in some; FAILED: failed in every one.`,
    '',
    `**${t.FAILED} FAILED, ${t.FLAKY} FLAKY, ${t.FIXED} FIXED**${t.unclassified ? `, ${t.unclassified} not classified (no re-run could tell)` : ''}`,
    '',
    '| failure | type | operator | re-runs | class |',
    '|---|---|---|---|---|',
    ...flakes.failures.slice(0, MAX_ROWS).map((f) => `| ${code(f.id)} | ${f.type ? md(f.type) : '—'} | ${md(f.operator)} | ${f.results.map((r) => MARK[r]).join(' ')} | ${f.classification ?? 'not classified'} |`),
  ];
  if (flakes.failures.length > MAX_ROWS) lines.push(`| … | | | | ${flakes.failures.length - MAX_ROWS} more in flakes.json |`);
  lines.push('', `✗ failed again, ✓ passed, ? the re-run could not tell.`, '');
  return lines.join('\n');
}

export function renderNightMarkdown(facts: NightFacts, mergedSummaryMd: string, comparisonMd: string): string {
  const groups = facts.groups.map((g) => `${md(g.name)} (${md(g.types.join(', '))}): ${md(g.outcome)}`).join('; ');
  return [
    `# Nightly certification: ${md(facts.label)}`,
    '',
    `Run folder ${code(facts.runDir)}. Groups: ${groups}.`,
    '',
    mergedSummaryMd.trimEnd(),
    '',
    renderFlakesMarkdown(facts.flakes, facts.attempts).trimEnd(),
    '',
    comparisonMd.trimEnd(),
    '',
  ].join('\n');
}

/** A few lines for the terminal. */
export function renderNightText(cert: Certificate, flakes: FlakeReport | undefined, comparison: CertificateComparison | undefined, previousNote: string, attempts: number): string {
  const s = cert.summary;
  const lines = [
    `Night: ${cert.verdict.toUpperCase()} — MUST ${s.must.passed} passed, ${s.must.failed} failed, ${s.must['not-assessed']} not assessed; SHOULD ${s.should.passed} passed, ${s.should.failed} failed, ${s.should['not-assessed']} not assessed; types ${cert.types.join(', ')}; seed ${cert.seed}.`,
  ];
  for (const r of cert.rules.filter((x) => x.status === 'failed')) {
    const c = { FIXED: 0, FLAKY: 0, FAILED: 0 };
    for (const f of r.failures) if (f.classification) c[f.classification]++;
    const classes = Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`  failed ${r.level.padEnd(6)} ${r.id} (${r.failures.length} failure${r.failures.length === 1 ? '' : 's'}${classes ? `; re-runs: ${classes}` : ''})`);
  }
  if (attempts > 0 && flakes && flakes.failures.length > 0) {
    const t = tallyClasses(flakes);
    lines.push(`Re-runs (${attempts} each, types ${flakes.types.join(', ')}): ${t.FAILED} FAILED, ${t.FLAKY} FLAKY, ${t.FIXED} FIXED${t.unclassified ? `, ${t.unclassified} not classified` : ''}.`);
  }
  if (comparison) {
    const ids = (rows: { id: string }[]) => (rows.length ? ` (${rows.map((r) => r.id).join(', ')})` : '');
    lines.push(`Compared with the previous night: ${comparison.newlyFailing.length} newly failing${ids(comparison.newlyFailing)}, ${comparison.newlyPassing.length} newly passing${ids(comparison.newlyPassing)}, ${comparison.stillFailing.length} still failing.`);
  } else lines.push(previousNote);
  return lines.join('\n');
}
