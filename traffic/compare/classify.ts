// Whether the differences of one compared pair are allowed or a failure, from the judgements the same oracles
// (traffic/judge.ts, as `judge` and `certify` use them) made of each side: a rule failed by one answer and not by
// the other makes every difference of the pair a failure, naming the rule and the side; when both answers pass
// every rule that applies (or fail the same ones), the differences are differences of behaviour the profile
// allows. Where every rule failed names the fields it is about (echo-fields, no-secret-leak, response-schema), only
// the differences in those fields are failures, the others are allowed. A media type differing only in its parameters is left out when allowed. One-sided failures with no
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
  const blame = (d: RawDivergence): SidedFailure[] => {
    if (failing.length === 0) return [];
    // Where every failing rule names the fields it is about, a field it does not name is a difference of its own.
    const named = failing.map((f) => pathsIn(f.message).filter((p) => raw.some((x) => x.aspect === 'body' && related(p, x.path!))));
    if (d.aspect !== 'body' || named.some((paths) => paths.length === 0)) return [...failing];
    return failing.filter((_, i) => named[i]!.some((p) => related(p, d.path!)));
  };
  const out: Divergence[] = [];
  for (const { paramsOnly, ...d } of raw) {
    const rules = [...new Set(blame(d).map((f) => f.rule))];
    if (paramsOnly && rules.length === 0) continue;
    out.push({ ...d, class: rules.length > 0 ? 'failure' : 'allowed', ...(rules.length > 0 ? { rules } : {}) });
  }
  if (out.every((d) => d.class === 'allowed') && failing.length > 0) {
    const side = (s: SidedFailure['side']) => failing.filter((f) => f.side === s).map((f) => f.rule);
    const says = (rules: RuleId[]) => (rules.length === 0 ? 'passes' : `fails ${rules.join(', ')}`);
    out.push({ aspect: 'verdict', recorded: says(side('recorded')), replayed: says(side('replayed')), class: 'failure', rules: [...new Set(failing.map((f) => f.rule))] });
  }
  return out;
}

/** The JSON paths a message names (`$.config["linger.ms"]`, `$.authentication.password`). */
export function pathsIn(message: string): string[] {
  return message.match(/\$(?:\.[A-Za-z_][\w-]*|\[(?:"(?:[^"\\]|\\.)*"|\d+)\])+/g) ?? [];
}

/** One path is the other or lies under it. */
function related(a: string, b: string): boolean {
  const under = (x: string, y: string) => x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[`);
  return under(a, b) || under(b, a);
}
