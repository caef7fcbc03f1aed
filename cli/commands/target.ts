// `stream-conformance target`: runs the reference target on 127.0.0.1 until SIGINT/SIGTERM. Once it accepts
// requests it prints exactly one JSON line (ReadyInfo, credentials included: that line is how callers learn
// them) to stdout; everything else goes to stderr, without secrets.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile, type TargetConfig } from '../../reference/config';
import { FAULT_NAMES, type FaultName, isFaultName } from '../../reference/faults';
import { EXIT_WITH_PARENT_ENV } from '../../reference/child';
import { startTarget } from '../../reference/server';

export interface TargetArgs {
  port: number;
  config?: TargetConfig;
  configPath?: string;
  faults: FaultName[];
  help: boolean;
}

export const TARGET_USAGE = [
  'usage: stream-conformance target [--port P] [--config FILE] [--fault NAME]... [--help]',
  '',
  'Starts the reference target on 127.0.0.1 and prints one JSON line with its url and credentials.',
  '',
  '  --port P        port to listen on (default 0: any free port)',
  '  --config FILE   JSON config (see reference/README.md); fields left out take the defaults',
  '  --fault NAME    switch on a fault (repeatable); one of:',
  ...FAULT_NAMES.map((f) => `                    ${f}`),
  '  --help          this text',
].join('\n');

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses the command's flags; throws UsageError (bad flags, unknown fault) or ConfigError (bad config file). */
export function parseTargetArgs(argv: string[]): TargetArgs {
  let values: { port?: string; config?: string; fault?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c' },
        fault: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer 0..65535, got "${values.port}"`);
  }
  const faults: FaultName[] = [];
  for (const f of values.fault ?? []) {
    if (!isFaultName(f)) throw new UsageError(`unknown fault "${f}" (known: ${FAULT_NAMES.join(', ')})`);
    if (!faults.includes(f)) faults.push(f);
  }
  const args: TargetArgs = { port, faults, help: values.help === true };
  if (values.config !== undefined && !args.help) {
    args.config = loadConfigFile(values.config);
    args.configPath = values.config;
  }
  return args;
}

export async function run(argv: string[]): Promise<number> {
  let args: TargetArgs;
  try {
    args = parseTargetArgs(argv);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`stream-conformance target: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${TARGET_USAGE}\n`);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`[target] ${line}\n`);
  let target;
  try {
    target = await startTarget({ port: args.port, ...(args.config ? { config: args.config } : {}), faults: args.faults, log });
  } catch (e) {
    process.stderr.write(`stream-conformance target: cannot start: ${(e as Error).message}\n`);
    return 2;
  }
  const running = target;
  // Signal handlers go in before the ready line: a caller may signal as soon as it has read it.
  // The listeners stay for the whole shutdown, so a second signal meanwhile is ignored instead of taking the
  // default action (exit 130/143 with the port possibly still held).
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const watchParent = process.env[EXIT_WITH_PARENT_ENV] === '1';
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      // Reading stdin would keep the process alive after the server closed.
      if (watchParent) process.stdin.destroy();
      log(`${signal}: shutting down`);
      running.close().then(
        () => resolve(0),
        () => resolve(0),
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    // Started by spawnTarget: the parent holds stdin open, and its end means the parent is gone (killed, crashed)
    // and nobody will stop this target any more.
    if (watchParent) {
      process.stdin.on('end', () => stop('parent gone'));
      process.stdin.on('error', () => stop('parent gone'));
      process.stdin.resume();
    }
  });
  log(`listening on ${running.url}${args.configPath ? ` (config ${args.configPath})` : ''}${args.faults.length ? ` with faults ${args.faults.join(', ')}` : ''}`);
  process.stdout.write(`${JSON.stringify(running.info)}\n`);
  return stopped;
}
