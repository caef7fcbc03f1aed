// report.html: one self-contained page a person can read and sign off on. No scripts and no external assets (a
// Content-Security-Policy forbids both, in case anything from a target's answer ever slipped through escaping);
// failures fold open with <details>. Every piece of text from the run goes through `esc`.
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import type { Certificate, Failure, RuleResult, RuleStatus } from '../results/model';
import { exchangeTranscript, oneLine, prettyJson, truncate, visibleControls } from './format';
import { coverageSections, listCounts } from './coverage-view';
import { cellFor, type CellStatus } from './matrix';
import { qualificationSections, signatureLine, tlsLine } from './qualification';
import { comparisonLine, divergenceRows } from './comparison-view';

/** Failures shown in full per rule; the rest are counted (certificate.json has them all). */
const MAX_FAILURES_SHOWN = 50;

export function renderHtml(cert: Certificate): string {
  const failed = cert.rules.filter((r) => r.status === 'failed');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Conformance certificate: ${cert.verdict} — ${cert.target}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="banner ${cert.verdict}">
<h1>${cert.verdict === 'conformant' ? '&#10004; Conformant' : '&#10008; Non-conformant'}</h1>
<p>${esc(cert.verdictText ?? cert.verdict.toUpperCase())}</p>
<p>${esc(cert.target)} · Create One Stream Connection · profile ${esc(cert.profile)} · ${esc(signatureLine(cert))}</p>
</header>
<main>
${renderRunFacts(cert)}
${renderComparison(cert)}
${qualificationSections(cert).map((sec) => `<h2>${esc(sec.title)}</h2><ul>${sec.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`).join('\n')}
${renderCounts(cert)}
${renderIncidents(cert)}
${renderCoverage(cert)}
<h2 id="matrix">Rules by connection type</h2>
${renderMatrix(cert)}
<h2 id="rules">Rules</h2>
${renderRulesTable(cert)}
<h2 id="failures">Failures</h2>
${failed.length === 0 ? '<p>None.</p>' : failed.map(renderRuleFailures).join('\n')}
</main>
</body>
</html>
`;
}

const MAX_DIVERGENCES_SHOWN = 500;

/** compare: the divergence table (failures first), then what was not replayed or lost in transport. */
function renderComparison(cert: Certificate): string {
  const c = cert.comparison;
  if (!c) return '';
  const all = divergenceRows(c).sort((a, b) => (a.class === b.class ? a.index - b.index : a.class === 'failure' ? -1 : 1));
  const more = all.length > MAX_DIVERGENCES_SHOWN ? `<p>${all.length - MAX_DIVERGENCES_SHOWN} more divergences are listed in certificate.json.</p>` : '';
  const rows = all
    .slice(0, MAX_DIVERGENCES_SHOWN)
    .map((r) => `<tr class="${r.class === 'failure' ? 'failed' : 'passed'}"><td>${r.index}</td><td><code>${esc(r.request)}</code></td><td>${esc(r.statuses)}</td><td><code>${esc(r.what)}</code></td><td><code>${esc(r.recorded)}</code></td><td><code>${esc(r.replayed)}</code></td><td class="status">${r.class}</td><td>${esc(r.why)}</td></tr>`)
    .join('');
  const table = rows === '' ? '<p>No divergence.</p>' : `<div class="scroll"><table class="divergences"><tr><th>#</th><th>request</th><th>status</th><th>what</th><th>recorded</th><th>replayed</th><th>class</th><th>why</th></tr>${rows}</table></div>${more}`;
  const list = (title: string, items: string[]) => (items.length === 0 ? '' : `<h3>${esc(title)}</h3><ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`);
  return `<h2 id="divergences">Divergences from the recording</h2><p>${esc(comparisonLine(c))}</p>${table}
${list('Not replayed', c.notReplayed.map((n) => `#${n.index} ${n.request}: ${n.reason}`))}
${list('Lost in transport (not compared)', c.lost.map((l) => `#${l.index} ${l.request}: the ${l.side} answer (${l.error})`))}
${list('Left aside', c.ignored)}`;
}

function renderRunFacts(cert: Certificate): string {
  const rows: [string, string][] = [
    ['Target', cert.target],
    ...(tlsLine(cert) ? [['TLS', tlsLine(cert)!] as [string, string]] : []),
    ['Seed', String(cert.seed)],
    ['Runs', String(cert.runs)],
    ['Suite version', cert.suiteVersion],
    ['Profile', cert.profile],
    ['Contract sha256', cert.contractSha256],
    ['Started', cert.startedAt],
    ['Ended', cert.endedAt],
    ['Exchanges', String(cert.exchanges)],
  ];
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`).join('')}</table>`;
}

function renderCounts(cert: Certificate): string {
  const statuses: RuleStatus[] = ['passed', 'failed', 'not-assessed'];
  const summary = `<table class="counts"><tr><th></th>${statuses.map((s) => `<th>${s}</th>`).join('')}</tr>${(['must', 'should'] as const)
    .map(
      (l) =>
        `<tr><th>${l.toUpperCase()}</th>${statuses.map((s) => `<td class="${s}">${cert.summary?.[l]?.[s] ?? 0}</td>`).join('')}</tr>`,
    )
    .join('')}</table>`;
  const counts = cert.counts ?? {};
  const rows = Object.keys(counts).sort();
  const operators = [...new Set(rows.flatMap((t) => Object.keys(counts[t as ConnectionType] ?? {})))].sort();
  const perType =
    rows.length === 0
      ? ''
      : `<details><summary>Cases sent per type and operator</summary><div class="scroll"><table class="grid"><tr><th>type</th>${operators
          .map((o) => `<th>${esc(o)}</th>`)
          .join('')}</tr>${rows
          .map(
            (t) =>
              `<tr><th>${esc(t)}</th>${operators.map((o) => `<td>${counts[t as ConnectionType]?.[o] ?? ''}</td>`).join('')}</tr>`,
          )
          .join('')}</table></div></details>`;
  return `<h2>Summary</h2>${summary}${perType}`;
}

/** What was sent per dimension and type, what came back, and the gaps (what a full run sends that this did not). */
function renderCoverage(cert: Certificate): string {
  const sections = coverageSections(cert);
  if (sections.length === 0) return '';
  const gaps = sections.flatMap((s) => s.gaps.map((g) => `${s.id} — ${g}`));
  const gapList = gaps.length === 0 ? '<p>No gaps: every dimension and combination a full run sends was sent.</p>' : `<p>Never exercised in this run:</p><ul class="gaps">${gaps.map((g) => `<li>${esc(g)}</li>`).join('')}</ul>`;
  const body = sections
    .map(
      (s) =>
        `<details><summary><strong>${esc(s.id)}</strong>: ${esc(s.title)}${s.gaps.length > 0 ? ` — <span class="failed">${s.gaps.length} gap(s)</span>` : ''}</summary><div class="scroll"><table class="grid"><tr><th>type</th><th>sent</th><th>answers</th></tr>${s.rows
          .map((r) => `<tr><th>${esc(r.type)}</th><td>${esc(listCounts(r.sent))}${r.combinations > 0 ? ` (${r.combinations} combinations)` : ''}</td><td>${esc(listCounts(r.answers))}</td></tr>`)
          .join('')}</table></div></details>`,
    )
    .join('\n');
  return `<h2 id="coverage">Coverage map</h2>${gapList}${body}`;
}

function renderIncidents(cert: Certificate): string {
  if (!cert.incidents?.length) return '';
  return `<h2>Incidents</h2><ul class="incidents">${cert.incidents.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

const MARK: Record<CellStatus, string> = { passed: '&#10004;', failed: '&#10008;', waived: 'W', 'not-assessed': '?', 'not-checked': '' };

function renderMatrix(cert: Certificate): string {
  const types = orderedTypes(cert);
  const head = `<tr><th>rule</th><th>level</th>${types.map((t) => `<th class="type">${esc(t)}</th>`).join('')}<th class="type">any type</th></tr>`;
  const rows = cert.rules.map((rule) => {
    const cells = types.map((t) => matrixCell(rule, t));
    const independent = matrixCell(rule, undefined);
    return `<tr><th><a href="#rule-${anchor(rule.id)}">${esc(rule.id)}</a></th><td>${rule.level}</td>${cells.join('')}${independent}</tr>`;
  });
  return `<div class="scroll"><table class="matrix">${head}${rows.join('')}</table></div>
<p class="legend"><span class="cell passed">&#10004;</span> passed <span class="cell failed">&#10008;</span> failed <span class="cell not-assessed">?</span> not assessed <span class="cell not-checked"></span> not checked for this type</p>`;
}

function matrixCell(rule: RuleResult, type: ConnectionType | undefined): string {
  const cell = cellFor(rule, type);
  const title = `${rule.id} ${type ?? ''}: ${cell.status}${cell.failures.length ? ` (${cell.failures.length} failures)` : ''}`;
  const mark = cell.failures.length
    ? `<a href="#failure-${anchor(cell.failures[0]!.id)}">${MARK[cell.status]} ${cell.failures.length}</a>`
    : MARK[cell.status];
  return `<td class="cell ${cell.status}" title="${esc(title)}">${mark}</td>`;
}

function orderedTypes(cert: Certificate): ConnectionType[] {
  const used = new Set<string>([...(cert.types ?? []), ...cert.rules.flatMap((r) => r.types)]);
  const known = CONNECTION_TYPES.filter((t) => used.has(t));
  const other = [...used].filter((t) => !(CONNECTION_TYPES as readonly string[]).includes(t)).sort() as ConnectionType[];
  return [...known, ...other];
}

function renderRulesTable(cert: Certificate): string {
  const rows = cert.rules.map(
    (r) =>
      `<tr id="rule-${anchor(r.id)}" class="${r.status}"><td><code>${esc(r.id)}</code></td><td>${r.level}</td><td class="status">${esc(r.status)}</td><td>${r.cases}</td><td>${r.failures.length}</td><td>${esc(r.statement)}${r.note ? `<br><em>${esc(r.note)}</em>` : ''}</td></tr>`,
  );
  return `<table class="rules"><tr><th>rule</th><th>level</th><th>status</th><th>checks</th><th>failures</th><th>statement</th></tr>${rows.join('')}</table>`;
}

function renderRuleFailures(rule: RuleResult): string {
  const shown = rule.failures.slice(0, MAX_FAILURES_SHOWN).map(renderFailure);
  const more = rule.failures.length - shown.length;
  return `<section class="rule-failures"><h3>${esc(rule.level)} <code>${esc(rule.id)}</code>: ${rule.failures.length} failure${rule.failures.length === 1 ? '' : 's'}</h3>
<p>${esc(rule.statement)}</p>
${shown.join('\n')}${more > 0 ? `<p>${more} more failures are listed in certificate.json.</p>` : ''}</section>`;
}

function renderFailure(f: Failure): string {
  const facts = [
    f.type ? `type ${f.type}` : 'any type',
    `operator ${f.operator}`,
    ...(f.classification ? [`re-run: ${f.classification}`] : []),
  ].join(' · ');
  const exchange = f.exchange ? exchangeTranscript(f.exchange) : undefined;
  return `<details class="failure" id="failure-${anchor(f.id)}" open>
<summary><code>${esc(f.id)}</code> ${esc(oneLine(f.message, 200))}</summary>
<p class="facts">${esc(facts)}</p>
<p class="message">${esc(f.message)}</p>
<h4>Minimal counterexample</h4>
<pre>${esc(truncate(prettyJson(f.counterexample), 64 * 1024))}</pre>
${
  exchange
    ? `<h4>Exchange <code>${esc(f.exchange!.id)}</code></h4><div class="exchange"><pre class="request">${esc(exchange.request)}</pre><pre class="response">${esc(exchange.response)}</pre></div>`
    : ''
}
${f.curl ? `<h4>Reproduce</h4><pre class="curl">${esc(f.curl)}</pre>` : ''}
</details>`;
}

/** HTML-escapes text (element content and double- or single-quoted attributes). */
export function esc(s: string): string {
  return visibleControls(String(s)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A fragment id from arbitrary text: stable, one-to-one, and never needing escaping. */
function anchor(s: string): string {
  return String(s).replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
main{padding:0 24px 48px;max-width:1400px}
.banner{padding:16px 24px;color:#fff}.banner h1{margin:0 0 4px;font-size:26px}.banner p{margin:0;opacity:.9}
.banner.conformant{background:#1a7f37}.banner.non-conformant{background:#cf222e}
h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
table.facts th{background:#f3f3f3}table.counts td{text-align:right;min-width:5em}
.scroll{overflow-x:auto}
table.matrix th.type{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
td.cell{text-align:center;min-width:2.2em}
.cell.passed,td.passed{background:#dafbe1}.cell.failed,td.failed{background:#ffebe9;color:#a40e26;font-weight:600}
.cell.not-assessed,td.not-assessed{background:#fff8c5}.cell.waived,td.waived{background:#ddf4ff}.cell.not-checked{background:#f6f6f6}
.legend .cell{display:inline-block;width:1.6em;text-align:center;border:1px solid #ddd}
tr.failed td.status{color:#a40e26;font-weight:600}tr.passed td.status{color:#1a7f37}tr.not-assessed td.status{color:#9a6700}
details.failure{background:#fff;border:1px solid #ddd;border-left:4px solid #cf222e;margin:8px 0;padding:6px 12px}
details.failure summary{cursor:pointer;font-weight:600}
pre{background:#f6f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;max-height:32em}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:8px}
pre.curl{background:#1d1d1f;color:#f0f0f0}
`;
