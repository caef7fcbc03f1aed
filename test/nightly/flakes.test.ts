import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import { attemptResult, type CertifyRunner, classifyFlakes, classOf, type RerunRequest, rerunTypes } from '../../nightly/flakes';
import type { Failure } from '../../results/model';
import { makeCert, rule } from './fixtures';

/** A night in which status-200 failed for Sample and Https, and auth-missing (type-independent) failed. */
const night = makeCert({
  types: ['Sample', 'Cluster', 'Https'],
  seed: 1234,
  runs: 7,
  rules: {
    'status-200': { status: 'failed', failures: [{ type: 'Sample' }, { type: 'Https' }] },
    'auth-missing': { status: 'failed', failures: [{ operator: 'no-credentials' }] },
    pretty: { status: 'failed', failures: [{ type: 'Https' }] },
  },
});

/**
 * A fake certify: attempt k fails the rules `script[k-1]` says (rule -> failing types, or [] for a type-less
 * failure), passes the rest; `null` means the re-run could not be made.
 */
function fakeRunner(script: (Partial<Record<RuleId, ConnectionType[]>> | null)[]): CertifyRunner & { calls: RerunRequest[] } {
  const calls: RerunRequest[] = [];
  const runner = async (req: RerunRequest) => {
    calls.push(req);
    const plan = script[req.attempt - 1];
    if (plan === null || plan === undefined) return { kind: 'no-run' as const, exitCode: 2, reason: 'target unreachable at http://127.0.0.1:1' };
    const rules = Object.fromEntries(
      Object.entries(plan).map(([id, types]) => [id, { status: 'failed' as const, failures: (types!.length ? types! : [undefined]).map((t) => (t ? { type: t } : {})) }]),
    );
    const certificate = makeCert({ types: req.types, seed: req.seed, runs: req.runs, rules });
    return { kind: 'certificate' as const, exitCode: certificate.verdict === 'conformant' ? 0 : 1, certificate };
  };
  return Object.assign(runner, { calls });
}

const classes = (cert: typeof night) =>
  Object.fromEntries(cert.rules.flatMap((r) => r.failures.map((f) => [`${f.id}${f.type ? `/${f.type}` : ''}`, f.classification])));

describe('classifyFlakes', () => {
  it('classes FAILED (failed in every re-run), FLAKY (in some) and FIXED (in none), per failure and type', async () => {
    const runner = fakeRunner([
      { 'status-200': ['Sample', 'Https'], 'auth-missing': [] },
      { 'status-200': ['Sample'] },
      { 'status-200': ['Sample'], 'auth-missing': [] },
    ]);
    const report = await classifyFlakes(night, runner);
    expect(classes(report.certificate)).toEqual({
      'status-200#1/Sample': 'FAILED',
      'status-200#2/Https': 'FLAKY',
      'auth-missing#1': 'FLAKY',
      'pretty#1/Https': 'FIXED',
    });
    expect(report.failures.find((f) => f.id === 'status-200#2')!.results).toEqual(['failed', 'passed', 'passed']);
    expect(report.failures.find((f) => f.id === 'pretty#1')).toMatchObject({ operator: 'valid', results: ['passed', 'passed', 'passed'], classification: 'FIXED' });
  });

  it('re-runs three times with the night\'s seed and runs, restricted to the failing types', async () => {
    const runner = fakeRunner([{}, {}, {}]);
    const report = await classifyFlakes(night, runner);
    expect(runner.calls).toEqual([1, 2, 3].map((attempt) => ({ attempt, types: ['Sample', 'Https'], seed: 1234, runs: 7 })));
    expect(report.types).toEqual(['Sample', 'Https']);
  });

  it('honours another number of attempts and refuses a nonsensical one', async () => {
    const runner = fakeRunner([{ pretty: ['Https'] }, {}, {}, {}, {}]);
    const report = await classifyFlakes(night, runner, { attempts: 5 });
    expect(runner.calls).toHaveLength(5);
    expect(rule(report.certificate, 'pretty').failures[0]!.classification).toBe('FLAKY');
    await expect(classifyFlakes(night, runner, { attempts: 0 })).rejects.toThrow(/at least 1/);
  });

  it('does not re-run anything when nothing failed', async () => {
    const clean = makeCert({ types: ['Sample'] });
    const runner = fakeRunner([]);
    const report = await classifyFlakes(clean, runner);
    expect(runner.calls).toEqual([]);
    expect(report.certificate).toBe(clean);
  });

  it('counts a re-run that could not be made as telling nothing, and records it as an incident', async () => {
    const runner = fakeRunner([null, { 'status-200': ['Sample'] }, null]);
    const report = await classifyFlakes(night, runner);
    expect(classes(report.certificate)['status-200#1/Sample']).toBe('FAILED');
    expect(classes(report.certificate)['status-200#2/Https']).toBe('FIXED');
    expect(report.certificate.incidents).toEqual([
      'flake re-run 1 of 3 could not be made: target unreachable at http://127.0.0.1:1',
      'flake re-run 3 of 3 could not be made: target unreachable at http://127.0.0.1:1',
    ]);
  });

  it('leaves failures unclassified when no re-run could be made, a runner that throws included', async () => {
    const throwing: CertifyRunner = async () => {
      throw new Error('spawn ENOENT');
    };
    const report = await classifyFlakes(night, throwing);
    expect(Object.values(classes(report.certificate)).every((c) => c === undefined)).toBe(true);
    expect(report.certificate.incidents[0]).toBe('flake re-run 1 of 3 could not be made: spawn ENOENT');
    // The verdict is the night's: classes inform, they do not acquit.
    expect(report.certificate.verdict).toBe('non-conformant');
  });

  it('keeps the night\'s verdict even when every failure is FIXED', async () => {
    const report = await classifyFlakes(night, fakeRunner([{}, {}, {}]));
    expect(Object.values(classes(report.certificate))).toEqual(['FIXED', 'FIXED', 'FIXED', 'FIXED']);
    expect(report.certificate.verdict).toBe('non-conformant');
    expect(report.certificate.summary).toEqual(night.summary);
  });

  it('replaces a classification from an earlier pass', async () => {
    const classified = (await classifyFlakes(night, fakeRunner([{}, {}, {}]))).certificate;
    const again = await classifyFlakes(classified, fakeRunner([{ pretty: ['Https'] }, { pretty: ['Https'] }, { pretty: ['Https'] }]));
    expect(rule(again.certificate, 'pretty').failures[0]!.classification).toBe('FAILED');
  });
});

describe('rerunTypes', () => {
  it('takes the types failures name, plus the first type certified when a failure names none', () => {
    expect(rerunTypes(night)).toEqual(['Sample', 'Https']);
    const typeless = makeCert({ types: ['Kafka', 'Https'], rules: { 'auth-missing': { status: 'failed', failures: [{}] } } });
    expect(rerunTypes(typeless)).toEqual(['Kafka']);
    const typed = makeCert({ types: ['Kafka', 'Https'], rules: { 'status-200': { status: 'failed', failures: [{ type: 'Https' }] } } });
    expect(rerunTypes(typed)).toEqual(['Https']);
  });
});

describe('attemptResult and classOf', () => {
  const failure = (type?: ConnectionType): Pick<Failure, 'type'> => (type ? { type } : {});
  const rerun = (status: 'passed' | 'failed' | 'not-assessed', failures: Partial<Failure>[] = [], types: ConnectionType[] = ['Sample', 'Https']) =>
    rule(makeCert({ types, rules: { 'status-200': { status, failures, types } } }), 'status-200');

  it('says failed when the rule failed again for the failure\'s type, passed when it held for it', () => {
    expect(attemptResult(failure('Sample'), rerun('failed', [{ type: 'Sample' }]))).toBe('failed');
    expect(attemptResult(failure('Https'), rerun('failed', [{ type: 'Sample' }]))).toBe('passed');
    expect(attemptResult(failure('Https'), rerun('passed'))).toBe('passed');
    expect(attemptResult(failure(), rerun('failed', [{ type: 'Sample' }]))).toBe('failed');
    expect(attemptResult(failure(), rerun('passed'))).toBe('passed');
  });

  it('says inconclusive when the re-run did not assess the rule or the type', () => {
    expect(attemptResult(failure('Sample'), rerun('not-assessed'))).toBe('inconclusive');
    expect(attemptResult(failure('Sample'), undefined)).toBe('inconclusive');
    expect(attemptResult(failure('Kafka'), rerun('passed'))).toBe('inconclusive');
  });

  it('says failed when the rule failed and its failure list was cut before the type could show', () => {
    const cut = Array.from({ length: 25 }, () => ({ type: 'Sample' as const }));
    expect(attemptResult(failure('Https'), rerun('failed', cut))).toBe('failed');
    expect(attemptResult(failure('Https'), rerun('failed', [{}]))).toBe('failed');
  });

  it('classes from the results that could tell', () => {
    expect(classOf(['failed', 'failed', 'failed'])).toBe('FAILED');
    expect(classOf(['passed', 'passed', 'passed'])).toBe('FIXED');
    expect(classOf(['failed', 'passed', 'failed'])).toBe('FLAKY');
    expect(classOf(['inconclusive', 'failed', 'inconclusive'])).toBe('FAILED');
    expect(classOf(['inconclusive', 'passed', 'failed'])).toBe('FLAKY');
    expect(classOf(['inconclusive', 'inconclusive', 'inconclusive'])).toBeUndefined();
  });
});
