// summary.md: the GitHub job summary ($GITHUB_STEP_SUMMARY). Short: the verdict, what was certified, the counts,
// the failed rules with their first failure, and what was not assessed and why. Text from the run is escaped so it
// can neither break a table nor be read as Markdown or HTML.
import type { Certificate, RuleResult, RuleStatus } from '../results/model';
import { oneLine, visibleControls } from './format';
import { coverageSections, listCounts } from './coverage-view';
import { qualificationSections, tlsLine } from './qualification';
import { comparisonLine, divergenceRows } from './comparison-view';

const MAX_RULES_LISTED = 40;

export function renderSummaryMd(cert: Certificate): string {
  const ok = cert.verdict === 'conformant';
  const lines: string[] = [
    `## ${ok ? '✅ Conformant' : '❌ Non-conformant'}: Create One Stream Connection`,
    '',
    md(cert.verdictText ?? cert.verdict.toUpperCase()),
    '',
    `| | |`,
    `|---|---|`,
    `| Target | ${code(cert.target)} |`,
    ...(tlsLine(cert) ? [`| TLS | ${md(tlsLine(cert)!)} |`] : []),
    `| Seed | ${code(String(cert.seed))} |`,
    `| Suite version | ${code(cert.suiteVersion)} |`,
    `| Profile | ${code(cert.profile)} |`,
    `| Contract sha256 | ${code(cert.contractSha256)} |`,
    `| Run | ${md(cert.startedAt)} → ${md(cert.endedAt)}, ${cert.exchanges} exchanges, ${cert.runs} run${cert.runs === 1 ? '' : 's'} |`,
    '',
    '| level | passed | failed | not assessed |',
    '|---|---:|---:|---:|',
    ...(['must', 'should'] as const).map((l) => {
      const s = cert.summary?.[l] ?? ({} as Record<RuleStatus, number>);
      return `| ${l.toUpperCase()} | ${s.passed ?? 0} | ${s.failed ?? 0} | ${s['not-assessed'] ?? 0} |`;
    }),
    '',
  ];
  lines.push(...comparisonMd(cert));
  for (const level of ['MUST', 'SHOULD'] as const) {
    const failed = cert.rules.filter((r) => r.status === 'failed' && r.level === level);
    if (failed.length === 0) continue;
    lines.push(`### Failed ${level} rules (${failed.length})`, '', '| rule | failures | types | first failure |', '|---|---:|---|---|');
    lines.push(...failed.slice(0, MAX_RULES_LISTED).map(failedRow));
    if (failed.length > MAX_RULES_LISTED) lines.push(`| … | | | ${failed.length - MAX_RULES_LISTED} more in certificate.json |`);
    lines.push('');
  }
  const notAssessed = cert.rules.filter((r) => r.status === 'not-assessed');
  if (notAssessed.length > 0) {
    lines.push(`### Not assessed (${notAssessed.length})`, '', '| rule | level | reason |', '|---|---|---|');
    lines.push(...notAssessed.map((r) => `| ${code(r.id)} | ${r.level} | ${md(oneLine(r.note ?? 'no reason given'))} |`));
    lines.push('');
  }
  lines.push(...coverageMd(cert));
  for (const sec of qualificationSections(cert)) lines.push(`### ${md(sec.title)}`, '', ...sec.lines.map((l) => `- ${md(oneLine(l, 2000))}`), '');
  if (cert.incidents?.length) {
    lines.push('### Incidents', '', ...cert.incidents.map((i) => `- ${md(oneLine(i))}`), '');
  }
  lines.push(`Details: \`report.html\`, \`certificate.json\`, \`junit.xml\`. Re-run with seed ${code(String(cert.seed))} to reproduce.`, '');
  return lines.join('\n');
}

const MAX_DIVERGENCES_LISTED = 200;

/** compare: the divergence table, failures first, then what was not replayed or lost. */
function comparisonMd(cert: Certificate): string[] {
  const c = cert.comparison;
  if (!c) return [];
  const out = ['### Divergences from the recording', '', md(comparisonLine(c)), ''];
  const rows = divergenceRows(c).sort((a, b) => (a.class === b.class ? a.index - b.index : a.class === 'failure' ? -1 : 1));
  if (rows.length > 0) {
    out.push('| # | request | status | what | recorded | replayed | class | why |', '|---:|---|---|---|---|---|---|---|');
    for (const r of rows.slice(0, MAX_DIVERGENCES_LISTED)) {
      out.push(`| ${r.index} | ${code(oneLine(r.request, 200))} | ${md(r.statuses)} | ${code(r.what)} | ${code(oneLine(r.recorded, 200))} | ${code(oneLine(r.replayed, 200))} | ${r.class === 'failure' ? '❌ failure' : 'allowed'} | ${md(oneLine(r.why, 300))} |`);
    }
    if (rows.length > MAX_DIVERGENCES_LISTED) out.push(`| … | | | | | | | ${rows.length - MAX_DIVERGENCES_LISTED} more in certificate.json |`);
    out.push('');
  }
  if (c.notReplayed.length > 0) out.push(`Not replayed: ${c.notReplayed.length}`, '', ...c.notReplayed.slice(0, 50).map((n) => `- #${n.index} ${code(oneLine(n.request, 200))}: ${md(oneLine(n.reason))}`), '');
  if (c.lost.length > 0) out.push(`Lost in transport (not compared): ${c.lost.length}`, '', ...c.lost.slice(0, 50).map((l) => `- #${l.index} ${code(oneLine(l.request, 200))}: the ${l.side} answer (${md(oneLine(l.error))})`), '');
  out.push(`Left aside: ${md(c.ignored.join('; '))}.`, '');
  return out;
}

/** The coverage map, short: per dimension the types and classes sent, the answers, and every gap. */
function coverageMd(cert: Certificate): string[] {
  const sections = coverageSections(cert);
  if (sections.length === 0) return [];
  const out = ['### Coverage map', '', '| dimension | types | classes sent | answers | gaps |', '|---|---:|---:|---|---|'];
  for (const s of sections) {
    const classes = new Set(s.rows.flatMap((r) => r.sent.map(([k]) => k)));
    const answers: Record<string, number> = {};
    for (const r of s.rows) for (const [k, n] of r.answers) answers[k] = (answers[k] ?? 0) + n;
    const gaps = s.gaps.length === 0 ? 'none' : md(oneLine(s.gaps.join('; '), 400));
    out.push(`| ${code(s.id)} | ${s.rows.filter((r) => r.type !== 'none').length || (s.rows.length > 0 ? 'any' : 0)} | ${classes.size} | ${md(listCounts(Object.entries(answers).sort(), 12))} | ${gaps} |`);
  }
  out.push('');
  return out;
}

function failedRow(r: RuleResult): string {
  const types = [...new Set(r.failures.map((f) => f.type).filter((t) => t !== undefined))];
  const first = r.failures[0];
  const flaky = r.failures.some((f) => f.classification) ? classificationNote(r) : '';
  return `| ${code(r.id)} | ${r.failures.length} | ${types.length ? md(types.join(', ')) : '—'} | ${first ? md(oneLine(first.message, 200)) : '—'}${flaky} |`;
}

function classificationNote(r: RuleResult): string {
  const c = { FIXED: 0, FLAKY: 0, FAILED: 0 };
  for (const f of r.failures) if (f.classification) c[f.classification]++;
  return ` (re-run: ${Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ')})`;
}

/** Text safe in a Markdown table cell: no HTML, no Markdown syntax, no line breaks, no cell separators. */
export function md(s: string): string {
  return visibleControls(String(s).replace(/[\r\n]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&');
}

/** Inline code that survives any content (backticks included) inside a table cell. */
export function code(s: string): string {
  const flat = visibleControls(String(s).replace(/[\r\n]+/g, ' ')).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${flat}${longest ? ' ' : ''}${fence}`;
}
