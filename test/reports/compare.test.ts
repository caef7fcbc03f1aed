import { describe, expect, it } from 'vitest';
import { compareCertificates, renderComparisonMarkdown } from '../../reports/compare';
import type { Certificate, Failure, RuleResult } from '../../results/model';
import { failingCertificate, passingCertificate } from './fixtures';

const failure = (rule: RuleResult['id'], type?: Failure['type']): Failure => ({
  id: `${rule}#1`,
  rule,
  operator: 'valid',
  message: `${rule} broke | badly <b>`,
  ...(type ? { type } : {}),
});

function withRules(base: Certificate, rules: RuleResult[]): Certificate {
  return { ...base, rules, verdict: rules.some((r) => r.level === 'MUST' && r.status === 'failed') ? 'non-conformant' : 'conformant' };
}

const rule = (id: RuleResult['id'], level: RuleResult['level'], status: RuleResult['status'], failures: Failure[] = []): RuleResult => ({
  id,
  level,
  statement: id,
  status,
  types: ['Kafka', 'Https'],
  cases: 4,
  failures,
});

describe('compareCertificates', () => {
  const previous = withRules(passingCertificate(), [
    rule('status-200', 'MUST', 'passed'),
    rule('no-5xx', 'MUST', 'failed', [failure('no-5xx', 'Kafka')]),
    rule('pretty', 'SHOULD', 'failed', [failure('pretty', 'Kafka')]),
    rule('rate-limit', 'MUST', 'not-assessed'),
    rule('envelope', 'MUST', 'passed'),
    rule('cleanup', 'SHOULD', 'passed'),
  ]);
  const current = withRules({ ...passingCertificate(), seed: 7, startedAt: '2026-03-02T02:00:00.000Z' }, [
    rule('status-200', 'MUST', 'failed', [failure('status-200', 'Https')]),
    rule('no-5xx', 'MUST', 'passed'),
    rule('pretty', 'SHOULD', 'failed', [failure('pretty', 'Kafka'), failure('pretty', 'Https')]),
    rule('rate-limit', 'MUST', 'passed'),
    rule('envelope', 'MUST', 'not-assessed'),
    rule('read-back', 'SHOULD', 'failed', [failure('read-back')]),
  ]);
  const c = compareCertificates(previous, current);

  it('finds newly failing, newly passing and still failing rules', () => {
    expect(c.newlyFailing.map((r) => r.id)).toEqual(['status-200']);
    expect(c.newlyFailing[0]).toMatchObject({ previous: 'passed', current: 'failed', failingTypes: ['Https'], failures: 1 });
    expect(c.newlyPassing.map((r) => [r.id, r.previous])).toEqual([['no-5xx', 'failed'], ['rate-limit', 'not-assessed']]);
    expect(c.stillFailing.map((r) => r.id)).toEqual(['pretty']);
    expect(c.stillFailing[0]!.newlyFailingTypes).toEqual(['Https']);
    expect(c.noLongerAssessed.map((r) => r.id)).toEqual(['envelope']);
  });

  it('finds rules added and removed, and a verdict change', () => {
    expect(c.added.map((r) => [r.id, r.current])).toEqual([['read-back', 'failed']]);
    expect(c.removed.map((r) => [r.id, r.previous])).toEqual([['cleanup', 'passed']]);
    expect(c.verdictChanged).toBe(false); // non-conformant both nights (no-5xx then status-200)
    expect(compareCertificates(passingCertificate(), failingCertificate()).verdictChanged).toBe(true);
  });

  it('reports nothing for a certificate compared with itself', () => {
    const same = compareCertificates(failingCertificate(), failingCertificate());
    expect(same.newlyFailing).toEqual([]);
    expect(same.newlyPassing).toEqual([]);
    expect(same.added).toEqual([]);
    expect(same.removed).toEqual([]);
    expect(same.stillFailing.map((r) => r.id)).toEqual(['no-secret-leak', 'no-5xx', 'exact-400']);
    expect(same.caveats).toEqual([]);
    expect(renderComparisonMarkdown(same)).toContain('No rule changed status.');
  });

  it('notes what makes two runs less comparable', () => {
    const other = { ...passingCertificate(), suiteVersion: '0.2.0', contractSha256: 'f'.repeat(64) };
    expect(compareCertificates(passingCertificate(), other).caveats).toEqual(['the contract changed', 'the suite version changed (0.1.0 → 0.2.0)']);
  });
});

describe('renderComparisonMarkdown', () => {
  it('renders each section with rule, status change, types and escaped first message', () => {
    const previous = withRules(passingCertificate(), [rule('status-200', 'MUST', 'passed'), rule('no-5xx', 'MUST', 'failed', [failure('no-5xx')])]);
    const current = withRules({ ...passingCertificate(), contractSha256: 'a'.repeat(64) }, [
      rule('status-200', 'MUST', 'failed', [failure('status-200', 'Kafka')]),
      rule('no-5xx', 'MUST', 'passed'),
    ]);
    const md = renderComparisonMarkdown(compareCertificates(previous, current));
    expect(md).toContain('### Newly failing (1)');
    expect(md).toContain('- MUST `status-200` (passed → failed) — Kafka: status\\-200 broke \\| badly &lt;b&gt;');
    expect(md).toContain('### Newly passing (1)');
    expect(md).toContain('- MUST `no-5xx` (failed → passed)');
    expect(md).toContain('> Note: the contract changed.');
    expect(md).not.toContain('Still failing');
    expect(md).not.toContain('<b>');
  });
});
