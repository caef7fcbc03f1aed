// Collects what the suites judged: per rule how many checks were made (and for which types), the failures in full
// (with the exchanges they rest on), cases sent per type and operator, and every connection the run created.
// Passing checks are only counted, so memory stays flat however many cases a run sends. A suite's results reach
// the process that runs vitest as the meta of its last test (engine/vitest-suite.ts), never through a file.
import type { RuleId } from '../contracts/rules';
import type { ConnectionType } from '../contracts/types';
import type { PoliciesReport } from '../client';
import type { CaseLabel } from '../results/model';
import type { Exchange } from '../client/exchange';
import type { Verdict } from '../oracles/verdict';
import { type LedgerEntry, ledgerKey } from './ledger';


/**
 * What one case sent in one dimension of the request: the class of value (`tenant:double-encoded`, an operator's
 * name, ...) and, for crossed dimensions, what it was crossed with (`duplicate-409`). A case counted without one
 * is recorded under its suite's name with its operator as the class, so every case sent shows in the coverage map.
 */
export interface Sent {
  dimension: string;
  cls: string;
  against?: string;
}

/** Per dimension and type: classes sent, classes of answer that came back, and crossed combinations sent. */
import type { CoverageCell, TypeKey } from '../results/model';
export type { CoverageCell, TypeKey };
export type CoverageData = Record<string, Partial<Record<TypeKey, CoverageCell>>>;

export interface FailureRecord {
  rule: RuleId;
  type?: ConnectionType;
  suite: string;
  operator: string;
  message: string;
  counterexample?: unknown;
  /** True once the counterexample was shrunk (or is minimal by construction). */
  shrunk: boolean;
  exchanges: Exchange[];
  label?: CaseLabel;
}

export interface CreatedConnection {
  groupId: string;
  tenant: string;
  name: string;
  type?: ConnectionType;
  /** DELETE answered and GET answered 404 afterwards. */
  gone: boolean;
}

export interface SuiteResults {
  suite: string;
  checks: Partial<Record<RuleId, { cases: number; failed: number; types: ConnectionType[] }>>;
  failures: FailureRecord[];
  notAssessed: { rule: RuleId; reason: string }[];
  caseCounts: Partial<Record<TypeKey, Record<string, number>>>;
  exchanges: number;
  created: CreatedConnection[];
  /** Ledger entries (names sent in creates that could have succeeded) this suite did not see gone afterwards. */
  maybeLeft: LedgerEntry[];
  incidents: string[];
  /** Cases and tests the run's budget stopped before they ended, per type and operator (or `test: NAME`). */
  cut?: Partial<Record<TypeKey, Record<string, number>>>;
  /** The rule each labelled operator's cases are about (invalid cases), for the budget's account. */
  operatorRules?: Record<string, RuleId>;
  /** What the client's run-wide policies saw by the end of this suite (breaker, back-off, budget, flaky retries). */
  transport?: PoliciesReport;
  /** What was sent per dimension and type, and the classes of answer that came back (runner/coverage.ts). */
  coverage?: CoverageData;
  /** Every exchange the suite's client made, in order, when the run records (RunConfig.record). */
  exchangeLog?: Exchange[];
}

export interface JudgeInput {
  rule: RuleId;
  verdict: Verdict;
  type?: ConnectionType;
  operator: string;
  exchanges: readonly Exchange[];
  counterexample?: unknown;
  label?: CaseLabel;
}

/** Failures kept per (rule, type, operator); further ones are counted only. */
const KEEP_PER_KEY = 3;

export class Recorder {
  private readonly checks: SuiteResults['checks'] = {};
  private readonly failures: FailureRecord[] = [];
  private readonly kept = new Map<string, number>();
  private readonly notAssessed: SuiteResults['notAssessed'] = [];
  private readonly caseCounts: SuiteResults['caseCounts'] = {};
  private readonly created = new Map<string, CreatedConnection>();
  private readonly ledger = new Map<string, LedgerEntry>();
  private readonly incidents: string[] = [];
  private readonly cut: NonNullable<SuiteResults['cut']> = {};
  private readonly operatorRules: Record<string, RuleId> = {};
  private readonly coverage: CoverageData = {};
  /** What the case of (type, operator) sent, so its answers are put in the same cells. */
  private readonly sentBy = new Map<string, readonly Sent[]>();
  exchanges = 0;
  private readonly log: Exchange[] = [];

  constructor(readonly suite: string) {}

  judge(input: JudgeInput): Verdict {
    const entry = (this.checks[input.rule] ??= { cases: 0, failed: 0, types: [] });
    entry.cases++;
    if (input.type && !entry.types.includes(input.type)) entry.types.push(input.type);
    if (!input.verdict.ok) {
      entry.failed++;
      const key = `${input.rule}|${input.type ?? ''}|${input.operator}`;
      const n = this.kept.get(key) ?? 0;
      if (n < KEEP_PER_KEY) {
        this.kept.set(key, n + 1);
        this.failures.push({
          rule: input.rule,
          ...(input.type ? { type: input.type } : {}),
          suite: this.suite,
          operator: input.operator,
          message: input.verdict.message,
          ...(input.counterexample !== undefined ? { counterexample: input.counterexample } : {}),
          shrunk: false,
          exchanges: [...input.exchanges],
          ...(input.label ? { label: input.label } : {}),
        });
      }
    }
    return input.verdict;
  }

  /** Replaces the first recorded failure of (rule, type) with a shrunk one. */
  replaceWithShrunk(rule: RuleId, type: ConnectionType | undefined, shrunk: Omit<FailureRecord, 'shrunk' | 'suite'>): void {
    const i = this.failures.findIndex((f) => f.rule === rule && f.type === type && !f.shrunk);
    const record: FailureRecord = { ...shrunk, suite: this.suite, shrunk: true };
    if (i >= 0) this.failures[i] = record;
    else this.failures.push(record);
  }

  notAssessedBecause(rule: RuleId, reason: string): void {
    if (!this.notAssessed.some((n) => n.rule === rule)) this.notAssessed.push({ rule, reason });
  }

  countCase(type: TypeKey, operator: string, rule?: RuleId, sent?: Sent | readonly Sent[]): void {
    if (rule !== undefined) this.operatorRules[operator] = rule;
    const row = (this.caseCounts[type] ??= {});
    row[operator] = (row[operator] ?? 0) + 1;
    const all: readonly Sent[] = sent === undefined ? [{ dimension: this.suite, cls: operator }] : Array.isArray(sent) ? sent : [sent as Sent];
    this.sentBy.set(`${type}|${operator}`, all);
    for (const s of all) {
      const c = this.cell(s.dimension, type);
      c.sent[s.cls] = (c.sent[s.cls] ?? 0) + 1;
      if (s.against !== undefined) {
        const k = `${s.cls} × ${s.against}`;
        c.combinations = { ...c.combinations, [k]: (c.combinations?.[k] ?? 0) + 1 };
      }
    }
  }

  /** An answer to a counted case (type, operator): its class (`200`, `404`, `5xx`, `no answer`) goes in the case's cells. */
  answered(type: TypeKey, operator: string, answer: string): void {
    for (const s of this.sentBy.get(`${type}|${operator}`) ?? []) {
      const c = this.cell(s.dimension, type);
      c.answers[answer] = (c.answers[answer] ?? 0) + 1;
    }
  }

  private cell(dimension: string, type: TypeKey): CoverageCell {
    const row = (this.coverage[dimension] ??= {});
    return (row[type] ??= { sent: {}, answers: {} });
  }

  /** The budget stopped this recorder's cases: they count as cut, not as sent (checks made before stand). */
  cutCases(): void {
    for (const [type, row] of Object.entries(this.caseCounts) as [TypeKey, Record<string, number>][]) addCounts(this.cut, type, row);
    for (const k of Object.keys(this.caseCounts)) delete this.caseCounts[k as TypeKey];
    // Not sent: nor in the coverage map.
    for (const k of Object.keys(this.coverage)) delete this.coverage[k];
  }

  /** The budget stopped a whole test (one that sends no generated cases). */
  cutTest(name: string, type: TypeKey = 'none'): void {
    addCounts(this.cut, type, { [`test: ${name}`]: 1 });
  }

  incident(text: string): void {
    this.incidents.push(text);
  }

  trackCreated(c: Omit<CreatedConnection, 'gone'>): void {
    const key = ledgerKey(c);
    const mine = this.created.get(key);
    // A fixed name (a Sample source) is created again after it was deleted: it is pending again.
    if (!mine) this.created.set(key, { ...c, gone: false });
    else mine.gone = false;
  }

  markGone(groupId: string, tenant: string, name: string): void {
    const key = ledgerKey({ groupId, tenant, name });
    const c = this.created.get(key);
    if (c) c.gone = true;
    this.ledger.delete(key);
  }

  /** A create of this name was sent and could have succeeded (see ledger.ts). */
  recordSent(e: LedgerEntry): void {
    this.ledger.set(ledgerKey(e), { groupId: e.groupId, tenant: e.tenant, name: e.name });
  }

  pendingCleanup(): CreatedConnection[] {
    return [...this.created.values()].filter((c) => !c.gone);
  }

  /** Folds a case's scratch recorder into this one (counts, kept failures, cases, created connections). */
  merge(other: Recorder): void {
    const r = other.results();
    for (const [rule, c] of Object.entries(r.checks) as [RuleId, { cases: number; failed: number; types: ConnectionType[] }][]) {
      const entry = (this.checks[rule] ??= { cases: 0, failed: 0, types: [] });
      entry.cases += c.cases;
      entry.failed += c.failed;
      for (const t of c.types) if (!entry.types.includes(t)) entry.types.push(t);
    }
    for (const f of r.failures) {
      const key = `${f.rule}|${f.type ?? ''}|${f.operator}`;
      const n = this.kept.get(key) ?? 0;
      if (n < KEEP_PER_KEY) {
        this.kept.set(key, n + 1);
        this.failures.push({ ...f, suite: this.suite });
      }
    }
    for (const n of r.notAssessed) this.notAssessedBecause(n.rule, n.reason);
    for (const [type, row] of Object.entries(r.caseCounts) as [TypeKey, Record<string, number>][]) {
      for (const [op, n] of Object.entries(row)) {
        const mine = (this.caseCounts[type] ??= {});
        mine[op] = (mine[op] ?? 0) + n;
      }
    }
    for (const [type, row] of Object.entries(r.cut ?? {}) as [TypeKey, Record<string, number>][]) addCounts(this.cut, type, row);
    Object.assign(this.operatorRules, r.operatorRules ?? {});
    mergeCoverage(this.coverage, r.coverage ?? {});
    for (const [k, v] of other.sentBy) this.sentBy.set(k, v);
    this.adoptCreated(other);
    this.incidents.push(...r.incidents);
  }

  /** Takes over the connections another recorder saw created (shrink probes create too), and its exchange count. */
  adoptCreated(other: Recorder): void {
    for (const c of other.created.values()) {
      const key = ledgerKey(c);
      const mine = this.created.get(key);
      if (!mine) this.created.set(key, { ...c });
      else mine.gone ||= c.gone;
      if (c.gone) this.ledger.delete(key);
    }
    for (const [key, e] of other.ledger) this.ledger.set(key, e);
    this.exchanges += other.exchanges;
  }

  /** Keeps one exchange for the run's recording (only called when the run records). */
  logExchange(ex: Exchange): void {
    this.log.push(ex);
  }

  failedRules(): Set<RuleId> {
    return new Set(this.failures.map((f) => f.rule));
  }

  results(): SuiteResults {
    return {
      suite: this.suite,
      checks: this.checks,
      failures: this.failures,
      notAssessed: this.notAssessed,
      caseCounts: this.caseCounts,
      exchanges: this.exchanges,
      created: [...this.created.values()],
      maybeLeft: [...this.ledger.values()],
      incidents: this.incidents,
      coverage: this.coverage,
      ...(Object.keys(this.cut).length > 0 ? { cut: this.cut, operatorRules: this.operatorRules } : {}),
      ...(this.log.length > 0 ? { exchangeLog: this.log } : {}),
    };
  }
}

function addCounts(into: NonNullable<SuiteResults['cut']>, type: TypeKey, row: Record<string, number>): void {
  const mine = (into[type] ??= {});
  for (const [op, n] of Object.entries(row)) mine[op] = (mine[op] ?? 0) + n;
}

/** Adds the cells of `from` into `into`. */
export function mergeCoverage(into: CoverageData, from: CoverageData): void {
  for (const [dimension, row] of Object.entries(from)) {
    const mine = (into[dimension] ??= {});
    for (const [type, cell] of Object.entries(row) as [TypeKey, CoverageCell][]) {
      const c = (mine[type] ??= { sent: {}, answers: {} });
      for (const [k, n] of Object.entries(cell.sent)) c.sent[k] = (c.sent[k] ?? 0) + n;
      for (const [k, n] of Object.entries(cell.answers)) c.answers[k] = (c.answers[k] ?? 0) + n;
      for (const [k, n] of Object.entries(cell.combinations ?? {})) c.combinations = { ...c.combinations, [k]: (c.combinations?.[k] ?? 0) + n };
    }
  }
}
