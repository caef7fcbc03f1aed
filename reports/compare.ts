// Night-over-night comparison of two certificates: which rules newly fail, newly pass, still fail, appeared or
// disappeared, and what else changed that makes the two runs less comparable (contract, suite, target).
import type { ConnectionType } from '../contracts/types';
import type { Certificate, RuleResult, RuleStatus } from '../results/model';
import { code, md } from './summary-md';
import { oneLine } from './format';

export interface RuleChange {
  id: string;
  level: RuleResult['level'];
  previous?: RuleStatus;
  current?: RuleStatus;
  /** Types with failures now (for failing rules). */
  failingTypes: ConnectionType[];
  /** For rules still failing: types failing now that did not fail before. */
  newlyFailingTypes: ConnectionType[];
  failures: number;
  firstMessage?: string;
}

export interface CertificateComparison {
  previous: RunFacts;
  current: RunFacts;
  verdictChanged: boolean;
  /** Failing now, passing or not assessed before. */
  newlyFailing: RuleChange[];
  /** Passing now, failing or not assessed before. */
  newlyPassing: RuleChange[];
  /** Failing before and now (with the types newly failing within the rule). */
  stillFailing: RuleChange[];
  /** Assessed before, not assessed now. */
  noLongerAssessed: RuleChange[];
  added: RuleChange[];
  removed: RuleChange[];
  /** Differences that make the runs less comparable: contract, suite version, profile, target. */
  caveats: string[];
}

interface RunFacts {
  verdict: Certificate['verdict'];
  seed: number;
  startedAt: string;
  suiteVersion: string;
  contractSha256: string;
  target: string;
}

export function compareCertificates(previous: Certificate, current: Certificate): CertificateComparison {
  const before = new Map(previous.rules.map((r) => [r.id as string, r]));
  const after = new Map(current.rules.map((r) => [r.id as string, r]));
  const out: CertificateComparison = {
    previous: facts(previous),
    current: facts(current),
    verdictChanged: previous.verdict !== current.verdict,
    newlyFailing: [],
    newlyPassing: [],
    stillFailing: [],
    noLongerAssessed: [],
    added: [],
    removed: [],
    caveats: [],
  };
  for (const [id, now] of after) {
    const then = before.get(id);
    const change = ruleChange(then, now);
    if (!then) out.added.push(change);
    else if (now.status === 'failed' && then.status !== 'failed') out.newlyFailing.push(change);
    else if (now.status === 'failed') out.stillFailing.push(change);
    else if (now.status === 'passed' && then.status !== 'passed') out.newlyPassing.push(change);
    else if (now.status === 'not-assessed' && then.status !== 'not-assessed') out.noLongerAssessed.push(change);
  }
  for (const [id, then] of before) if (!after.has(id)) out.removed.push(ruleChange(then, undefined));

  if (previous.contractSha256 !== current.contractSha256) out.caveats.push('the contract changed');
  if (previous.suiteVersion !== current.suiteVersion)
    out.caveats.push(`the suite version changed (${previous.suiteVersion} → ${current.suiteVersion})`);
  if (previous.profile !== current.profile) out.caveats.push(`the profile changed (${previous.profile} → ${current.profile})`);
  if (previous.target !== current.target) out.caveats.push(`the target changed (${previous.target} → ${current.target})`);
  return out;
}

function ruleChange(then: RuleResult | undefined, now: RuleResult | undefined): RuleChange {
  const rule = (now ?? then)!;
  const typesOf = (r: RuleResult | undefined) =>
    new Set(r?.status === 'failed' ? r.failures.flatMap((f) => (f.type ? [f.type] : [])) : []);
  const failing = typesOf(now);
  const failedBefore = typesOf(then);
  return {
    id: rule.id,
    level: rule.level,
    ...(then ? { previous: then.status } : {}),
    ...(now ? { current: now.status } : {}),
    failingTypes: [...failing].sort(),
    newlyFailingTypes: then?.status === 'failed' ? [...failing].filter((t) => !failedBefore.has(t)).sort() : [],
    failures: now?.failures.length ?? 0,
    ...(now?.failures[0] ? { firstMessage: now.failures[0].message } : {}),
  };
}

function facts(c: Certificate): RunFacts {
  return {
    verdict: c.verdict,
    seed: c.seed,
    startedAt: c.startedAt,
    suiteVersion: c.suiteVersion,
    contractSha256: c.contractSha256,
    target: c.target,
  };
}

export function renderComparisonMarkdown(c: CertificateComparison): string {
  const verdict = (v: Certificate['verdict']) => (v === 'conformant' ? '✅ conformant' : '❌ non-conformant');
  const lines = [
    '## Compared with the previous run',
    '',
    `Previous: ${verdict(c.previous.verdict)}, seed ${code(String(c.previous.seed))}, ${md(c.previous.startedAt)}  `,
    `Current: ${verdict(c.current.verdict)}, seed ${code(String(c.current.seed))}, ${md(c.current.startedAt)}`,
    '',
  ];
  if (c.caveats.length) lines.push(`> Note: ${c.caveats.map(md).join('; ')}.`, '');
  const section = (title: string, rows: RuleChange[], withMessage: boolean) => {
    if (rows.length === 0) return;
    lines.push(`### ${title} (${rows.length})`, '');
    for (const r of rows) {
      const types = r.newlyFailingTypes.length
        ? ` — newly failing for ${md(r.newlyFailingTypes.join(', '))}`
        : r.failingTypes.length
          ? ` — ${md(r.failingTypes.join(', '))}`
          : '';
      const status = r.previous && r.current ? ` (${r.previous} → ${r.current})` : r.current ? ` (${r.current})` : ` (was ${r.previous})`;
      const message = withMessage && r.firstMessage ? `: ${md(oneLine(r.firstMessage, 200))}` : '';
      lines.push(`- ${r.level} ${code(r.id)}${status}${types}${message}`);
    }
    lines.push('');
  };
  section('Newly failing', c.newlyFailing, true);
  section('Newly passing', c.newlyPassing, false);
  section('Still failing', c.stillFailing, true);
  section('No longer assessed', c.noLongerAssessed, false);
  section('Rules added', c.added, true);
  section('Rules removed', c.removed, false);
  if (
    !c.newlyFailing.length && !c.newlyPassing.length && !c.noLongerAssessed.length && !c.added.length && !c.removed.length
  ) {
    lines.push('No rule changed status.', '');
  }
  return lines.join('\n');
}
