// `compare`: a recording replayed against another target, and every difference between the recorded answers and
// the new ones, each allowed (both answers pass every rule that applies: a difference of behaviour) or a failure
// (one answer fails a rule the other passes). The same pieces as `judge`: select.ts finds the operation's
// exchanges, judge.ts judges both sides with the suites' oracles; mapping.ts and plan.ts make the requests,
// replay.ts sends them through the suites' client and cleans up, diff.ts and classify.ts compare.
import { randomBytes } from 'node:crypto';
import type { Exchange } from '../../client/exchange';
import { parseCredential } from '../../client';
import type { Fixtures } from '../../contracts/types';
import type { RunConfig } from '../../engine/config';
import type { Judgement } from '../../oracles';
import { got } from '../../oracles/common';
import type { Certificate, ComparisonSection, ExchangeComparison } from '../../results/model';
import type { Secret } from '../../results/redact';
import { credentialEnv } from '../../runner/aggregate';
import { suiteVersion } from '../../runner/certification';
import type { Recorded, Recording } from '../har-read';
import { judgeRecording } from '../judge';
import { selectOperations } from '../select';
import { classify, sidedFailures } from './classify';
import { diffAnswers, IGNORED } from './diff';
import { buildMapping, freshPrefix, mapName, type NameMapping, unmapper } from './mapping';
import { describeRequest, planReplay, sendGroups } from './plan';
import { replay, type Replayed } from './replay';

export interface CompareOptions {
  /** The target compared, its instance and credential, timeouts, rate and settle bound (the run prefix is made here). */
  config: RunConfig;
  files: string[];
  /** The recorded caller has only the recorded instance, and the credential only the given one (judge's
   *  --only-instance, both sides): creates elsewhere are judged by unknown-group and unknown-tenant. */
  onlyInstance: boolean;
  fixtures?: Fixtures;
  strict: boolean;
}

export interface CompareOutcome {
  /** The replayed traffic judged as `judge` judges a recording, with the comparison. */
  certificate: Certificate;
  comparison: ComparisonSection;
  secrets: Secret[];
  /** 0 no failure (nor, with --strict, any divergence); 1 otherwise. */
  exitCode: 0 | 1;
}

export class NothingToCompare extends Error {
  override name = 'NothingToCompare';
}

export async function compareRecording(recording: Recording, opts: CompareOptions): Promise<CompareOutcome> {
  const { operations, unrelated } = selectOperations(recording.exchanges);
  const given = { groupId: opts.config.groupId, tenant: opts.config.tenant };
  const mapping = buildMapping(operations, given, (n) => freshPrefix(n, randomBytes(64)));
  if (!mapping) throw new NothingToCompare(`no exchange of the operation in ${opts.files.join(', ')} (${unrelated} unrelated exchange(s)); nothing to replay`);
  const config: RunConfig = { ...opts.config, runPrefix: mapping.freshPrefix };
  const steps = planReplay(operations, mapping);
  const outcome = await replay(config, steps);

  const judgementsOf = () => {
    const by = new Map<Exchange, Judgement[]>();
    const on = (j: Judgement, exchanges: readonly Exchange[]) => {
      for (const ex of exchanges) by.set(ex, [...(by.get(ex) ?? []), j]);
    };
    return { by, on };
  };
  const rec = judgementsOf();
  const rep = judgementsOf();
  const fixtures = opts.fixtures ? { fixtures: opts.fixtures } : {};
  const recordedJudged = judgeRecording(recording, { files: opts.files, ...fixtures, ...(opts.onlyInstance ? { onlyInstance: mapping.recorded } : {}), onJudgement: rec.on });
  const replayRecording: Recording = { exchanges: outcome.log.map((ex, i) => asRecorded(ex, i)), skipped: {}, notes: [] };
  const replayJudged = judgeRecording(replayRecording, {
    files: [`replay of ${opts.files.join(', ')}`],
    ...fixtures,
    ...(opts.onlyInstance ? { onlyInstance: given } : {}),
    // The replay sends its credential with every request but those the recording sent without.
    authorizationSeen: true,
    onJudgement: rep.on,
  });

  const unmap = unmapper(mapping, namePairs(mapping, operations.map((o) => o.name)));
  const comparison = compareAnswers(outcome.replayed, (ex) => rec.by.get(ex) ?? [], (ex) => rep.by.get(ex) ?? [], unmap, opts.strict);
  const section: ComparisonSection = {
    recordings: opts.files,
    target: config.target,
    operations: operations.length,
    ...comparison,
    ignored: IGNORED,
  };
  const certificate: Certificate = {
    ...replayJudged.certificate,
    suiteVersion: suiteVersion(),
    target: `${config.target} (replay of ${opts.files.join(', ')})`,
    incidents: [...replayJudged.certificate.incidents, ...outcome.incidents, ...recording.notes],
    comparison: section,
  };
  const credential = credentialEnv(parseCredential(config.auth), 'CONFORMANCE_');
  const known = new Set(credential.map((s) => s.value));
  const tokens = outcome.secrets.filter((s) => !known.has(s)).map((value, i) => ({ value, env: `CONFORMANCE_TOKEN_${i + 1}` }));
  const secrets = dedupe([...credential, ...tokens, ...recordedJudged.secrets, ...replayJudged.secrets]);
  const failed = section.failures > 0 || (opts.strict && section.allowed > 0);
  return { certificate, comparison: section, secrets, exitCode: failed ? 1 : 0 };
}

function dedupe(secrets: readonly Secret[]): Secret[] {
  const seen = new Set<string>();
  return secrets.filter((s) => !seen.has(s.value) && seen.add(s.value));
}

/** The recorded names and their fresh ones (for undoing the mapping in answers). */
function namePairs(m: NameMapping, names: readonly (string | undefined)[]): [string, string][] {
  return [...new Set(names.filter((n): n is string => n !== undefined))].map((n) => [n, mapName(m, n)] as [string, string]).filter(([a, b]) => a !== b);
}

/** A replayed exchange as judge reads a recorded one: all of it known; a lost answer is not judged (unanswered). */
function asRecorded(exchange: Exchange, i: number): Recorded {
  const lost = exchange.outcome === 'transport-error';
  return { exchange, source: `replay #${i + 1}`, responseBodyMissing: lost, requestBodyMissing: false, noTiming: false, unanswered: lost };
}

type Counts = Omit<ComparisonSection, 'recordings' | 'target' | 'operations' | 'ignored'>;

/** The pairs of answers compared and classified. Pure. */
export function compareAnswers(
  replayed: readonly Replayed[],
  recordedJudgements: (ex: Exchange) => readonly Judgement[],
  replayedJudgements: (ex: Exchange) => readonly Judgement[],
  unmap: (s: string) => string,
  strict: boolean,
): Counts {
  const out: Counts = { compared: 0, identical: 0, allowed: 0, failures: 0, strict, exchanges: [], notReplayed: [], lost: [] };
  const raced = racesWonElsewhere(replayed);
  replayed.forEach(({ step, exchange, notSent }, i) => {
    const index = i + 1;
    const request = describeRequest(step.op);
    const recorded = step.op.rec.exchange;
    if (step.skip !== undefined || notSent !== undefined || exchange === undefined) {
      out.notReplayed.push({ index, request, reason: step.skip ?? `not sent: ${notSent ?? 'unknown'}` });
      return;
    }
    if (recorded.outcome !== 'response' || step.op.rec.unanswered) {
      out.lost.push({ index, request, side: 'recorded', error: recorded.outcome === 'response' ? 'no answer was recorded' : `${recorded.error.kind}: ${recorded.error.message}` });
      return;
    }
    if (exchange.outcome !== 'response') {
      out.lost.push({ index, request, side: 'replayed', error: `${exchange.error.kind}: ${exchange.error.message}` });
      return;
    }
    out.compared++;
    // Another request of the same race won this time: the race's answers, taken together, are the same.
    if (raced.has(replayed[i]!)) {
      out.identical++;
      return;
    }
    const raw = diffAnswers(step.op.kind, exchange.request.url, recorded.response, exchange.response, unmap, !step.op.rec.responseBodyMissing);
    const failing = sidedFailures(recordedJudgements(recorded), replayedJudgements(exchange)).map((f) => (f.side === 'replayed' ? { ...f, message: unmap(f.message) } : f));
    const divergences = classify(raw, failing);
    if (divergences.length === 0) {
      out.identical++;
      return;
    }
    for (const d of divergences) out[d.class === 'failure' ? 'failures' : 'allowed']++;
    const entry: ExchangeComparison = { index, request, source: step.op.rec.source, recordedStatus: got(recorded), replayedStatus: got(exchange), divergences, failing };
    out.exchanges.push(entry);
  });
  return out;
}

/**
 * Creates of one name that were in flight at once (sent together again, plan.ts sendGroups) are a race: which of
 * them wins is the target's to decide. Where the race's statuses, taken together, are the same on both sides, an
 * answer whose own status differs is only another request's win: those are returned, not compared one by one.
 */
function racesWonElsewhere(replayed: readonly Replayed[]): Set<Replayed> {
  const out = new Set<Replayed>();
  const byStep = new Map(replayed.map((r) => [r.step, r]));
  const statusOf = (ex: Exchange | undefined) => (ex?.outcome === 'response' ? ex.response.status : undefined);
  for (const group of sendGroups(replayed.map((r) => r.step))) {
    const byName = new Map<string, Replayed[]>();
    for (const step of group) {
      if (step.op.kind !== 'create' || step.op.name === undefined) continue;
      byName.set(step.op.name, [...(byName.get(step.op.name) ?? []), byStep.get(step)!]);
    }
    for (const race of byName.values()) {
      if (race.length < 2) continue;
      const recorded = race.map((r) => statusOf(r.step.op.rec.exchange));
      const again = race.map((r) => statusOf(r.exchange));
      if (recorded.includes(undefined) || again.includes(undefined)) continue;
      const sorted = (xs: (number | undefined)[]) => JSON.stringify([...xs].sort());
      if (sorted(recorded) !== sorted(again)) continue;
      race.forEach((r, k) => recorded[k] !== again[k] && out.add(r));
    }
  }
  return out;
}
