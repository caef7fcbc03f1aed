// Collects what the suites judged: per rule how many checks were made (and for which types), the failures in full
// (with the exchanges they rest on), cases sent per type and operator, and every connection the run created.
// Passing checks are only counted, so memory stays flat however many cases a run sends.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import type { PoliciesReport } from '../client';
import type { CaseLabel, Exchange, Verdict } from '../model';

export type TypeKey = ConnectionType | 'none';

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
  incidents: string[];
  /** Cases and tests the run's budget stopped before they ended, per type and operator (or `test: NAME`). */
  cut?: Partial<Record<TypeKey, Record<string, number>>>;
  /** The rule each labelled operator's cases are about (invalid cases), for the budget's account. */
  operatorRules?: Record<string, RuleId>;
  /** What the client's run-wide policies saw by the end of this suite (breaker, back-off, budget, flaky retries). */
  transport?: PoliciesReport;
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
  private readonly incidents: string[] = [];
  private readonly cut: NonNullable<SuiteResults['cut']> = {};
  private readonly operatorRules: Record<string, RuleId> = {};
  exchanges = 0;

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

  countCase(type: TypeKey, operator: string, rule?: RuleId): void {
    if (rule !== undefined) this.operatorRules[operator] = rule;
    const row = (this.caseCounts[type] ??= {});
    row[operator] = (row[operator] ?? 0) + 1;
  }

  /** The budget stopped this recorder's cases: they count as cut, not as sent (checks made before stand). */
  cutCases(): void {
    for (const [type, row] of Object.entries(this.caseCounts) as [TypeKey, Record<string, number>][]) addCounts(this.cut, type, row);
    for (const k of Object.keys(this.caseCounts)) delete this.caseCounts[k as TypeKey];
  }

  /** The budget stopped a whole test (one that sends no generated cases). */
  cutTest(name: string, type: TypeKey = 'none'): void {
    addCounts(this.cut, type, { [`test: ${name}`]: 1 });
  }

  incident(text: string): void {
    this.incidents.push(text);
  }

  trackCreated(c: Omit<CreatedConnection, 'gone'>): void {
    const key = `${c.groupId}/${c.tenant}/${c.name}`;
    if (!this.created.has(key)) this.created.set(key, { ...c, gone: false });
  }

  markGone(groupId: string, tenant: string, name: string): void {
    const c = this.created.get(`${groupId}/${tenant}/${name}`);
    if (c) c.gone = true;
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
    this.adoptCreated(other);
    this.incidents.push(...r.incidents);
  }

  /** Takes over the connections another recorder saw created (shrink probes create too), and its exchange count. */
  adoptCreated(other: Recorder): void {
    for (const c of other.created.values()) {
      const key = `${c.groupId}/${c.tenant}/${c.name}`;
      const mine = this.created.get(key);
      if (!mine) this.created.set(key, { ...c });
      else mine.gone ||= c.gone;
    }
    this.exchanges += other.exchanges;
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
      incidents: this.incidents,
      ...(Object.keys(this.cut).length > 0 ? { cut: this.cut, operatorRules: this.operatorRules } : {}),
    };
  }
}

function addCounts(into: NonNullable<SuiteResults['cut']>, type: TypeKey, row: Record<string, number>): void {
  const mine = (into[type] ??= {});
  for (const [op, n] of Object.entries(row)) mine[op] = (mine[op] ?? 0) + n;
}

/** Writes a suite's results into the run's private results folder (owner-only: exchanges carry auth headers). */
export function writeSuiteResults(dir: string, results: SuiteResults): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${results.suite}.results.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(results), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function readSuiteResults(dir: string): SuiteResults[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.results.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as SuiteResults);
}
