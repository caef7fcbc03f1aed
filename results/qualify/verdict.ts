// The verdict of a certificate, derived from its rule results alone (so `verify` can re-derive it): non-conformant
// when a MUST rule failed (waived failures excepted) or a waiver expired; qualified by waivers, skipped rules and
// a spent budget, which can never make a run read as an unqualified CONFORMANT.
import type { Certificate, RuleResult, Tally } from '../model';

export function tally(rules: readonly RuleResult[], level: 'MUST' | 'SHOULD'): Tally {
  const t: Tally = { passed: 0, failed: 0, 'not-assessed': 0 };
  for (const r of rules) {
    if (r.level !== level) continue;
    if (r.status === 'waived') t.waived = (t.waived ?? 0) + 1;
    else t[r.status]++;
  }
  return t;
}

export function deriveVerdict(cert: Pick<Certificate, 'rules' | 'waivers' | 'qualification'>): { verdict: Certificate['verdict']; verdictText: string } {
  const mustFailed = cert.rules.some((r) => r.level === 'MUST' && r.status === 'failed');
  const expired = (cert.waivers ?? []).filter((w) => w.state === 'expired').length;
  const verdict = mustFailed || expired > 0 ? 'non-conformant' : 'conformant';
  const waived = cert.rules.filter((r) => r.status === 'waived').length;
  const parts: string[] = [];
  if (waived > 0) parts.push(`with ${waived} waiver${waived === 1 ? '' : 's'} (${cert.rules.filter((r) => r.status === 'waived').map((r) => r.id).join(', ')})`);
  if (expired > 0) parts.push(`${expired} expired waiver${expired === 1 ? '' : 's'}`);
  if (cert.qualification?.partial) parts.push(`(partial: ${cert.qualification.reasons.join('; ')})`);
  return { verdict, verdictText: [verdict.toUpperCase(), ...parts].join(' ') };
}
