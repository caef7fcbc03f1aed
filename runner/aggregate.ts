// Folds the suites' results into the certificate: one entry per rule of the catalogue (passed, failed or
// not-assessed), failures with their counterexample, exchange and a curl line, counts per type and operator.
import { type Contract } from '../contracts/loader';
import { RULES, type RuleId } from '../contracts/rules';
import { writeOnlyValuesAnywhere } from '../contracts/write-only';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { createRedactor, type Secret } from '../results/redact';
import { toCurl } from '../results/curl';
import { type Credential, credentialSecrets, mergePoliciesReports, parseCredential } from '../client';
import { DEFAULT_SETTLE_MS } from '../client/settle';
import type { Certificate, Failure, RuleResult, RuleStatus } from '../results/model';
import { tally } from '../results/qualify/verdict';
import { buildCoverage } from './coverage';
import type { RunConfig } from '../engine/config';
import type { CreatedConnection, SuiteResults, TypeKey } from '../engine/recorder';

export const PROFILE_VERSION = 'conformance-profile v1.1';

/** Failures kept per rule in the certificate (the rest are counted in the message of the rule). */
const MAX_FAILURES_PER_RULE = 25;

export interface AggregateInput {
  config: RunConfig;
  results: SuiteResults[];
  contract: Contract;
  suiteVersion: string;
  startedAt: string;
  endedAt: string;
  /** Connections still present after the final sweep. */
  remaining: CreatedConnection[];
  incidents: string[];
}

export interface Aggregated {
  certificate: Certificate;
  /** Every secret value the run knows of, with the environment variable that stands for it in reports. */
  secrets: Secret[];
}

export function credentialEnv(c: Credential, prefix: string): Secret[] {
  const values = credentialSecrets(c);
  const names: Record<Credential['kind'], string> = {
    digest: `${prefix}PRIVATE_KEY`,
    bearer: `${prefix}BEARER`,
    'service-account': `${prefix}CLIENT_SECRET`,
    none: `${prefix}SECRET`,
  };
  return values.map((value, i) => ({ value, env: i === 0 ? names[c.kind] : `${names[c.kind]}_${i + 1}` }));
}

export function runSecrets(config: RunConfig, contract: Contract, results: SuiteResults[]): Secret[] {
  const secrets: Secret[] = [...credentialEnv(parseCredential(config.auth), 'CONFORMANCE_')];
  if (config.readonlyAuth) secrets.push(...credentialEnv(parseCredential(config.readonlyAuth), 'CONFORMANCE_READONLY_'));
  const found = new Set<string>();
  for (const r of results) {
    for (const f of r.failures) {
      writeOnlyValuesAnywhere(contract, f.counterexample, found);
      for (const ex of f.exchanges) writeOnlyValuesAnywhere(contract, ex.request.body, found);
    }
    // A recorded run (--record) writes every exchange: every write-only value sent is a secret of its reports.
    for (const ex of r.exchangeLog ?? []) writeOnlyValuesAnywhere(contract, ex.request.body, found);
  }
  const known = new Set(secrets.map((s) => s.value));
  let n = 0;
  for (const value of found) if (!known.has(value)) secrets.push({ value, env: `CONFORMANCE_SECRET_${++n}` });
  return secrets;
}

export function aggregate(input: AggregateInput): Aggregated {
  const { config, results, contract } = input;
  const secrets = runSecrets(config, contract, results);
  // One matcher for every curl line: building it compiles a pattern over all the run's secrets (a failing run has
  // a hundred or more), which per failure cost seconds.
  const redactor = createRedactor(secrets);
  const credential = parseCredential(config.auth);
  const incidents = [...input.incidents, ...results.flatMap((r) => r.incidents)];

  const rules: RuleResult[] = RULES.map((rule) => {
    let cases = 0;
    let failed = 0;
    const types = new Set<ConnectionType>();
    for (const r of results) {
      const c = r.checks[rule.id];
      if (!c) continue;
      cases += c.cases;
      failed += c.failed;
      c.types.forEach((t) => types.add(t));
    }
    const failures: Failure[] = [];
    for (const r of results) {
      for (const f of r.failures) {
        if (f.rule !== rule.id || failures.length >= MAX_FAILURES_PER_RULE) continue;
        const exchange = f.exchanges[0];
        failures.push({
          id: `${rule.id}#${failures.length + 1}`,
          rule: rule.id,
          ...(f.type ? { type: f.type } : {}),
          operator: f.operator,
          message: f.message,
          ...(f.counterexample !== undefined ? { counterexample: f.counterexample } : {}),
          ...(exchange ? { exchange, curl: toCurl(exchange.request, { secrets, redactor, credential: { kind: credential.kind } }) } : {}),
        });
      }
    }
    let note: string | undefined;
    if (rule.id === 'cleanup' && input.remaining.length > 0) {
      failed += input.remaining.length;
      cases += input.remaining.length;
      failures.push({
        id: `cleanup#${failures.length + 1}`,
        rule: 'cleanup',
        operator: 'final-sweep',
        message: `${input.remaining.length} connection(s) the run created remain after the final sweep: ${input.remaining
          .slice(0, 10)
          .map((c) => `${c.tenant}/${c.name}`)
          .join(', ')}`,
      });
    }
    const notAssessed = results.flatMap((r) => r.notAssessed).find((n) => n.rule === rule.id);
    let status: RuleStatus;
    if (failed > 0) status = 'failed';
    else if (cases > 0) {
      status = 'passed';
      // Some cases could not be judged (a fixed name that is not the run's, say): say why beside the pass.
      if (notAssessed) note = `some cases not assessed: ${notAssessed.reason}`;
    } else {
      status = 'not-assessed';
      note = notAssessed?.reason ?? notAssessedReason(rule.id);
    }
    if (failed > failures.length && status === 'failed') note = `${failed} failed checks; the first ${failures.length} are shown`;
    return {
      id: rule.id,
      level: rule.level,
      statement: rule.statement,
      status,
      types: CONNECTION_TYPES.filter((t) => types.has(t)),
      cases,
      failures,
      ...(note ? { note } : {}),
    };
  });

  const counts: Certificate['counts'] = {};
  for (const r of results) {
    for (const [type, row] of Object.entries(r.caseCounts) as [TypeKey, Record<string, number>][]) {
      const mine = (counts[type] ??= {});
      for (const [op, n] of Object.entries(row)) mine[op] = (mine[op] ?? 0) + n;
    }
  }
  const summary = { must: tally(rules, 'MUST'), should: tally(rules, 'SHOULD') };
  const certificate: Certificate = {
    verdict: summary.must.failed > 0 ? 'non-conformant' : 'conformant',
    profile: PROFILE_VERSION,
    suiteVersion: input.suiteVersion,
    contractSha256: contract.sha256,
    target: config.target,
    ...(config.target.startsWith('https:') ? { tls: { verified: config.tls?.insecure !== true, privateCa: config.tls?.ca !== undefined } } : {}),
    seed: config.seed,
    runs: config.runs,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    types: config.types,
    rules,
    counts,
    coverage: buildCoverage(results, contract),
    exchanges: results.reduce((n, r) => n + r.exchanges, 0),
    summary,
    incidents,
    settings: { settleMs: config.settleMs ?? DEFAULT_SETTLE_MS, profile: config.minimal ? 'minimal' : 'default' },
  };
  const transport = mergePoliciesReports(results.flatMap((r) => (r.transport ? [r.transport] : [])));
  if (transport) {
    const { budget: _budget, ...seen } = transport;
    // What the breaker did is shown on the terminal too (the certificate's transport section has the detail).
    if (transport.breaker.targetDown) certificate.incidents.push(`run cut short: ${transport.breaker.targetDown}; the requests after it were not sent (probed every 2 s)`);
    for (const c of transport.breaker.classes.filter((x) => x.openedAt)) {
      certificate.incidents.push(`requests of class "${c.class}" got no answer (${c.timeouts} timeouts): ${c.notSent} of them were not sent, their cases cut`);
    }
    const cut = mergeCut(results);
    if (transport.budget.exhaustedBy || transport.budget.limits.maxRequests !== undefined || transport.budget.limits.maxDurationMs !== undefined) {
      certificate.budget = { ...transport.budget, cut };
      certificate.transport = seen;
    } else certificate.transport = { ...seen, ...(cut.length > 0 ? { cut } : {}) };
  }
  return { certificate, secrets };
}

function mergeCut(results: SuiteResults[]): NonNullable<Certificate['budget']>['cut'] {
  const out: NonNullable<Certificate['budget']>['cut'] = [];
  for (const r of results) {
    for (const [type, row] of Object.entries(r.cut ?? {}) as [TypeKey, Record<string, number>][]) {
      for (const [what, n] of Object.entries(row)) {
        const rule = r.operatorRules?.[what];
        out.push({ suite: r.suite, ...(type !== 'none' ? { type } : {}), what, ...(rule ? { rule } : {}), count: n });
      }
    }
  }
  return out;
}

function notAssessedReason(rule: RuleId): string {
  if (rule === 'rate-limit') return 'the target answered no request with 429';
  return 'no case of this rule was run (check --types and the run log)';
}
