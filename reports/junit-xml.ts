// junit.xml: a testsuite per rule, a testcase per rule and connection type (one per rule for rules that do not
// depend on the type). A failed rule's cases carry <failure> with the messages, counterexamples and curl lines;
// a not-assessed rule's carry <skipped> with the reason. SHOULD failures are failures too (type="SHOULD"): the rule
// did fail; CI gates on the MUST verdict through the certificate or the exit code.
import type { Certificate, Failure, RuleResult } from '../results/model';
import { ruleCells, type Cell } from './matrix';
import { prettyJson, truncate } from './format';
import { coverageSections, gapLines, listCounts } from './coverage-view';
import { qualificationSections } from './qualification';

const MAX_FAILURES_PER_CASE = 20;

export function renderJunitXml(cert: Certificate): string {
  const suites = cert.rules.map((rule) => renderSuite(rule, cert));
  const cases = cert.rules.flatMap((r) => ruleCells(r));
  const totals = {
    tests: cases.length,
    failures: cases.filter((c) => c.status === 'failed').length,
    skipped: cases.filter((c) => c.status === 'not-assessed').length,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`stream-conformance ${cert.verdict}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="${seconds(cert.startedAt, cert.endedAt)}" timestamp="${attr(cert.startedAt)}">`,
    renderRunSuite(cert),
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** The run's own facts (verdict, signature, waivers, budget...) as properties of an empty testsuite. */
function renderRunSuite(cert: Certificate): string {
  const props: [string, string][] = [
    ['verdict', cert.verdictText ?? cert.verdict],
    ...qualificationSections(cert).flatMap((sec) => sec.lines.map((l, i): [string, string] => [`${sec.title} ${i + 1}`, l])),
    // The coverage map: what was sent per dimension and type, and what a full run sends that this one did not.
    ...coverageSections(cert).flatMap((sec) => sec.rows.map((r): [string, string] => [`coverage ${sec.id} ${r.type}`, `sent: ${listCounts(r.sent, 20)}; answers: ${listCounts(r.answers)}`])),
    ...gapLines(cert).map((g, i): [string, string] => [`coverage gap ${i + 1}`, g]),
  ];
  return [
    `  <testsuite name="stream-conformance run" tests="0" failures="0" errors="0" skipped="0" timestamp="${attr(cert.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    '  </testsuite>',
  ].join('\n');
}

function renderSuite(rule: RuleResult, cert: Certificate): string {
  const cells = ruleCells(rule);
  const failures = cells.filter((c) => c.status === 'failed').length;
  const skipped = cells.filter((c) => c.status === 'not-assessed').length;
  const props = [
    ['level', rule.level],
    ['status', rule.status],
    ['statement', rule.statement],
    ['checks', String(rule.cases)],
    ...(rule.note ? [['note', rule.note]] : []),
    ['seed', String(cert.seed)],
    ['target', cert.target],
  ];
  return [
    `  <testsuite name="${attr(`${rule.level} ${rule.id}`)}" tests="${cells.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${attr(cert.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}"/>`),
    '    </properties>',
    ...cells.map((c) => renderCase(rule, c)),
    '  </testsuite>',
  ].join('\n');
}

function renderCase(rule: RuleResult, cell: Cell): string {
  const name = cell.type ? `${rule.id} [${cell.type}]` : rule.types.length > 0 ? `${rule.id} [any type]` : rule.id;
  const open = `    <testcase classname="${attr(`stream-conformance.${rule.level}.${rule.id}`)}" name="${attr(name)}">`;
  switch (cell.status) {
    case 'passed':
    case 'not-checked':
      return `${open}</testcase>`;
    case 'not-assessed':
      return `${open}\n      <skipped message="${attr(rule.note ?? 'not assessed')}"/>\n    </testcase>`;
    case 'waived':
      return `${open}\n      <skipped message="${attr(`waived: ${cell.failures.map((f) => f.waived).filter(Boolean).join('; ')}`)}"/>\n    </testcase>`;
    case 'failed': {
      const fs = cell.failures;
      const message = fs.length > 1 ? `${fs[0]!.message} (and ${fs.length - 1} more)` : (fs[0]?.message ?? 'failed');
      const shown = fs.slice(0, MAX_FAILURES_PER_CASE).map(failureText);
      if (fs.length > MAX_FAILURES_PER_CASE) shown.push(`... ${fs.length - MAX_FAILURES_PER_CASE} more failures in certificate.json`);
      return `${open}\n      <failure message="${attr(message)}" type="${rule.level}">${text(shown.join('\n\n'))}</failure>\n    </testcase>`;
    }
  }
}

function failureText(f: Failure): string {
  return [
    `[${f.id}] ${f.message}`,
    `operator: ${f.operator}${f.type ? `, type: ${f.type}` : ''}${f.classification ? `, re-run: ${f.classification}` : ''}`,
    ...('counterexample' in f && f.counterexample !== undefined ? [`counterexample:\n${truncate(prettyJson(f.counterexample), 8192)}`] : []),
    ...(f.curl ? [`reproduce:\n${f.curl}`] : []),
  ].join('\n');
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF), shown as \uXXXX. */
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlLegal(s: string): string {
  return s.replace(ILLEGAL_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element text. `>` is escaped too so `]]>` can never appear. */
export function text(s: string): string {
  return xmlLegal(s).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Attribute value (double-quoted); whitespace other than space kept as character references. */
export function attr(s: string): string {
  return text(s).replace(/["\t\n\r]/g, (c) => ({ '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}
