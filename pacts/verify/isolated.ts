// Runs verifyPacts in a child process (isolated-child.ts), so that the Pact verifier's native report (written straight
// to the process's stdout) stays out of the certification's output. Credentials travel in the environment, never
// argv or a file. This side imports neither the verifier nor @pact-foundation/pact: the suites that start it load
// in a vitest worker, where the library alone cost a quarter of a second and its native core's memory.
//
// The child can be started ahead of time (prepareVerifier): it loads (about half a second) while other suites run,
// then waits in a private folder for a `go` file, which any process may write (the pact suite, in a vitest worker);
// it answers in `answer.json` there. The process that started it writes that answer itself when the child ends
// without one, so the waiting side never waits for a child that is gone.
import type { TlsTrust } from '../../suites/client/transport';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TSX_IMPORT } from '../../bin/ts-loader.mjs';
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
  /** Cap on requests per second (certify's --rate). */
  rate?: number;
  /** Certificates trusted for an https target besides node's own. */
  tls?: TlsTrust;
}

export const INPUT_ENV = 'STREAM_CONFORMANCE_PACT_VERIFY';
const CHILD = fileURLToPath(new URL('./isolated-child.ts', import.meta.url));
export const GO_FILE = 'go';
/** Written by the starting side once the child is spawned. */
export const STARTED_FILE = 'started';
export const ANSWER_FILE = 'answer.json';
/** How often the waiting sides look for their file. */
export const POLL_MS = 10;

export type ChildAnswer = { ok: true; result: VerifyResult } | { ok: false; setup: boolean; message: string };

/** Writes a file whole or not at all (a reader polling for it never sees half of it). */
export function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export interface PreparedVerifier {
  /** The folder to hand to runPreparedVerifier (private to this run; holds no credential). */
  readonly dir: string;
  /** The child's process id (diagnostics). */
  readonly pid: number | undefined;
  /** Ends the child if it is still there (the run is over, whether or not it was asked to verify). */
  stop(): void;
}

/** Starts the verifier child now; it verifies when `go` appears in `dir` (made if missing, private). */
export function prepareVerifier(opts: IsolatedVerifyOptions, dir: string): PreparedVerifier {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child: ChildProcess = spawn(process.execPath, [...TSX_IMPORT, CHILD, dir], {
    env: { ...process.env, [INPUT_ENV]: JSON.stringify(opts) },
    // stdin stays open: the child ends when it closes (this process gone) rather than wait for ever.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-2000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.stdin!.on('error', () => {});
  writeAtomically(join(dir, STARTED_FILE), String(child.pid ?? ''));
  let stopped = false;
  child.on('close', (code, signal) => {
    const answer = join(dir, ANSWER_FILE);
    if (stopped || existsSync(answer)) return;
    const message = `the pact verifier process ended (${signal ?? `code ${code}`}) without a result: ${tail.replace(/\s+/g, ' ').trim().slice(-400)}`;
    try {
      writeAtomically(answer, JSON.stringify({ ok: false, setup: false, message } satisfies ChildAnswer));
    } catch {
      // The run's folder is already gone: nobody is waiting.
    }
  });
  return {
    dir,
    pid: child.pid,
    stop() {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * Tells a prepared verifier to go and waits for its answer; rejects with VerifySetupError (or Error) as verifyPacts
 * would. Resolves to undefined, without telling it anything, when no verifier was started in `dir` within
 * `startWaitMs`: the caller then verifies on its own.
 */
export async function runPreparedVerifier(dir: string, deadlineMs = 300_000, startWaitMs = 10_000): Promise<VerifyResult | undefined> {
  const startBy = Date.now() + startWaitMs;
  while (!existsSync(join(dir, STARTED_FILE))) {
    if (Date.now() > startBy) return undefined;
    await sleep(POLL_MS);
  }
  writeAtomically(join(dir, GO_FILE), '');
  const file = join(dir, ANSWER_FILE);
  const deadline = Date.now() + deadlineMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the pact verifier gave no result within ${Math.round(deadlineMs / 1000)} s`);
    await sleep(POLL_MS);
  }
  const answer = JSON.parse(readFileSync(file, 'utf8')) as ChildAnswer;
  if (answer.ok) return answer.result;
  throw answer.setup ? new VerifySetupError(answer.message) : new Error(answer.message);
}

/** Starts a verifier child, lets it go at once and waits for its answer. */
export async function verifyPactsIsolated(opts: IsolatedVerifyOptions, deadlineMs = 300_000): Promise<VerifyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-pact-'));
  const verifier = prepareVerifier(opts, dir);
  try {
    return (await runPreparedVerifier(dir, deadlineMs))!;
  } finally {
    verifier.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
