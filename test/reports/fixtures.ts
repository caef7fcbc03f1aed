// Hand-built certificates for the report tests: a passing run, and a failing run with secrets planted everywhere a
// producer could leave one (bodies, headers, URLs, counterexamples, messages, notes, curl lines, incidents).
import { RULES } from '../../contracts/rules';
import type { ConnectionType } from '../../contracts/types';
import type { Certificate, Failure, RuleResult, RuleStatus } from '../../results/model';
import type { Exchange } from '../../client/exchange';
import type { Secret } from '../../results/redact';

export const PUBLIC_KEY = 'pubkey-Zq7WmKd';
export const PRIVATE_KEY = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
export const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzYSJ9.c2lnbmF0dXJl';
/** A write-only value with every character that needs escaping somewhere. */
export const NASTY = `Pässwörd"<&>'\`$!/\\ 秘密 🔑`;
export const KAFKA = 'kafkaSecret-9f8e7d6c5b';
export const DIGEST_RESPONSE = '6629fae49393a05397450978507c4ef1';

export const SECRETS: Secret[] = [
  { value: PUBLIC_KEY, env: 'CONFORMANCE_PUBLIC_KEY' },
  { value: PRIVATE_KEY, env: 'CONFORMANCE_PRIVATE_KEY' },
  { value: BEARER, env: 'CONFORMANCE_BEARER' },
  { value: NASTY, env: 'CONFORMANCE_SECRET_1' },
  { value: KAFKA, env: 'CONFORMANCE_SECRET_2' },
];

/** Every planted value, and the forms each may take in a file (raw, JSON-escaped once/twice, URL- and HTML-encoded). */
export function leakForms(value: string): string[] {
  const json1 = JSON.stringify(value).slice(1, -1);
  const json2 = JSON.stringify(json1).slice(1, -1);
  const ascii = JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const html = value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
  return [...new Set([value, json1, json2, ascii, encodeURIComponent(value), encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), html])];
}

export const GROUP = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const TARGET = 'http://127.0.0.1:8080';
const URL = `${TARGET}/api/atlas/v2/groups/${GROUP}/streams/tenant-ü/connections`;

const NOW = '2026-03-01T02:00:00.000Z';

function exchange(id: string, body: unknown, responseBody: string, status = 200): Exchange {
  return {
    id,
    outcome: 'response',
    startedAt: NOW,
    durationMs: 12,
    request: {
      method: 'POST',
      url: `${URL}?envelope=false&token=${encodeURIComponent(KAFKA)}`,
      headers: {
        authorization: `Digest username="${PUBLIC_KEY}", realm="MMS Public API", nonce="abc", uri="/api", qop=auth, nc=00000001, cnonce="0a4f113b", response="${DIGEST_RESPONSE}"`,
        'content-type': 'application/vnd.atlas.2023-02-01+json',
        accept: 'application/vnd.atlas.2023-02-01+json',
        'x-debug-token': BEARER,
      },
      body: JSON.stringify(body),
    },
    response: {
      status,
      statusText: status === 200 ? 'OK' : 'Bad Request',
      headers: { 'content-type': 'application/json', 'set-cookie': `sid=${KAFKA}; HttpOnly`, authorization: `Bearer ${BEARER}` },
      body: responseBody,
      json: JSON.parse(responseBody),
    },
  };
}

const rule = (id: string): (typeof RULES)[number] => RULES.find((r) => r.id === id)!;

function result(id: string, status: RuleStatus, types: ConnectionType[], failures: Failure[], note?: string): RuleResult {
  const r = rule(id);
  return { id: r.id, level: r.level, statement: r.statement, status, types, cases: 10 * Math.max(1, types.length), failures, ...(note ? { note } : {}) };
}

function summarise(rules: RuleResult[]): Certificate['summary'] {
  const zero = (): Record<Exclude<RuleStatus, 'waived'>, number> => ({ passed: 0, failed: 0, 'not-assessed': 0 });
  const s = { must: zero(), should: zero() };
  for (const r of rules) if (r.status !== 'waived') s[r.level === 'MUST' ? 'must' : 'should'][r.status]++;
  return s;
}

function certificate(rules: RuleResult[], extra: Partial<Certificate> = {}): Certificate {
  const mustFailed = rules.some((r) => r.level === 'MUST' && r.status === 'failed');
  return {
    verdict: mustFailed ? 'non-conformant' : 'conformant',
    profile: 'v1',
    suiteVersion: '0.1.0',
    contractSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    target: TARGET,
    seed: 424242,
    runs: 1,
    startedAt: NOW,
    endedAt: '2026-03-01T02:03:30.500Z',
    types: ['Kafka', 'Https', 'Sample'],
    rules,
    counts: { Kafka: { valid: 20, 'wrong-type': 14 }, Https: { valid: 5 }, none: { 'no-credentials': 1 } },
    exchanges: 57,
    summary: summarise(rules),
    incidents: [],
    ...extra,
  };
}

export function passingCertificate(): Certificate {
  return certificate([
    result('status-200', 'passed', ['Kafka', 'Https', 'Sample'], []),
    result('no-5xx', 'passed', [], []),
    result('pretty', 'passed', ['Kafka'], []),
  ]);
}

/** A MUST rule failing for two types (three failures), a SHOULD failure, a passing rule and two not assessed. */
export function failingCertificate(): Certificate {
  const leak: Failure = {
    id: 'no-secret-leak#1',
    rule: 'no-secret-leak',
    type: 'Kafka',
    operator: 'valid',
    message: `authentication.password "${NASTY}" returned in the 200 body <script>alert("x")</script>`,
    counterexample: { name: 'kafka-ü-1', type: 'Kafka', authentication: { mechanism: 'PLAIN', username: 'u', password: NASTY }, config: { [KAFKA]: 'x' } },
    exchange: exchange(
      'x-000001',
      { name: 'kafka-ü-1', type: 'Kafka', authentication: { mechanism: 'PLAIN', username: 'u', password: NASTY } },
      // the target answers with the secret \u-escaped, as some JSON encoders do
      JSON.stringify({ name: 'kafka-ü-1', type: 'Kafka', authentication: { password: NASTY } }).replace(
        /[^\x20-\x7e]|[<>&']/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    ),
  };
  const leak2: Failure = {
    id: 'no-secret-leak#2',
    rule: 'no-secret-leak',
    type: 'Kafka',
    operator: 'valid',
    message: `sslKey echoed in header x-echo: ${KAFKA}`,
    counterexample: { type: 'Kafka', config: { 'a.b': KAFKA } },
    // The engine's own curl line, with a secret the engine forgot to redact.
    curl: `curl --digest -u '${PUBLIC_KEY}:${PRIVATE_KEY}' -X POST '${URL}'`,
  };
  const leak3: Failure = {
    id: 'no-secret-leak#3',
    rule: 'no-secret-leak',
    type: 'Https',
    operator: 'valid',
    message: 'headers echoed ]]> & <b>bold</b>',
    counterexample: { type: 'Https', headers: { Authorization: `Bearer ${BEARER}` } },
    curl: `curl -H 'Authorization: Bearer ${BEARER}' '${URL}'`,
    exchange: exchange('x-000002', { type: 'Https', name: 'h', headers: { Authorization: `Bearer ${BEARER}` } }, '{"error":400}', 400),
  };
  const transport: Failure = {
    id: 'no-5xx#1',
    rule: 'no-5xx',
    operator: 'malformed-json',
    message: 'connection reset\u0000 by target \u0007 after a body with control characters',
    counterexample: '{"name": "\u0001',
    exchange: {
      id: 'x-000003',
      outcome: 'transport-error',
      startedAt: NOW,
      durationMs: 3,
      request: { method: 'POST', url: URL, headers: { 'content-type': 'application/json' }, body: `{"name": "\u0001${KAFKA}` },
      error: { kind: 'reset', message: `socket hang up after ${KAFKA}` },
    },
  };
  const exact: Failure = {
    id: 'exact-400#1',
    rule: 'exact-400',
    type: 'Sample',
    operator: 'wrong-type',
    message: 'answered 422 instead of 400',
    counterexample: { name: 1, type: 'Sample' },
  };
  return certificate(
    [
      result('no-secret-leak', 'failed', ['Kafka', 'Https'], [leak, leak2, leak3]),
      result('no-5xx', 'failed', [], [transport]),
      result('status-200', 'passed', ['Kafka', 'Https', 'Sample'], []),
      result('exact-400', 'failed', ['Sample'], [exact]),
      result('rate-limit', 'not-assessed', [], [], 'the target never answered 429'),
      result('concurrent-create', 'not-assessed', ['Kafka'], [], `needs a second tenant <i>& ${KAFKA}</i>`),
    ],
    {
      target: `${TARGET}/?key=${PRIVATE_KEY}`,
      incidents: [`token refresh failed for ${BEARER}`],
      counts: { Kafka: { valid: 20, [`op-${KAFKA}`]: 1 }, Https: { valid: 5 } },
    },
  );
}
