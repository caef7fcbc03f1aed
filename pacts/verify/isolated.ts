// Runs verifyPacts in a child process, so that the Pact verifier's native report (written straight to the
// process's stdout) stays out of the certification's output. Credentials travel in the environment, never argv.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCredential } from '../../suites/client';
import { type VerifyResult, verifyPacts, VerifySetupError } from './run';

export interface IsolatedVerifyOptions {
  targetUrl: string;
  groupId: string;
  tenant: string;
  /** Credential texts (digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET). */
  auth: string;
  readonlyAuth?: string;
  timeoutMs: number;
  rateLimitProbe: number;
}

const INPUT_ENV = 'STREAM_CONFORMANCE_PACT_VERIFY';
const SELF = fileURLToPath(import.meta.url);

type ChildAnswer = { ok: true; result: VerifyResult } | { ok: false; setup: boolean; message: string };

/** Resolves to the verifier's result; rejects with VerifySetupError (or Error) as verifyPacts would. */
export function verifyPactsIsolated(opts: IsolatedVerifyOptions, deadlineMs = 300_000): Promise<VerifyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-pact-'));
  const out = join(dir, 'result.json');
  return new Promise<VerifyResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, out], {
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

async function childMain(out: string): Promise<void> {
  const o = JSON.parse(process.env[INPUT_ENV] ?? '{}') as IsolatedVerifyOptions;
  let answer: ChildAnswer;
  try {
    const result = await verifyPacts({
      targetUrl: o.targetUrl,
      groupId: o.groupId,
      tenant: o.tenant,
      credential: parseCredential(o.auth),
      ...(o.readonlyAuth ? { readOnlyCredential: parseCredential(o.readonlyAuth) } : {}),
      timeoutMs: o.timeoutMs,
      rateLimitProbe: o.rateLimitProbe,
    });
    answer = { ok: true, result };
  } catch (e) {
    answer = { ok: false, setup: e instanceof VerifySetupError, message: (e as Error).message };
  }
  writeFileSync(out, JSON.stringify(answer), { mode: 0o600 });
}

if (process.argv[1] === SELF && process.argv[2]) {
  await childMain(process.argv[2]);
}
