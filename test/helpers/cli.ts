// A child process as a user runs it: the built CLI (bin/stream-conformance.mjs) or a script, its exit code and
// output, or an error when it outlives the test's bound (killed, with the end of what it wrote to stderr).
import { spawn } from 'node:child_process';

export const BIN = new URL('../../bin/stream-conformance.mjs', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The whole environment of the child (default: this process's, with `extraEnv` over it). */
  env?: NodeJS.ProcessEnv;
  extraEnv?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** How the error names the process when it does not end in time. */
  name?: string;
}

export function runProcess(command: string, args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const env = { ...(opts.env ?? process.env), ...opts.extraEnv };
    const child = spawn(command, args, { env, ...(opts.cwd ? { cwd: opts.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${opts.name ?? args[0]} did not end within ${timeoutMs} ms\n${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `stream-conformance ARGS` through the built CLI. */
export function runCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliRun> {
  return runProcess(process.execPath, [BIN, ...args], { ...(opts.env ? { extraEnv: opts.env } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), name: args[0] });
}
