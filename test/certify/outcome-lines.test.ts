import { describe, expect, it } from 'vitest';
import { outcomeLines } from '../../cli/commands/certify';
import type { Certificate } from '../../results/model';

const SECRET = 'scsecret-password-PlantedInAMessage42';

function certificateWith(message: string, incident: string): Certificate {
  return {
    verdict: 'non-conformant',
    profile: 'conformance-profile v1',
    suiteVersion: '0.1.0',
    contractSha256: '0'.repeat(64),
    target: 'http://127.0.0.1:1',
    seed: 1,
    runs: 1,
    startedAt: '2026-11-29T00:00:00.000Z',
    endedAt: '2026-11-29T00:00:01.000Z',
    types: ['Kafka'],
    rules: [
      { id: 'response-name-type', level: 'MUST', statement: 's', status: 'failed', types: ['Kafka'], cases: 1, failures: [{ id: 'response-name-type#1', rule: 'response-name-type', operator: 'valid', message }] },
      { id: 'status-200', level: 'MUST', statement: 's', status: 'passed', types: ['Kafka'], cases: 1, failures: [] },
    ],
    counts: {},
    exchanges: 1,
    summary: { must: { passed: 1, failed: 1, 'not-assessed': 0 }, should: { passed: 0, failed: 0, 'not-assessed': 0 } },
    incidents: [incident],
  };
}

describe('certify terminal output', () => {
  it('names each failed rule and incident, with the run secrets redacted', () => {
    const lines = outcomeLines(
      certificateWith(`response name "${SECRET}" differs from the name sent`, `target said ${JSON.stringify({ p: SECRET })}`),
      [{ value: SECRET, env: 'CONFORMANCE_SECRET_1' }],
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/FAILED MUST\s+response-name-type: response name/);
    expect(lines[1]).toMatch(/^ {2}incident: target said/);
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.join('\n')).toContain('CONFORMANCE_SECRET_1');
  });
});
