// Judges recorded traffic with the suites' oracles: every exchange of the operation is held to what every answer
// must be (no 5xx, the ApiError shape, no secret sent coming back, Retry-After on 429), each create to the rules its
// request makes applicable (its path, headers and body, classified by the contract), and the sequences pair.ts
// finds to the rules about sequences. Nothing is sent. A rule the recording gives no case of is not assessed, with
// the reason; a rule is never judged on what the recording does not hold (a body left out, an answer whose
// absence it cannot explain, a request the profile lets a target answer either way).
import { type Contract, loadContract } from '../contracts/loader';
import { RULES, type RuleId } from '../contracts/rules';
import { type ConnectionType, type Fixtures, DEFAULT_FIXTURES, isConnectionType, RESOURCE_VERSION } from '../contracts/types';
import { ONE_MIB, ruleOfShould } from '../generators/labels';
import type { Exchange } from '../client/exchange';
import {
  authMissing, cleanupGone, concurrentCreate, duplicate409, echoFields, envelope, errorCode, errorShape, exact400, groupIdFormat, mayBeEnveloped, no5xx,
  noSecretLeak, parseMediaType, PER_CONNECTION, pretty, readBack, reasonPhrase, rejectsInvalid, rejectsEssential, rejectsEnum, type Judgement, responseNameType,
  responseSchema, retryAfter, type SentSecret, secretsIn, semanticStatus, status200, successMediaType, unknownGroup, unknownTenant,
  versionRejected, versionServed,
} from '../oracles';
import { payloadTooLarge, unsupportedMediaType } from '../oracles/request-limits';
import type { Verdict } from '../oracles/verdict';
import { aggregate, type AggregateInput } from '../runner/aggregate';
import type { Certificate } from '../results/model';
import { Recorder } from '../engine/recorder';
import type { Recording } from './har-read';
import { pairOperations, succeeded } from './pair';
import { connectionKey, type Operation, selectOperations } from './select';
import { recordingSecrets } from './secrets';
import type { Secret } from '../results/redact';

export interface JudgeOptions {
  /** The sample sources and clusters the recorded target knows (certify's --fixtures); without them, findings
   *  that depend on them (an unknown sample source or cluster) are not judged. */
  fixtures?: Fixtures;
  /** The one stream instance the recorded caller has (`GROUP/TENANT`): creates elsewhere are to a project or an
   *  instance it has not, judged by unknown-group and unknown-tenant. */
  onlyInstance?: { groupId: string; tenant: string };
  /** Names the recording in the certificate. */
  files: string[];
  startedAt?: string;
  /** Whether requests were recorded with their Authorization headers, so that one without was sent without
   *  credentials (default: when any request of the recording has one; a replay knows it kept them). */
  authorizationSeen?: boolean;
  /** Hears every judgement with the exchanges it rests on (compare attributes them to exchanges). */
  onJudgement?: (judgement: Judgement, exchanges: readonly Exchange[]) => void;
}

export interface JudgeOutcome {
  certificate: Certificate;
  secrets: Secret[];
  operations: number;
  unrelated: number;
}

/** Answers about the request around the body: authentication and rate limits, not what the rules compare. */
const ABOUT_ACCESS = new Set([401, 403, 429]);
/** Refusals about something other than the body (auth, the path, the Accept, the name, the size, the media type). */
const NOT_ABOUT_BODY = new Set([401, 403, 404, 406, 409, 413, 415, 429]);
const GROUP_ID = /^[a-f0-9]{24}$/;
const VENDOR_ACCEPT = /^application\/vnd\.atlas\.([^+]*)\+json$/;

const SUITE = 'recording';

type Accept = 'current' | 'later' | 'rejected' | 'open';

export function judgeRecording(recording: Recording, opts: JudgeOptions): JudgeOutcome {
  const contract = loadContract();
  const rec = new Recorder(SUITE);
  const { operations, unrelated } = selectOperations(recording.exchanges);
  // Sequences are paired among the operation's usual spellings only: what an open spelling answers says nothing of
  // the resource the plain one names.
  const pairs = pairOperations(operations.filter((o) => o.spelling === 'plain'));
  const fixtures = opts.fixtures;
  const j = (judgement: Judgement, exchanges: readonly Exchange[], op: Operation, operator: string, type?: ConnectionType) => {
    opts.onJudgement?.(judgement, exchanges);
    return rec.judge({ rule: judgement.rule, verdict: judgement, exchanges, operator, ...(type ? { type } : {}), counterexample: { recorded: op.rec.source, ...(op.body !== undefined ? { body: op.body } : {}) } });
  };
  const typeOf = (op: Operation): ConnectionType | undefined => {
    const t = (op.body as { type?: unknown } | undefined)?.type;
    return isConnectionType(t) ? t : undefined;
  };
  // The write-only values a connection was created with: a GET or DELETE of it must not give them back either.
  const secretsByKey = new Map<string, SentSecret[]>();
  const authorizationSeen = opts.authorizationSeen ?? operations.some((o) => o.rec.exchange.request.headers.authorization !== undefined);
  const unanswered = operations.filter((o) => o.rec.unanswered).length;

  for (const op of operations) {
    const ex = op.rec.exchange;
    const type = typeOf(op);
    rec.countCase(type ?? 'none', `recorded-${op.kind}`);
    let secrets: SentSecret[] = [];
    if (op.kind === 'create' && type) {
      secrets = secretsIn(type, op.body, contract);
      if (op.name !== undefined && secrets.length > 0) secretsByKey.set(connectionKey(op), secrets);
    } else if (op.kind === 'get' || op.kind === 'delete') secrets = secretsByKey.get(connectionKey(op)) ?? [];
    observe(j, op, ex, secrets, contract, type);
    if (op.kind === 'create') judgeCreate(op, type);
  }

  function judgeCreate(op: Operation, type: ConnectionType | undefined): void {
    const ex = op.rec.exchange;
    if (ex.outcome !== 'response') return;
    const status = ex.response.status;
    const req = ex.request;
    // A spelling the profile leaves open is held only to the rules every answer is (observe, above).
    if (op.spelling === 'open') return;
    // Enveloped answers (HTTP 200 around the status meant) are judged against their plain twin (below).
    if (op.query.get('envelope') === 'true') return;
    const plain = op.spelling === 'plain';
    if (plain && req.headers.authorization === undefined && authorizationSeen) j(authMissing(ex), [ex], op, 'no-credentials');
    if (ABOUT_ACCESS.has(status)) return;
    // Malformed once decoded, however spelled: 400 or 404.
    if (!GROUP_ID.test(op.groupId)) {
      j(groupIdFormat(ex), [ex], op, 'group-id-malformed');
      return;
    }
    if (opts.onlyInstance && op.groupId !== opts.onlyInstance.groupId) {
      if (plain) j(unknownGroup(ex), [ex], op, 'unknown-group');
      return;
    }
    if (opts.onlyInstance && op.tenant !== opts.onlyInstance.tenant) {
      if (certainlyAnotherInstance(op.tenant, opts.onlyInstance.tenant)) {
        j(unknownTenant(ex), [ex], op, 'unknown-tenant');
        if (status === 404 && !op.rec.responseBodyMissing) j(errorCode(ex, 'STREAM_TENANT_NOT_FOUND_FOR_NAME'), [ex], op, 'unknown-tenant');
      }
      return;
    }
    // The stream instance itself, through percent-encoding: whether a target must decode it the profile does not say.
    if (!plain) return;
    const contentType = parseMediaType(req.headers['content-type'])?.essence;
    if (contentType !== undefined && contentType !== 'application/json' && !VENDOR_ACCEPT.test(contentType)) {
      j(unsupportedMediaType(ex), [ex], op, 'content-type');
      return;
    }
    const accept = acceptKind(req.headers.accept, Object.keys(req.headers).length > 0);
    if (accept === 'rejected') {
      j(versionRejected(ex), [ex], op, 'accept');
      if (status === 406 && !op.rec.responseBodyMissing) j(errorCode(ex, 'INVALID_VERSION_DATE'), [ex], op, 'accept');
      return;
    }
    if (op.rec.requestBodyMissing || req.body === undefined) return;
    const bytes = req.bodyBytes ?? Buffer.byteLength(req.body, 'utf8');
    if (bytes > ONE_MIB) {
      j(payloadTooLarge(ex), [ex], op, 'payload-too-large', type);
      return;
    }
    if (req.bodyTruncated) return;
    const bodyRule = (rule: 'reject-invalid' | 'essential-fields' | 'description-enums', operator: string) => {
      j((rule === 'reject-invalid' ? rejectsInvalid : rule === 'essential-fields' ? rejectsEssential : rejectsEnum)(ex), [ex], op, operator, type);
      if (!NOT_ABOUT_BODY.has(status)) j(exact400(ex), [ex], op, operator, type);
    };
    if (op.body === undefined) return bodyRule('reject-invalid', 'malformed-json');
    // A string no Unicode encoding holds (a lone surrogate), NUL, or bytes that were not UTF-8 (read as U+FFFD):
    // whether a target takes them the profile does not say (the dimensions suite's invalid Unicode).
    if (oddText(op.body)) return;
    if (contract.validateRequestBody(op.body).length > 0) return bodyRule('reject-invalid', 'schema-violation');
    const should = contract.checkShould(op.body, fixtures ?? DEFAULT_FIXTURES).filter((v) => fixtures !== undefined || v.keyword !== 'fixture');
    if (should.length > 0) {
      for (const rule of new Set(should.map((v) => ruleOfShould(v.keyword)))) bodyRule(rule as 'essential-fields' | 'description-enums', 'should-violation');
      return;
    }
    // The open cases (a value fixtures decide, read-only fields sent): no rule but those every answer is held to.
    if (!clean(op.body, type, contract, fixtures)) return;
    if (!succeeded(ex) || op.rec.responseBodyMissing) return;
    j(status200(ex), [ex], op, 'valid', type);
    j(successMediaType(ex), [ex], op, 'valid', type);
    j(responseSchema(ex, contract), [ex], op, 'valid', type);
    j(responseNameType(op.body, ex), [ex], op, 'valid', type);
    if (type) j(echoFields(op.body, ex.response.json, contract.writeOnlyPaths(type)), [ex], op, 'valid', type);
    if (accept === 'later') j(versionServed(ex), [ex], op, 'accept', type);
  }

  // A create that may sit in a sequence: a clean body, answered plainly (an enveloped answer's HTTP status is not the
  // one meant: it is judged against its plain twin), not refused for access.
  const cleanCreate = (op: Operation) => {
    const ex = op.rec.exchange;
    return op.body !== undefined && clean(op.body, typeOf(op), contract, fixtures) && !mayBeEnveloped(ex.request.url) && !(ex.outcome === 'response' && ABOUT_ACCESS.has(ex.response.status));
  };
  const usable = (op: Operation) => !op.rec.responseBodyMissing && !(op.rec.exchange.outcome === 'response' && ABOUT_ACCESS.has(op.rec.exchange.response.status)) && !op.rec.unanswered;

  for (const { create, get } of pairs.readBacks) {
    if (!cleanCreate(create) || !usable(get)) continue;
    j(readBack(create.body, get.rec.exchange), [get.rec.exchange], create, 'read-back', typeOf(create));
  }
  for (const { dup, before, after } of pairs.duplicates) {
    if (!cleanCreate(dup) || !usable(dup) || (after && !usable(after))) continue;
    const d = dup.rec.exchange;
    // Without a GET around it, only the status is judged (duplicate409 compares the original only when read).
    const b = before?.rec.exchange ?? d;
    const a = after?.rec.exchange ?? b;
    j(duplicate409(d, b, a), [d, b, a].filter((x, i, all) => all.indexOf(x) === i), dup, 'duplicate-name', typeOf(dup));
    if (d.outcome === 'response' && d.response.status === 409) j(errorCode(d, 'STREAM_CONNECTION_NAME_ALREADY_EXISTS'), [d], dup, 'duplicate-name', typeOf(dup));
  }
  for (const group of pairs.concurrent) {
    if (!group.every(cleanCreate) || group.some((g) => g.rec.unanswered)) continue;
    j(concurrentCreate(group.map((g) => g.rec.exchange)), group.map((g) => g.rec.exchange), group[0]!, 'concurrent-creates', typeOf(group[0]!));
  }
  for (const { del, finalGet } of pairs.cleanups) {
    if (!finalGet || !usable(del) || !usable(finalGet)) continue;
    j(cleanupGone(del.rec.exchange, finalGet.rec.exchange), [del.rec.exchange, finalGet.rec.exchange], del, 'delete');
  }
  for (const { env, plain } of pairs.envelopeTwins) {
    if (!usable(env) || !usable(plain) || plain.rec.exchange.outcome !== 'response') continue;
    const semantic = semanticStatus(plain.rec.exchange)!;
    const expected = semantic < 300 ? { status: semantic, content: plain.rec.exchange.response.json, ignore: PER_CONNECTION } : { status: semantic };
    j(envelope(env.rec.exchange, expected), [env.rec.exchange, plain.rec.exchange], env, 'envelope');
  }
  for (const { pretty: pr, plain } of pairs.prettyTwins) {
    const p = plain.rec.exchange;
    const x = pr.rec.exchange;
    if (!usable(pr) || !usable(plain) || p.outcome !== 'response' || x.outcome !== 'response' || p.response.status !== x.response.status) continue;
    j(pretty(x, p.response.json, PER_CONNECTION), [x, p], pr, 'pretty');
  }

  for (const [rule, why] of Object.entries(notAssessedReasons(opts, authorizationSeen, pairs.cleanupsUnseen)) as [RuleId, string][]) rec.notAssessedBecause(rule, why);
  const results = rec.results();
  // Every exchange of the operation: aggregate's secret list covers every write-only value any of them sent.
  results.exchangeLog = operations.map((o) => o.rec.exchange);
  results.exchanges = operations.length;
  const notes = [...recording.notes];
  if (unanswered > 0) notes.push(`${unanswered} request(s) of the operation got no answer in the recording (status 0): whether the server, a proxy or the client gave up is not recorded, so no-5xx is not judged on them`);
  if (operations.length === 0) notes.push(`the recording holds no exchange of the operation (POST/GET/DELETE .../api/atlas/v2/groups/{groupId}/streams/{tenantName}/connections[/{name}]); ${unrelated} unrelated exchange(s)`);
  const origins = [...new Set(operations.map((o) => new URL(o.rec.exchange.request.url).origin))];
  const input: AggregateInput = {
    config: {
      target: `${origins.join(', ') || '(no target)'} (recorded: ${opts.files.join(', ')})`,
      groupId: opts.onlyInstance?.groupId ?? '',
      tenant: opts.onlyInstance?.tenant ?? '',
      auth: 'none',
      fixtures: fixtures ?? DEFAULT_FIXTURES,
      types: [...new Set(operations.map(typeOf).filter((t): t is ConnectionType => t !== undefined))],
      seed: 0,
      runs: 0,
      timeoutMs: 0,
      concurrency: 1,
      runPrefix: '',
      suites: [SUITE],
      shrinkBudget: 0,
      concurrentCreates: 0,
      deleteTimeoutMs: 0,
    },
    results: [results],
    contract,
    suiteVersion: '',
    startedAt: opts.startedAt ?? new Date().toISOString(),
    endedAt: new Date().toISOString(),
    remaining: [],
    incidents: notes,
  };
  const { certificate, secrets } = aggregate(input);
  return { certificate, secrets: [...secrets, ...recordingSecrets(operations.map((o) => o.rec.exchange), secrets)], operations: operations.length, unrelated };
}

/** The checks every answer is held to, whatever was asked (as the suites' observe()). */
/** Whether any string or key of a JSON value holds a lone surrogate, NUL or U+FFFD. */
function oddText(v: unknown): boolean {
  const odd = (t: string) => /[\u0000\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t);
  if (typeof v === 'string') return odd(v);
  if (Array.isArray(v)) return v.some(oddText);
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => odd(k) || oddText(x));
  return false;
}

/**
 * Whether a stream instance name (decoded once) is certainly not the caller's one: not the same in another case
 * (whether names are case-sensitive the profile does not say), and nothing a server or proxy may read otherwise
 * (an empty name, a slash, a blank or control character, a trailing dot).
 */
function certainlyAnotherInstance(tenant: string, instance: string): boolean {
  return tenant !== '' && tenant.toLowerCase() !== instance.toLowerCase() && !/[/\s\u0000-\u001f\u007f]/.test(tenant) && !tenant.endsWith('.');
}

function observe(
  j: (judgement: Judgement, exchanges: readonly Exchange[], op: Operation, operator: string, type?: ConnectionType) => Verdict,
  op: Operation,
  ex: Exchange,
  secrets: SentSecret[],
  contract: Contract,
  type: ConnectionType | undefined,
): void {
  const operator = `recorded-${op.kind}`;
  if (op.rec.unanswered) return;
  if (!ex.transportRetry?.tookEffect) j(no5xx(ex), [ex], op, operator, type);
  if (ex.outcome !== 'response') return;
  if (ex.response.status === 429) j(retryAfter(ex), [ex], op, operator, type);
  const enveloped = mayBeEnveloped(ex.request.url);
  if ((ex.response.status >= 400 || enveloped) && !op.rec.responseBodyMissing) {
    j(errorShape(ex, contract, { envelope: enveloped }), [ex], op, operator, type);
    j(reasonPhrase(ex), [ex], op, operator, type);
  }
  if (secrets.length > 0) j(noSecretLeak(secrets, ex), [ex], op, operator, type);
}

/** Accept of a create: the served version (absent, or present with the date of the resource), a later date
 *  (served as it), one the profile says is refused 406, or one it leaves open (`*\/*`, lists). */
function acceptKind(accept: string | undefined, headersRecorded: boolean): Accept {
  if (accept === undefined) return headersRecorded ? 'rejected' : 'open';
  const essence = parseMediaType(accept)?.essence;
  if (accept.includes(',') || essence === undefined) return 'open';
  if (essence === 'application/json') return 'rejected';
  const m = VENDOR_ACCEPT.exec(essence);
  if (!m) return 'open';
  const date = m[1]!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) return 'rejected';
  return date === RESOURCE_VERSION ? 'current' : date > RESOURCE_VERSION ? 'later' : 'rejected';
}

/** A body a target must accept: schema-valid, no SHOULD finding (fixtures only when known), no read-only field. */
function clean(body: unknown, type: ConnectionType | undefined, contract: Contract, fixtures: Fixtures | undefined): boolean {
  if (!type || contract.validateRequestBody(body).length > 0) return false;
  if (contract.checkShould(body, fixtures ?? DEFAULT_FIXTURES).some((v) => fixtures !== undefined || v.keyword !== 'fixture')) return false;
  if (fixtures === undefined && contract.checkShould(body, DEFAULT_FIXTURES).some((v) => v.keyword === 'fixture')) return false;
  const b = body as Record<string, unknown>;
  return contract.readOnlyPaths(type).every((p) => p.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), b) === undefined);
}

/** Why each rule may go without a case in a recording (used only for rules that got none). */
function notAssessedReasons(opts: JudgeOptions, authorizationSeen: boolean, cleanupsUnseen: number): Partial<Record<RuleId, string>> {
  const why: Partial<Record<RuleId, string>> = {
    'status-200': 'the recording holds no create of a valid body answered 2xx (bodies with a sample source or cluster are valid only with --fixtures)',
    'success-media-type': 'the recording holds no create of a valid body answered 2xx',
    'response-schema': 'the recording holds no create of a valid body answered 2xx with its body recorded',
    'response-name-type': 'the recording holds no create of a valid body answered 2xx with its body recorded',
    'echo-fields': 'the recording holds no create of a valid body answered 2xx with its body recorded',
    'no-secret-leak': 'the recording holds no request that sent a write-only value (password, client secret, SSL key)',
    'reject-invalid': 'the recording holds no create whose body breaks the schema',
    'no-5xx': 'the recording holds no answered exchange of the operation',
    'error-shape': 'the recording holds no error answer with its body recorded',
    'reason-phrase': 'the recording holds no error answer with its body recorded',
    'auth-missing': authorizationSeen ? 'the recording holds no create sent without credentials' : 'no request of the recording carries an Authorization header: the recorder may have removed them, so a request without credentials cannot be told',
    'auth-invalid': 'a recording does not show whether a credential was wrong: only certify, which knows the credentials it sends, assesses this rule',
    'auth-role': 'a recording does not show which role a credential has: only certify with --readonly-auth assesses this rule',
    'group-id-format': 'the recording holds no create to a malformed groupId',
    'unknown-group': opts.onlyInstance ? 'the recording holds no create to another project' : 'which projects the caller has is not in a recording: give --only-instance GROUP/TENANT when the recorded caller has only that stream instance',
    'unknown-tenant': opts.onlyInstance ? 'the recording holds no create to another stream instance of the project' : 'which stream instances exist is not in a recording: give --only-instance GROUP/TENANT when the recorded caller has only that stream instance',
    'duplicate-409': 'the recording holds no second create of a name that a create before it made',
    'concurrent-create': 'the recording holds no creates of one name in flight at once (with start times and durations) of which one succeeded',
    envelope: 'the recording holds no create with envelope=true next to the same create without it',
    'rate-limit': 'the target answered no recorded request with 429',
    'pact-must': 'the consumer pact is verified by sending its interactions; judge sends nothing',
    'pact-should': 'the consumer pact is verified by sending its interactions; judge sends nothing',
    'essential-fields': 'the recording holds no create of a schema-valid body missing an essential field',
    'description-enums': 'the recording holds no create of a Kafka body with a mechanism or protocol outside the descriptions',
    'exact-400': 'the recording holds no invalid body refused for its body',
    'unsupported-media-type': 'the recording holds no create with a Content-Type other than JSON',
    'payload-too-large': 'the recording holds no create with a body over 1 MiB',
    'error-codes': 'the recording holds no duplicate refused 409, unknown stream instance answered 404 or version refused 406',
    'versioned-accept': 'the recording holds no create with a later, earlier, malformed, plain-JSON or missing versioned Accept',
    pretty: 'the recording holds no create with pretty=true next to the same create without it',
    'read-back': 'the recording holds no GET of a connection after a create of a valid body made it',
    cleanup: cleanupsUnseen > 0 ? `the recording holds ${cleanupsUnseen} DELETE(s) of created connections but no GET after them` : 'the recording holds no DELETE of a connection it saw created followed by a GET',
  };
  for (const r of RULES) why[r.id] ??= 'the recording holds no exchange this rule is about';
  return why;
}
