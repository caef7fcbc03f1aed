// Runs verifyPacts in a child process (dist/pact-verifier-child.js), so that the Pact verifier's native report
// (written straight to the process's stdout) stays out of the certification's output. The two talk over the child's
// IPC channel: the options, credentials included, go in one message and the answer comes back in another; nothing
// travels in argv, the environment or a file. This side imports neither the verifier nor @pact-foundation/pact:
// the suites load in a vitest worker, where the library alone cost a quarter of a second and its native core's
// memory.
//
// The child can be started ahead of time (warmVerifier): it loads (about half a second) while other suites run and
// verifies when asked. A child that ends without an answer is reported at once, never waited for; one whose parent
// is gone (its IPC channel closed) exits.
import { type ChildProcess, fork } from 'node:child_process';
import { packagePath } from '../../util/package-root';
import type { TlsTrust } from '../../client/transport';
import type { VerifyResult } from './run';
import { VerifySetupError } from './setup-error';

export interface IsolatedVerifyOptions {
  targetUrl: string;
  groupId: string;
  tenant: string;
  /** Credential texts (digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET). */
  auth: string;
  readonlyAuth?: string;
  timeoutMs: number;
  rateLimitProbe: number;
  /** The settle bound, ms (pacts/verify/states.ts). */
  settleMs?: number;
  /** Cap on requests per second (certify's --rate). */
  rate?: number;
  /** Certificates trusted for an https target besides node's own. */
  tls?: TlsTrust;
}

/** The child's compiled entry point (tsup.config.ts), the same from a checkout (after `npm run build`) and installed. */
export const CHILD = packagePath('dist', 'pact-verifier-child.js');

export type ChildRequest = { kind: 'verify'; options: IsolatedVerifyOptions };
export type ChildAnswer = { ok: true; result: VerifyResult } | { ok: false; setup: boolean; message: string };

export interface PreparedVerifier {
  /** The child's process id (diagnostics). */
  readonly pid: number | undefined;
  /** Asks the child to verify (once) and waits for its answer; rejects with VerifySetupError (or Error) as
   *  verifyPacts would. */
  verify(deadlineMs?: number): Promise<VerifyResult>;
  /** Ends the child if it is still there (the run is over, whether or not it was asked to verify). */
  stop(): void;
}

const DEFAULT_DEADLINE_MS = 300_000;

/** Starts the verifier child now; it verifies when verify() is called. */
export function prepareVerifier(opts: IsolatedVerifyOptions): PreparedVerifier {
  // execArgv: none of the starting process's own (a vitest worker's loader flags are not the child's business).
  const child: ChildProcess = fork(CHILD, [], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let stopped = false;
  const answer = new Promise<ChildAnswer>((resolve) => {
    child.once('message', (m) => resolve(m as ChildAnswer));
    child.once('error', (e) => resolve({ ok: false, setup: false, message: `the pact verifier process could not start: ${e.message}` }));
    child.once('exit', (code, signal) => {
      const text = tail.replace(/\s+/g, ' ').trim().slice(-400);
      resolve({ ok: false, setup: false, message: `the pact verifier process ended (${signal ?? `code ${code}`}) without a result${text ? `: ${text}` : ''}` });
    });
  });
  let asked = false;
  return {
    pid: child.pid,
    async verify(deadlineMs = DEFAULT_DEADLINE_MS) {
      if (!asked) {
        asked = true;
        if (child.connected) child.send({ kind: 'verify', options: opts } satisfies ChildRequest);
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<ChildAnswer>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, setup: false, message: `the pact verifier gave no result within ${Math.round(deadlineMs / 1000)} s` }), deadlineMs);
      });
      try {
        const a = await Promise.race([answer, late]);
        if (a.ok) return a.result;
        throw a.setup ? new VerifySetupError(a.message) : new Error(a.message);
      } finally {
        clearTimeout(timer);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Verifiers started ahead of time in this process, by their options (one per run). */
const warm = new Map<string, PreparedVerifier>();
const keyOf = (opts: IsolatedVerifyOptions) => JSON.stringify(opts);

/** Starts a verifier for these options now, unless one already waits; verifyPactsIsolated then uses it. */
export function warmVerifier(opts: IsolatedVerifyOptions): void {
  const key = keyOf(opts);
  if (!warm.has(key)) warm.set(key, prepareVerifier(opts));
}

/** Verifies with the verifier warmed for these options, or with a new one; the child is gone afterwards. */
export async function verifyPactsIsolated(opts: IsolatedVerifyOptions, deadlineMs = DEFAULT_DEADLINE_MS): Promise<VerifyResult> {
  const key = keyOf(opts);
  const verifier = warm.get(key) ?? prepareVerifier(opts);
  warm.delete(key);
  try {
    return await verifier.verify(deadlineMs);
  } finally {
    verifier.stop();
  }
}
