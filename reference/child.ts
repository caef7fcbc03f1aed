// Starts the reference target as a child process (`node bin/stream-conformance.mjs target ...`) and waits for its
// ready line; close() sends SIGTERM (SIGKILL after a grace period).
import { type ChildProcess, spawn } from 'node:child_process';
import { packagePath } from '../util/package-root';
import { type ChaosSpec, checkChaos, formatChaos, parseChaos } from './chaos';
import type { ReadyInfo } from './config';
import type { FaultName } from './faults';
import type { LenientName } from './lenient';
import type { RunningTarget } from './server';
import type { TlsOption } from './tls';

export interface SpawnOptions {
  port?: number;
  /** Path of a JSON config file. */
  configPath?: string;
  faults?: readonly FaultName[];
  /** Lenient variants (reference/lenient.ts). */
  lenient?: readonly LenientName[];
  /** Behave as the vendor's service does (timings from the config file's `realistic`). */
  realistic?: boolean;
  /** Transport faults: a spec or its text (reference/chaos.ts). */
  chaos?: ChaosSpec | string;
  /** Seed of the drawn delays and the chaos (default: random, in the ready line). */
  seed?: number;
  /** The stream instances start with their sample connections. */
  sampleConnections?: boolean;
  /** Serve HTTPS (the ready line then gives the CA of a generated certificate). */
  tls?: TlsOption;
  /** Default 20 s. */
  startTimeoutMs?: number;
  /** Where the child's stderr goes (default: dropped after being kept for error messages). */
  onStderr?: (text: string) => void;
}

const BIN = packagePath('bin', 'stream-conformance.mjs');

/** Set by spawnTarget: the target stops when its stdin ends, that is when the process that started it is gone. */
export const EXIT_WITH_PARENT_ENV = 'STREAM_CONFORMANCE_EXIT_WITH_PARENT';

export function spawnTarget(opts: SpawnOptions = {}): Promise<RunningTarget> {
  const args = [BIN, 'target'];
  if (opts.port !== undefined) args.push('--port', String(opts.port));
  if (opts.configPath !== undefined) args.push('--config', opts.configPath);
  for (const f of opts.faults ?? []) args.push('--fault', f);
  let behaviour: string[];
  try {
    behaviour = behaviourFlags(opts);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  args.push(...behaviour);
  args.push(...tlsFlags(opts.tls));
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

/** The `target` command's flags for lenient variants, the realistic mode, chaos, seed and sample connections (a
 *  chaos spec is checked here, so a bad one fails before a process starts). */
export function behaviourFlags(opts: Pick<SpawnOptions, 'lenient' | 'realistic' | 'chaos' | 'seed' | 'sampleConnections'>): string[] {
  const args: string[] = [];
  for (const l of opts.lenient ?? []) args.push('--lenient', l);
  if (opts.realistic) args.push('--realistic');
  if (opts.chaos !== undefined) args.push('--chaos', formatChaos(typeof opts.chaos === 'string' ? parseChaos(opts.chaos) : checkChaos(opts.chaos)));
  if (opts.seed !== undefined) args.push('--seed', String(opts.seed));
  if (opts.sampleConnections) args.push('--sample-connections');
  return args;
}

/** The `target` command's flags for a TLS option. */
export function tlsFlags(tls: TlsOption | undefined): string[] {
  if (!tls) return [];
  return tls.kind === 'generated' ? ['--tls'] : ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile];
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
