// Waivers, rule selection and the verdict they qualify: a waived MUST failure leaves the run CONFORMANT with the
// waiver named, an expired waiver fails it, a stale one is reported, a skipped MUST rule makes the run partial.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../contracts/rules';
import type { Certificate, RuleResult } from '../../results/model';
import { parseWaivers, qualify, tally } from '../../results/qualify';

function cert(failing: { rule: string; type?: string; operator: string }[]): Certificate {
  const rules: RuleResult[] = RULES.map((r) => {
    const failures = failing.filter((f) => f.rule === r.id).map((f, i) => ({ id: `${r.id}#${i + 1}`, rule: r.id, operator: f.operator, message: 'broke', ...(f.type ? { type: f.type as 'Kafka' } : {}) }));
    return { id: r.id, level: r.level, statement: r.statement, status: failures.length ? 'failed' : 'passed', types: [], cases: 3, failures };
  });
  const verdict = rules.some((r) => r.level === 'MUST' && r.status === 'failed') ? 'non-conformant' : 'conformant';
  return { verdict, profile: 'p', suiteVersion: '0', contractSha256: 'a'.repeat(64), target: 't', seed: 1, runs: 1, startedAt: '', endedAt: '', types: ['Kafka'], rules, counts: {}, exchanges: 1, summary: { must: tally(rules, 'MUST'), should: tally(rules, 'SHOULD') }, incidents: [] };
}

const now = new Date('2026-12-01T12:00:00Z');

describe('waivers', () => {
  const failing = [{ rule: 'status-200', type: 'Kafka', operator: 'valid' }];

  it('a matching unexpired waiver makes the failure waived: CONFORMANT with 1 waiver, not a pass', () => {
    const waivers = parseWaivers([{ rule: 'status-200', type: 'Kafka', reason: 'ticket 42: 201 until v2', expires: '2027-01-31' }]);
    const q = qualify(cert(failing), { waivers, now });
    expect(q.verdict).toBe('conformant');
    expect(q.verdictText).toBe('CONFORMANT with 1 waiver (status-200)');
    const rule = q.rules.find((r) => r.id === 'status-200')!;
    expect(rule.status).toBe('waived');
    expect(rule.failures[0]!.waived).toBe('ticket 42: 201 until v2');
    expect(q.summary.must).toMatchObject({ failed: 0, waived: 1, passed: RULES.filter((r) => r.level === 'MUST').length - 1 });
    expect(q.waivers).toEqual([expect.objectContaining({ state: 'active', matched: 1 })]);
  });

  it('the same waiver expired fails the run', () => {
    const waivers = parseWaivers([{ rule: 'status-200', type: 'Kafka', reason: 'old', expires: '2026-11-30' }]);
    const q = qualify(cert(failing), { waivers, now });
    expect(q.verdict).toBe('non-conformant');
    expect(q.rules.find((r) => r.id === 'status-200')!.status).toBe('failed');
    expect(q.incidents.join('\n')).toMatch(/expired/);
    // Expired even when it matches nothing: still an error.
    expect(qualify(cert([]), { waivers, now }).verdict).toBe('non-conformant');
  });

  it('a waiver for another type or operator does not match, and is reported stale', () => {
    const waivers = parseWaivers([{ rule: 'status-200', type: 'Https', reason: 'x', expires: '2027-01-01' }, { rule: 'status-200', operator: 'other', reason: 'y', expires: '2027-01-01' }]);
    const q = qualify(cert(failing), { waivers, now });
    expect(q.verdict).toBe('non-conformant');
    expect(q.waivers!.map((w) => w.state)).toEqual(['stale', 'stale']);
    expect(q.incidents.filter((i) => /stale/.test(i))).toHaveLength(2);
  });

  it('a rule with one waived and one unwaived failure stays failed', () => {
    const waivers = parseWaivers([{ rule: 'status-200', type: 'Kafka', reason: 'x', expires: '2027-01-01' }]);
    const q = qualify(cert([...failing, { rule: 'status-200', type: 'Https' as string, operator: 'valid' }]), { waivers, now });
    expect(q.rules.find((r) => r.id === 'status-200')!.status).toBe('failed');
    expect(q.verdict).toBe('non-conformant');
  });

  it('refuses malformed waivers with the entry named', () => {
    expect(() => parseWaivers([{ rule: 'nope', reason: 'x', expires: '2027-01-01' }])).toThrow(/\[0\]\.rule/);
    expect(() => parseWaivers([{ rule: 'status-200', reason: '', expires: '2027-01-01' }])).toThrow(/reason/);
    expect(() => parseWaivers([{ rule: 'status-200', reason: 'x', expires: 'soon' }])).toThrow(/expires/);
  });
});

describe('rule selection', () => {
  it('a skipped MUST rule makes the run partial, never unqualified CONFORMANT, and its failures do not count', () => {
    const q = qualify(cert([{ rule: 'no-5xx', operator: 'x' }]), { selection: { skip: ['no-5xx'] }, now });
    expect(q.verdict).toBe('conformant');
    expect(q.qualification).toMatchObject({ partial: true, skippedRules: ['no-5xx'] });
    expect(q.verdictText).toMatch(/^CONFORMANT \(partial: MUST rule no-5xx skipped\)$/);
    expect(q.rules.find((r) => r.id === 'no-5xx')).toMatchObject({ status: 'not-assessed', failures: [] });
  });

  it('--rules keeps only those; skipping only SHOULD rules is not partial', () => {
    const q = qualify(cert([]), { selection: { rules: ['no-5xx'] }, now });
    expect(q.qualification!.skippedRules).toHaveLength(RULES.length - 1);
    expect(q.qualification!.partial).toBe(true);
    const s = qualify(cert([]), { selection: { skip: ['pretty'] }, now });
    expect(s.qualification!.partial).toBe(false);
    expect(s.verdictText).toBe('CONFORMANT');
  });
});

describe('an https target whose certificate was not verified', () => {
  it('makes the run partial, naming --insecure; a verified one does not', () => {
    const insecure = qualify({ ...cert([]), target: 'https://t.example', tls: { verified: false, privateCa: false } }, { now });
    expect(insecure.verdict).toBe('conformant');
    expect(insecure.qualification?.partial).toBe(true);
    expect(insecure.verdictText).toMatch(/^CONFORMANT \(partial: the TLS certificate of https:\/\/t\.example was not verified \(--insecure\)/);
    const verified = qualify({ ...cert([]), target: 'https://t.example', tls: { verified: true, privateCa: true } }, { now });
    expect(verified.qualification?.partial).toBe(false);
  });
});
