// certify --record, then judge of the recording: a conforming run is conforming from its HAR, with every rule the
// run assessed assessed again (or a stated reason); the recording holds no secret in clear.
import { describe, expect, it } from 'vitest';
import { readHar } from '../../traffic/har-read';
import { judgeHar, NEVER_FROM_A_RECORDING, recordReference, statuses } from './helpers';

describe('judge of a --record of a conforming run', () => {
  it('passes, and assesses every rule the run assessed (or says why not)', async () => {
    const { result, har, info } = await recordReference({ suites: ['auth', 'path', 'protocol', 'positive', 'negative', 'conflict', 'dimensions'], types: ['Kafka'] });
    expect(result.certificate.verdict).toBe('conformant');
    // Every exchange of the run is in the recording (the final sweep's too).
    expect(readHar(har, 'run.har').exchanges.length).toBeGreaterThanOrEqual(result.certificate.exchanges);
    // No secret in clear: not the credentials, not a write-only value the run sent.
    for (const s of result.secrets) expect(har.includes(s.value), s.env).toBe(false);
    const [, , privateKey] = info.auth.split(':');
    expect(har).not.toContain(privateKey);

    const judged = judgeHar(har, info);
    expect(judged.certificate.verdict).toBe('conformant');
    const before = statuses(result.certificate);
    const after = statuses(judged.certificate);
    for (const [rule, status] of Object.entries(before)) {
      if (status !== 'passed') continue;
      if (NEVER_FROM_A_RECORDING.has(rule)) {
        const r = judged.certificate.rules.find((x) => x.id === rule)!;
        expect(r.status, rule).toBe('not-assessed');
        expect(r.note, rule).toMatch(/recording/);
      } else expect(after[rule], rule).toBe('passed');
    }
    // Without --only-instance, which projects and instances exist is not known: said, not guessed.
    const blind = judgeHar(har);
    expect(blind.certificate.rules.find((r) => r.id === 'unknown-tenant')!.note).toMatch(/--only-instance/);
    expect(blind.certificate.verdict).toBe('conformant');
  }, 300_000);
});
