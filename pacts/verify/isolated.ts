// Runs verifyPacts in a child process (isolated-child.ts), so that the Pact verifier's native report (written straight
// to the process's stdout) stays out of the certification's output. Credentials travel in the environment, never
// argv. This side imports neither the verifier nor @pact-foundation/pact: the suites that spawn it load in a vitest
// worker, where the library alone cost a quarter of a second and its native core's memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

export const INPUT_ENV = 'STREAM_CONFORMANCE_PACT_VERIFY';
const CHILD = fileURLToPath(new URL('./isolated-child.ts', import.meta.url));

export type ChildAnswer = { ok: true; result: VerifyResult } | { ok: false; setup: boolean; message: string };

/** Resolves to the verifier's result; rejects with VerifySetupError (or Error) as verifyPacts would. */
export function verifyPactsIsolated(opts: IsolatedVerifyOptions, deadlineMs = 300_000): Promise<VerifyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-pact-'));
  const out = join(dir, 'result.json');
  return new Promise<VerifyResult>((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX_IMPORT, CHILD, out], {
      env: { ...process.env, [INPUT_ENV]: JSON.stringify(opts) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      let answer: ChildAnswer | undefined;
      try {
        answer = JSON.parse(readFileSync(out, 'utf8')) as ChildAnswer;
      } catch {
        answer = undefined;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (answer?.ok) resolve(answer.result);
      else if (answer) reject(answer.setup ? new VerifySetupError(answer.message) : new Error(answer.message));
      else reject(new Error(`the pact verifier process ended (code ${code}) without a result: ${tail.replace(/\s+/g, ' ').slice(-400)}`));
    });
  });
}
