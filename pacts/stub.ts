// `npm run pacts:stub [-- --port N]`: serves contracts/pacts with the Pact stub server, so a client team can run
// its code against the contract without a provider. When several interactions match a request (the same valid
// body is in the success and in the error interactions), the success wins; send the header
// `X-Pact-Provider-State: <state name>` to pick another (e.g. "the caller has exhausted its rate limit").
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PACT_FILE_NAME, PACTS_DIR } from './names';

/**
 * The native `pact` binary of @pact-foundation/pact-cli, run as `pact stub`. Not node_modules/.bin/pact-stub-server:
 * that is a node wrapper whose child outlives it when the wrapper is stopped, leaving a stub server running.
 */
export function pactBinary(): string {
  const require = createRequire(import.meta.url);
  const mod = require('@pact-foundation/pact-cli/src/pact-standalone') as { standalone(): { pactFullPath: string } };
  return mod.standalone().pactFullPath;
}
export const PROVIDER_STATE_HEADER = 'X-Pact-Provider-State';
export const DEFAULT_STUB_PORT = 8991;

export interface StubOptions {
  file?: string;
  /** 0 lets the OS choose. */
  port: number;
}

export function stubArgs(opts: StubOptions): string[] {
  return [
    'stub',
    '--file',
    opts.file ?? fileURLToPath(new URL(PACT_FILE_NAME, PACTS_DIR)),
    ...(opts.port > 0 ? ['--port', String(opts.port)] : []),
    '--provider-state-header-name',
    PROVIDER_STATE_HEADER,
    '--loglevel',
    'info',
  ];
}

export interface RunningStub {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the stub server and resolves once it listens (its log names the port). */
export function startStub(opts: StubOptions, onLog: (line: string) => void = () => {}): Promise<RunningStub> {
  const bin = pactBinary();
  const child: ChildProcess = spawn(bin, stubArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let settled = false;
    let log = '';
    const fail = (msg: string) => {
      if (settled) return;
      settled = true;
      child.kill();
      reject(new Error(msg));
    };
    const timer = setTimeout(() => fail(`stub server did not start within 10 s:\n${log.slice(-2000)}`), 10_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log += text;
      for (const line of text.split('\n')) if (line.trim()) onLog(line);
      const m = /Server started on port (\d+)/.exec(log);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({
          port,
          url: `http://127.0.0.1:${port}`,
          close: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const force = setTimeout(() => child.kill('SIGKILL'), 3000);
              child.once('exit', () => {
                clearTimeout(force);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(`cannot run ${bin}: ${e.message}`));
    child.once('exit', (code) => fail(`stub server exited with ${code} before listening:\n${log.slice(-2000)}`));
  });
}

export async function main(argv: string[]): Promise<number> {
  let values: { port?: string; file?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, file: { type: 'string' } }, strict: true }));
  } catch (e) {
    process.stderr.write(`pacts stub: ${(e as Error).message}\nusage: pacts:stub [--port N] [--file PACT.json]\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_STUB_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`pacts stub: --port must be 0..65535, got ${JSON.stringify(values.port)}\n`);
    return 2;
  }
  try {
    const stub = await startStub({ port, ...(values.file ? { file: values.file } : {}) }, (l) => process.stderr.write(`${l}\n`));
    process.stdout.write(`Pact stub server: ${stub.url} (Ctrl-C to stop; header ${PROVIDER_STATE_HEADER} selects an interaction by provider state)\n`);
    await new Promise<void>((resolve) => {
      const stop = () => void stub.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } catch (e) {
    process.stderr.write(`pacts stub: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
