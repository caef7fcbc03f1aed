// Runs `stream-conformance certify` as a child process for one shard or one re-run, the way CI runs it. Only the
// shard's shape (types, seed, runs, report folder, reference faults) goes on the command line; the target and its
// credentials travel in CONFORMANCE_* environment variables, so no secret appears in an argument list, a process
// listing or a logged command. The child's log lines are passed on with every known secret redacted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectionType } from '../contracts/types';
import { parseCertificate } from '../reports';
import { createRedactor, type Secret } from '../results/redact';
import { credentialSecrets, parseCredential } from '../client';
import type { RerunOutcome } from './flakes';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CERTIFY_BIN = join(REPO_ROOT, 'bin', 'stream-conformance.mjs');

export interface CertifyRequest {
  types: ConnectionType[];
  seed: number;
  /** Omitted: certify's default. */
  runs?: number;
  reportDir: string;
  /** Prefix of the child's log lines, e.g. `group 2/3`. */
  label: string;
}

export type CertifyCli = (request: CertifyRequest) => Promise<RerunOutcome>;

export interface CertifyCliOptions {
  /** The child's whole environment (the target and credentials are in it). */
  env: NodeJS.ProcessEnv;
  /** Reference faults (bundled target only): not secrets, passed as --fault. */
  faults: readonly string[];
  /** Where the child's log lines go (already redacted). */
  log: (line: string) => void;
  /** The script run with node (default bin/stream-conformance.mjs); tests put a stand-in here. */
  bin?: string;
}

/** The child's arguments: never a credential or a target URL (those are in the environment). */
export function certifyArgv(request: CertifyRequest, faults: readonly string[]): string[] {
  return [
    'certify',
    '--types',
    request.types.join(','),
    '--seed',
    String(request.seed),
    ...(request.runs !== undefined ? ['--runs', String(request.runs)] : []),
    '--report-dir',
    request.reportDir,
    ...faults.flatMap((f) => ['--fault', f]),
  ];
}

const SECRET_NAMES = { digest: 'PRIVATE_KEY', bearer: 'BEARER', 'service-account': 'CLIENT_SECRET', none: 'SECRET' } as const;

/**
 * Every credential value in the environment, with the variable that stands for it in reports (the names
 * runner/aggregate.ts gives them, so a re-written report reads like the original).
 */
export function environmentSecrets(env: NodeJS.ProcessEnv): Secret[] {
  const out: Secret[] = [];
  for (const [name, prefix] of [
    ['CONFORMANCE_AUTH', 'CONFORMANCE_'],
    ['CONFORMANCE_READONLY_AUTH', 'CONFORMANCE_READONLY_'],
  ] as const) {
    const text = env[name];
    if (!text) continue;
    let values: string[];
    let kind: keyof typeof SECRET_NAMES = 'none';
    try {
      const credential = parseCredential(text);
      kind = credential.kind;
      values = credentialSecrets(credential);
    } catch {
      // Unparseable: certify will say so; redact the whole text meanwhile, it may be a pasted secret.
      values = [text];
    }
    values.forEach((value, i) => out.push({ value, env: `${prefix}${SECRET_NAMES[kind]}${i === 0 ? '' : `_${i + 1}`}` }));
  }
  return out;
}

export function certifyCli(options: CertifyCliOptions): CertifyCli {
  const redactor = createRedactor(environmentSecrets(options.env));
  return (request) =>
    new Promise<RerunOutcome>((done) => {
      const child = spawn(process.execPath, [options.bin ?? CERTIFY_BIN, ...certifyArgv(request, options.faults)], {
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let lastLine = '';
      const relay = (stream: NodeJS.ReadableStream) => {
        let buffered = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) emit(line);
        });
        stream.on('end', () => buffered && emit(buffered));
      };
      const emit = (line: string) => {
        const clean = redactor.text(line.replace(/\r$/, ''));
        if (clean.trim()) lastLine = clean;
        options.log(`[${request.label}] ${clean}`);
      };
      relay(child.stdout!);
      relay(child.stderr!);
      child.on('error', (e) => done({ kind: 'no-run', exitCode: 2, reason: `certify could not be started: ${e.message}` }));
      child.on('close', (code, signal) => {
        const exitCode = code ?? 2;
        const file = join(request.reportDir, 'certificate.json');
        if ((code === 0 || code === 1) && existsSync(file)) {
          try {
            return done({ kind: 'certificate', exitCode, certificate: parseCertificate(readFileSync(file, 'utf8'), file) });
          } catch (e) {
            return done({ kind: 'no-run', exitCode: 2, reason: (e as Error).message });
          }
        }
        const why = signal ? `certify was stopped by ${signal}` : `certify exited ${exitCode}`;
        done({ kind: 'no-run', exitCode: 2, reason: lastLine ? `${why}: ${lastLine.replace(/^stream-conformance certify: /, '')}` : why });
      });
    });
}
