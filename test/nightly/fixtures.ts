// Hand-made certificates for the nightly tests: every rule of the catalogue, statuses and failures as a test says.
import { RULES, type RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import type { Certificate, Failure, RuleResult, RuleStatus } from '../../results/model';

export const SHA = 'a'.repeat(64);

export interface RuleSpec {
  status: RuleStatus;
  failures?: Partial<Failure>[];
  cases?: number;
  types?: ConnectionType[];
  note?: string;
}

export interface CertSpec {
  types: ConnectionType[];
  rules?: Partial<Record<RuleId, RuleSpec>>;
  /** Status of every rule not named (default passed). */
  rest?: RuleStatus;
  seed?: number;
  runs?: number;
  target?: string;
  startedAt?: string;
  endedAt?: string;
  counts?: Certificate['counts'];
  exchanges?: number;
  incidents?: string[];
  suiteVersion?: string;
  contractSha256?: string;
}

export function makeCert(spec: CertSpec): Certificate {
  const rules: RuleResult[] = RULES.map((rule) => {
    const s: RuleSpec = spec.rules?.[rule.id] ?? { status: spec.rest ?? 'passed' };
    const failures: Failure[] = (s.failures ?? (s.status === 'failed' ? [{}] : [])).map((f, i) => ({
      id: `${rule.id}#${i + 1}`,
      rule: rule.id,
      operator: 'valid',
      message: `${rule.id} failed`,
      ...f,
    }));
    return {
      id: rule.id,
      level: rule.level,
      statement: rule.statement,
      status: s.status,
      types: s.types ?? (s.status === 'not-assessed' ? [] : spec.types),
      cases: s.cases ?? (s.status === 'not-assessed' ? 0 : 2),
      failures,
      ...(s.note ? { note: s.note } : {}),
    };
  });
  const tally = (level: 'MUST' | 'SHOULD') => {
    const t: Record<Exclude<RuleStatus, 'waived'>, number> = { passed: 0, failed: 0, 'not-assessed': 0 };
    for (const r of rules) if (r.level === level && r.status !== 'waived') t[r.status]++;
    return t;
  };
  const summary = { must: tally('MUST'), should: tally('SHOULD') };
  return {
    verdict: summary.must.failed > 0 ? 'non-conformant' : 'conformant',
    profile: 'conformance-profile v1',
    suiteVersion: spec.suiteVersion ?? '0.1.0',
    contractSha256: spec.contractSha256 ?? SHA,
    target: spec.target ?? 'http://127.0.0.1:4000',
    seed: spec.seed ?? 42,
    runs: spec.runs ?? 5,
    startedAt: spec.startedAt ?? '2026-01-01T02:00:00.000Z',
    endedAt: spec.endedAt ?? '2026-01-01T02:01:00.000Z',
    types: spec.types,
    rules,
    counts: spec.counts ?? Object.fromEntries(spec.types.map((t) => [t, { valid: 3 }])),
    exchanges: spec.exchanges ?? 100,
    summary,
    incidents: spec.incidents ?? [],
  };
}

export function rule(cert: Certificate, id: RuleId): RuleResult {
  const r = cert.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}
