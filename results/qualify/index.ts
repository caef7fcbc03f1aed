// Qualifies an aggregated certificate: rule selection (--rules / --skip-rules), waivers, the budget's account,
// and the verdict re-derived from the rule results with all of these.
import { RULES, type RuleId } from '../../contracts/rules';
import type { Certificate, RuleResult, Waiver } from '../model';
import { applyWaivers } from './waivers';
import { deriveVerdict, tally } from './verdict';

export { deriveVerdict, tally } from './verdict';
export { applyWaivers, parseWaivers, readWaivers, WaiverFileError } from './waivers';

export interface Selection {
  /** Only these rules (undefined: all). */
  rules?: readonly RuleId[];
  skip?: readonly RuleId[];
}

export interface QualifyOptions {
  selection?: Selection;
  waivers?: readonly Waiver[];
  now?: Date;
}

/** The rules a selection leaves out, in catalogue order. */
export function skippedRules(selection: Selection | undefined): RuleId[] {
  if (!selection) return [];
  return RULES.map((r) => r.id).filter((id) => (selection.rules !== undefined && !selection.rules.includes(id)) || (selection.skip ?? []).includes(id));
}

export function qualify(cert: Certificate, opts: QualifyOptions): Certificate {
  const skipped = skippedRules(opts.selection);
  let rules: RuleResult[] = cert.rules.map((r) =>
    skipped.includes(r.id) ? { ...r, status: 'not-assessed', failures: [], cases: 0, note: 'skipped by the rule selection (--rules / --skip-rules)' } : r,
  );
  const waived = applyWaivers(rules, opts.waivers ?? [], opts.now ?? new Date());
  rules = waived.rules;
  const reasons: string[] = [];
  const skippedMust = skipped.filter((id) => RULES.find((r) => r.id === id)?.level === 'MUST');
  if (skippedMust.length > 0) reasons.push(`MUST rule${skippedMust.length === 1 ? '' : 's'} ${skippedMust.join(', ')} skipped`);
  // The results stand, but the certificate cannot vouch for whose they are.
  if (cert.tls?.verified === false) reasons.push(`the TLS certificate of ${cert.target} was not verified (--insecure): nothing shows the answers came from it`);
  const budget = cert.budget ? budgetAccount(cert, rules, skipped) : undefined;
  const notSent = (cert.transport?.cut ?? []).reduce((n, c) => n + c.count, 0);
  if (notSent > 0) reasons.push(`${notSent} case(s) and test(s) cut: not sent (breaker) or not answered past 429`);
  if (budget?.exhaustedBy) reasons.push(`the budget (${budget.exhaustedBy}) cut ${budget.cut.reduce((n, c) => n + c.count, 0)} case(s) and test(s)`);
  const out: Certificate = {
    ...cert,
    rules,
    summary: { must: tally(rules, 'MUST'), should: tally(rules, 'SHOULD') },
    ...(budget ? { budget } : {}),
    ...(opts.waivers && opts.waivers.length > 0 ? { waivers: waived.outcomes } : {}),
    qualification: { partial: reasons.length > 0, reasons, skippedRules: skipped },
  };
  for (const w of waived.outcomes) {
    if (w.state === 'expired') out.incidents = [...out.incidents, `waiver for ${w.rule} expired on ${w.expires}: an expired waiver fails the run (${w.reason})`];
    if (w.state === 'stale') out.incidents = [...out.incidents, `waiver for ${w.rule}${w.type ? ` (${w.type})` : ''}${w.operator ? ` [${w.operator}]` : ''} matched no failure: stale, remove it`];
  }
  return { ...out, ...deriveVerdict(out) };
}

/** With a spent budget: which rules it left without any check. */
function budgetAccount(cert: Certificate, rules: readonly RuleResult[], skipped: readonly RuleId[]): NonNullable<Certificate['budget']> {
  const budget = cert.budget!;
  if (!budget.exhaustedBy) return budget;
  const notAssessed = rules.filter((r) => r.status === 'not-assessed' && !skipped.includes(r.id)).map((r) => r.id);
  return { ...budget, notAssessed };
}
