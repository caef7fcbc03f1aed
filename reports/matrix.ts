// The type x rule matrix both the HTML and the JUnit report are organised by: one cell per rule and connection type,
// or a single cell for a rule that does not depend on the type.
import type { ConnectionType } from '../contracts/types';
import type { Failure, RuleResult, RuleStatus } from '../results/model';

export type CellStatus = RuleStatus | 'not-checked';

export interface Cell {
  /** The connection type, or undefined for the rule's type-independent cell. */
  type?: ConnectionType;
  status: CellStatus;
  failures: Failure[];
}

/** The cells of one rule: one per type it was checked for (plus one for failures not tied to a type), or one. */
export function ruleCells(rule: RuleResult): Cell[] {
  const status = (failures: Failure[]): CellStatus =>
    rule.status === 'not-assessed' ? 'not-assessed' : failures.length === 0 ? 'passed' : failures.every((f) => f.waived !== undefined) ? 'waived' : 'failed';
  if (rule.types.length === 0) return [{ status: status(rule.failures), failures: rule.failures }];
  const cells: Cell[] = rule.types.map((type) => {
    const failures = rule.failures.filter((f) => f.type === type);
    return { type, status: status(failures), failures };
  });
  const untyped = rule.failures.filter((f) => f.type === undefined || !rule.types.includes(f.type));
  if (untyped.length > 0) cells.push({ status: status(untyped), failures: untyped });
  return cells;
}

/** The status of a rule for one type: `not-checked` when the rule was not checked for that type. */
export function cellFor(rule: RuleResult, type: ConnectionType | undefined): Cell {
  return ruleCells(rule).find((c) => c.type === type) ?? { type, status: 'not-checked', failures: [] };
}
