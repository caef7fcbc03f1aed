// Whether the differences of one compared pair are allowed or a failure, from the judgements the same oracles
// (traffic/judge.ts, as `judge` and `certify` use them) made of each side: a rule failed by one answer and not by
// the other makes every difference of the pair a failure, naming the rule and the side; when both answers pass
// every rule that applies (or fail the same ones), the differences are differences of behaviour the profile
// allows. A media type differing only in its parameters is left out when allowed. One-sided failures with no
// difference found in what is compared (a header, the pairing around it) are shown as a `verdict` divergence.
// Pure.
import type { RuleId } from '../../contracts/rules';
import type { Judgement } from '../../oracles';
import type { Divergence, SidedFailure } from '../../results/model';
import type { RawDivergence } from './diff';

export function sidedFailures(recorded: readonly Judgement[], replayed: readonly Judgement[]): SidedFailure[] {
  const failed = (js: readonly Judgement[]) => {
    const m = new Map<RuleId, string>();
    for (const j of js) if (!j.ok && !m.has(j.rule)) m.set(j.rule, j.message);
    return m;
  };
  const a = failed(recorded);
  const b = failed(replayed);
  const out: SidedFailure[] = [];
  for (const [rule, message] of a) if (!b.has(rule)) out.push({ rule, side: 'recorded', message });
  for (const [rule, message] of b) if (!a.has(rule)) out.push({ rule, side: 'replayed', message });
  return out;
}

export function classify(raw: readonly RawDivergence[], failing: readonly SidedFailure[]): Divergence[] {
  const cls: Divergence['class'] = failing.length > 0 ? 'failure' : 'allowed';
  const out: Divergence[] = raw
    .filter((d) => !(d.paramsOnly && cls === 'allowed'))
    .map(({ paramsOnly: _p, ...d }) => ({ ...d, class: cls }));
  if (out.length === 0 && failing.length > 0) {
    const side = (s: SidedFailure['side']) => failing.filter((f) => f.side === s).map((f) => f.rule);
    const says = (rules: RuleId[]) => (rules.length === 0 ? 'passes' : `fails ${rules.join(', ')}`);
    out.push({ aspect: 'verdict', recorded: says(side('recorded')), replayed: says(side('replayed')), class: 'failure' });
  }
  return out;
}
