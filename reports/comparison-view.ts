// The divergence table of `compare` (Certificate.comparison), as rows both the HTML and the Markdown report
// render: one row per divergence, with the rule and side that make it a failure. Pure.
import type { ComparisonSection } from '../results/model';

export interface DivergenceRow {
  index: number;
  request: string;
  statuses: string;
  what: string;
  recorded: string;
  replayed: string;
  class: 'allowed' | 'failure';
  /** `rule (side)` for failures. */
  why: string;
}


export function divergenceRows(c: ComparisonSection): DivergenceRow[] {
  return c.exchanges.flatMap((x) =>
    x.divergences.map((d) => ({
      index: x.index,
      request: x.request,
      statuses: x.recordedStatus === x.replayedStatus ? x.recordedStatus : `${x.recordedStatus} → ${x.replayedStatus}`,
      what: d.aspect === 'body' ? `body ${d.path ?? '$'}` : d.aspect,
      recorded: d.recorded,
      replayed: d.replayed,
      class: d.class,
      why:
        d.class === 'failure'
          ? x.failing.filter((f) => d.rules === undefined || d.rules.includes(f.rule)).map((f) => `${f.rule} fails on the ${f.side} answer`).join('; ')
          : x.failing.length === 0
            ? 'both answers pass every rule that applies'
            : 'no rule failed on one side is about this field',
    })),
  );
}

/** The comparison in one line. */
export function comparisonLine(c: ComparisonSection): string {
  return `${c.compared} of ${c.operations} exchange(s) compared against ${c.target}: ${c.identical} the same, ${c.exchanges.length} different (${c.failures} failure divergence(s), ${c.allowed} allowed${c.strict ? '; --strict: every divergence fails' : ''}); ${c.notReplayed.length} not replayed, ${c.lost.length} answer(s) lost in transport.`;
}

/** The comparison as terminal lines (the caller redacts them): each divergence, the rules behind failures, what was
 *  not replayed or lost, and the count. */
export function comparisonLines(c: ComparisonSection): string[] {
  const out: string[] = [];
  for (const x of c.exchanges) {
    for (const d of x.divergences) {
      const what = d.aspect === 'body' ? `body ${d.path}` : d.aspect;
      out.push(`  ${d.class.toUpperCase().padEnd(7)} #${x.index} ${x.request}: ${what}: recorded ${d.recorded}, replayed ${d.replayed}`.slice(0, 600));
    }
    for (const f of x.failing) out.push(`          ${f.rule} fails on the ${f.side} answer: ${f.message}`.slice(0, 600));
  }
  for (const n of c.notReplayed) out.push(`  not replayed #${n.index} ${n.request}: ${n.reason}`);
  for (const l of c.lost) out.push(`  incident: #${l.index} ${l.request}: the ${l.side} answer was lost (${l.error}); not compared`);
  out.push(`Compared ${c.compared} of ${c.operations} exchange(s): ${c.identical} the same, ${c.exchanges.length} different (${c.failures} failure divergence(s), ${c.allowed} allowed); ${c.notReplayed.length} not replayed, ${c.lost.length} lost in transport.`);
  return out;
}
