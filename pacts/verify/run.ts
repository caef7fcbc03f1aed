// Provider verification: replays contracts/pacts against a target with the Pact verifier, provider states set up
// through the target's own API, requests authenticated by the loopback gateway (gateway.ts). Resolves to a
// per-interaction verdict; never prints a credential.
import { fileURLToPath } from 'node:url';
import { Verifier } from '../pact-lib';
import { loadContract } from '../../contracts/loader';
import { type Credential, TargetClient } from '../../client';
import { createRateLimiter } from '../../client/rate-limiter';
import { type TlsTrust, untrustedCertificate } from '../../client/transport';
import { type LedgerEntry, ledgerKey, listNames, recordCreates } from '../../engine/ledger';
import { exampleBodies } from '../bodies';
import { buildInteractions } from '../interactions';
import { DEFAULT_PACT_SEED, PACT_FILE_NAME, PACTS_DIR, STATE_NAMES } from '../names';
import { invalidCredentialFor, startGateway } from './gateway';
import { VerifySetupError } from './setup-error';
import { type StateFailure, buildStateHandlers, ensureAbsent } from './states';

export interface VerifyOptions {
  targetUrl: string;
  groupId: string;
  tenant: string;
  credential: Credential;
  readOnlyCredential?: Credential;
  pactFile?: string;
  /** Most requests sent to reach the rate limit for the 429 interaction; 0: the probe is off and that interaction
   *  is not verifiable (the profile: "429 (if any)"). */
  rateLimitProbe?: number;
  timeoutMs?: number;
  /** The settle bound, ms (states.ts). */
  settleMs?: number;
  /** Cap on requests per second, all of the verification's clients together (certify's --rate). */
  ratePerSecond?: number;
  /** Certificates trusted for an https target besides node's own. */
  tls?: TlsTrust;
  /** Where the Pact verifier's own report goes (it writes to stdout natively; this gets our summary lines). */
  log?: (line: string) => void;
}

export interface InteractionVerdict {
  description: string;
  /** See InteractionSpec.level. */
  level: 'MUST' | 'SHOULD';
  ok: boolean;
  /** Why it failed: the verifier's mismatches and any state-change failure of its provider states. */
  reasons: string[];
  /** Set when a provider state could not be set up for a reason that is no fault of the target. */
  notAssessed?: string;
}

export interface VerifyResult {
  /** Every assessed interaction passed (those not verifiable do not count against it). */
  ok: boolean;
  interactions: InteractionVerdict[];
  stateFailures: StateFailure[];
  /** Connections the verification sent creates for that could have succeeded (provider states and interactions). */
  sent: LedgerEntry[];
}

export const DEFAULT_RATE_LIMIT_PROBE = 1000;

export async function verifyPacts(opts: VerifyOptions): Promise<VerifyResult> {
  const pactFile = opts.pactFile ?? fileURLToPath(new URL(PACT_FILE_NAME, PACTS_DIR));
  // The state names (and their kinds) come from the same builder that wrote the pact.
  const specs = buildInteractions(exampleBodies(DEFAULT_PACT_SEED), loadContract());
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // The three clients keep one cap together.
  const rate = { rateLimiter: createRateLimiter(opts.ratePerSecond), ...(opts.tls ? { tls: opts.tls } : {}) };
  const client = new TargetClient({ baseUrl: opts.targetUrl, credential: opts.credential, timeoutMs, idPrefix: 'pact-state-', ...rate });
  // The probe must reach the limit and the gateway forward as asked: neither paces itself by it.
  const probeClient = new TargetClient({ baseUrl: opts.targetUrl, credential: opts.credential, timeoutMs, maxRetries429: 0, idPrefix: 'pact-probe-', pace: false, ...rate });
  // The gateway must hand the verifier every answer as it came, 429 included.
  const forwardClient = new TargetClient({ baseUrl: opts.targetUrl, credential: opts.credential, timeoutMs, maxRetries429: 0, idPrefix: 'pact-', pace: false, ...rate });
  const failures: StateFailure[] = [];
  const sent = new Map<string, LedgerEntry>();
  for (const c of [client, forwardClient]) recordCreates(c, (e) => sent.set(ledgerKey(e), e));
  const gateway = await startGateway(forwardClient, {
    admin: opts.credential,
    ...(opts.readOnlyCredential ? { readOnly: opts.readOnlyCredential } : {}),
    invalid: invalidCredentialFor(opts.credential),
  });
  try {
    await client.prepare();
    await preflight(client, opts.groupId, opts.tenant);
    // What was there before is never touched; what the verification made and its states did not take away (a last
    // interaction's teardown may not run before the verifier ends) is deleted below.
    const before = await listNames(client, opts.groupId, opts.tenant);
    const limited = watchRateLimitedRequest(forwardClient, failures);
    const lost = watchLostAnswers(forwardClient);
    const stateHandlers = buildStateHandlers(
      specs,
      {
        client,
        probeClient,
        groupId: opts.groupId,
        tenant: opts.tenant,
        hasReadOnly: opts.readOnlyCredential !== undefined,
        rateLimitProbe: opts.rateLimitProbe ?? 0,
        ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}),
        ...(before.ok ? { foreign: before.names } : {}),
        onLimited: limited,
      },
      failures,
    );
    let outcome: unknown;
    let error: unknown;
    try {
      outcome = await new Verifier({
        providerBaseUrl: gateway.url,
        pactUrls: [pactFile],
        // pact-js types stateHandlers as the intersection of its HTTP and message handler types, which no object
        // satisfies; these are the HTTP shapes its proxy calls (setup function, or {setup, teardown}).
        stateHandlers: stateHandlers as never,
        logLevel: 'error',
      }).verifyProvider();
    } catch (e) {
      error = e;
    }
    const summary = summarise(pactFile, error, outcome, failures, specs.map((s) => ({ description: s.description, level: s.level, states: s.states.map((x) => x.name) })), lost);
    const left = [...sent.values()].filter((e) => e.groupId === opts.groupId && e.tenant === opts.tenant && !(before.ok && before.names.has(e.name)));
    for (const e of left) {
      try {
        // Without 429 retries: once the rate-limit probe has drained the target's limit, honouring Retry-After would
        // hold the run for minutes; what is left then is reported (and certify's final sweep deletes it later).
        await ensureAbsent({ client: probeClient, groupId: e.groupId, tenant: e.tenant, ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}) }, e.name, 'cleanup after verification');
      } catch (err) {
        opts.log?.(`could not delete ${e.name} after the verification: ${(err as Error).message}`);
      }
    }
    return { ...summary, sent: [...sent.values()] };
  } finally {
    await gateway.close();
    await Promise.all([client.close(), probeClient.close(), forwardClient.close()]);
  }
}

export { VerifySetupError };

/**
 * The rate-limit state holds when its probe sees a 429, but a limit may be lifted (a window ends, a bucket refills)
 * before the verifier's next request arrives. That request, answered 2xx, was processed: the caller was not limited
 * then, which the profile allows ("429 (if any)"), so the interaction is not verifiable rather than failed. Any
 * other answer (a wrong status while limited, a 429 without Retry-After) is judged as it is.
 */
function watchRateLimitedRequest(forward: TargetClient, failures: StateFailure[]): () => void {
  let armed = false;
  forward.onSent((_req, ex) => {
    if (!armed) return;
    armed = false;
    if (ex.outcome !== 'response' || ex.response.status < 200 || ex.response.status > 299) return;
    failures.push({
      state: STATE_NAMES.rateLimited,
      action: 'setup',
      message: `the target answered the request ${ex.response.status} moments after a 429: its rate limit was lifted before the request arrived, so the 429 interaction could not be verified`,
      unavailable: true,
    });
  });
  return () => {
    armed = true;
  };
}

/**
 * The verifier sends one request per interaction, in the pact's order, through the gateway: the Nth request the
 * gateway forwards is the Nth interaction's. An answer lost in transport (a proxy reset it; the gateway could only
 * answer 502) is a transport incident, never the target's failure: that interaction, if it failed, is not assessed.
 */
function watchLostAnswers(forward: TargetClient): Map<number, string> {
  const lost = new Map<number, string>();
  let n = 0;
  forward.onSent((req, ex) => {
    // The client's own reads (a GET by name after a lost create) are not the verifier's.
    if (req.cleanup) return;
    if (ex.outcome === 'transport-error') lost.set(n, `its answer was lost in transport (${ex.error.kind}), a transport incident: not assessed`);
    n++;
  });
  return lost;
}

/** One list request first: a target that is down, refuses the credential or lacks the stream instance is a setup
 * problem (exit 2), not eighteen failed interactions. */
async function preflight(client: TargetClient, groupId: string, tenant: string): Promise<void> {
  const ex = await client.list(groupId, tenant);
  if (ex.outcome === 'transport-error') throw new VerifySetupError(untrustedCertificate(ex.error) ?? `the target did not answer (${ex.error.kind}: ${ex.error.message})`);
  const { status } = ex.response;
  if (status === 200) return;
  const code = (ex.response.json as { errorCode?: unknown } | undefined)?.errorCode;
  const why = `${status}${typeof code === 'string' ? ` ${code}` : ''}`;
  if (status === 401 || status === 403) throw new VerifySetupError(`the --auth credential was refused listing connections (${why})`);
  if (status === 404) throw new VerifySetupError(`stream instance ${tenant} of group ${groupId} was not found (${why}); check --group-id and --tenant`);
  throw new VerifySetupError(`listing connections of ${tenant} answered ${why}, expected 200`);
}

interface VerifierReport {
  errors?: { interaction?: string; mismatch?: { mismatches?: { mismatch?: string; path?: string; type?: string }[]; message?: string; type?: string } }[];
  interactionResults?: { description: string; result: string }[];
  result?: boolean;
}

/** Turns the verifier's answer (a JSON report, on success or in the rejection's message) into verdicts. */
export function summarise(
  pactFile: string,
  error: unknown,
  outcome: unknown,
  stateFailures: StateFailure[],
  specs: { description: string; level: 'MUST' | 'SHOULD'; states: string[] }[],
  lost: ReadonlyMap<number, string> = new Map(),
): Omit<VerifyResult, 'sent'> {
  const report = parseReport(error ?? outcome);
  if (!report?.interactionResults) {
    const msg = error instanceof Error ? error.message : String(error ?? 'no report');
    throw new Error(`the Pact verifier gave no report for ${pactFile}: ${msg.slice(0, 2000)}`);
  }
  const interactions = report.interactionResults.map((r, index): InteractionVerdict => {
    const reasons: string[] = [];
    for (const e of report.errors ?? []) {
      if (!e.interaction?.endsWith(` - ${r.description}`) && e.interaction !== r.description) continue;
      for (const m of e.mismatch?.mismatches ?? []) reasons.push(`${m.path ? `${m.path}: ` : ''}${m.mismatch ?? m.type ?? 'mismatch'}`);
      if (e.mismatch?.message) reasons.push(e.mismatch.message);
    }
    const spec = specs.find((s) => s.description === r.description);
    const states = spec?.states ?? [];
    for (const f of stateFailures) if (states.includes(f.state)) reasons.push(`provider state "${f.state}" ${f.action} failed: ${f.message}`);
    const ok = r.result === 'OK' && reasons.length === 0;
    if (!ok && reasons.length === 0) reasons.push(`verifier result: ${r.result}`);
    // An interaction the pact has but our builder does not (another pact file) counts at full strength.
    const unavailable = stateFailures.find((f) => f.unavailable && states.includes(f.state)) ?? (!ok && lost.has(index) ? { message: lost.get(index)! } : undefined);
    return {
      description: r.description,
      level: spec?.level ?? 'MUST',
      ok,
      reasons: [...new Set(reasons)],
      ...(unavailable ? { notAssessed: unavailable.message } : {}),
    };
  });
  // The verifier's own overall result counts the interactions that could not be verified as failed: ours does not.
  const assessed = interactions.filter((i) => !i.notAssessed);
  return { ok: assessed.every((i) => i.ok) && (report.result !== false || assessed.length < interactions.length), interactions, stateFailures };
}

function parseReport(v: unknown): VerifierReport | undefined {
  const text = v instanceof Error ? v.message : typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start)) as VerifierReport;
  } catch {
    return undefined;
  }
}
