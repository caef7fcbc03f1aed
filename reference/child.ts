// Starts the reference target as a child process (`node bin/stream-conformance.mjs target ...`) and waits for its
// ready line; close() sends SIGTERM (SIGKILL after a grace period).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReadyInfo } from './config';
import type { FaultName } from './faults';
import type { RunningTarget } from './server';

export interface SpawnOptions {
  port?: number;
  /** Path of a JSON config file. */
  configPath?: string;
  faults?: readonly FaultName[];
  /** Default 20 s (tsx compiles the sources on first start). */
  startTimeoutMs?: number;
  /** Where the child's stderr goes (default: dropped after being kept for error messages). */
  onStderr?: (text: string) => void;
}

const BIN = fileURLToPath(new URL('../bin/stream-conformance.mjs', import.meta.url));

/** Set by spawnTarget: the target stops when its stdin ends, that is when the process that started it is gone. */
export const EXIT_WITH_PARENT_ENV = 'STREAM_CONFORMANCE_EXIT_WITH_PARENT';

export function spawnTarget(opts: SpawnOptions = {}): Promise<RunningTarget> {
  const args = [BIN, 'target'];
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  if (opts.configPath !== undefined) args.push('--config', opts.configPath);
  for (const f of opts.faults ?? []) args.push('--fault', f);
  // stdin stays open for the child's life: when it ends (this process gone, however), the target stops itself.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [EXIT_WITH_PARENT_ENV]: '1' } });
  child.stdin!.on('error', () => {});
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => {
    stderr = (stderr + t).slice(-4000);
    opts.onStderr?.(t);
  });
  return new Promise<RunningTarget>((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const settle = (err?: Error, info?: ReadyInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve({ url: info!.url, info: info!, close: () => stop(child) });
    };
    const timer = setTimeout(
      () => settle(new Error(`reference target did not print its ready line within ${opts.startTimeoutMs ?? 20000} ms${stderr ? `; stderr: ${stderr.trim()}` : ''}`)),
      opts.startTimeoutMs ?? 20000,
    );
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      try {
        settle(undefined, JSON.parse(stdout.slice(0, nl)) as ReadyInfo);
      } catch {
        settle(new Error('reference target printed a ready line that is not JSON'));
      }
    });
    child.once('error', (e) => settle(new Error(`cannot start the reference target: ${e.message}`)));
    child.once('exit', (code, signal) =>
      settle(new Error(`reference target exited before it was ready (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
