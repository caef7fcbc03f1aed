// `stream-conformance target`: runs the reference target on 127.0.0.1 until SIGINT/SIGTERM. Once it accepts
// requests it prints exactly one JSON line (ReadyInfo, credentials included: that line is how callers learn
// them) to stdout; everything else goes to stderr, without secrets.
import { parseArgs } from 'node:util';
import { CHAOS_SYNTAX, type ChaosSpec, ChaosSyntaxError, formatChaos, parseChaos } from '../../reference/chaos';
import { ConfigError, loadConfigFile, type TargetConfig } from '../../reference/config';
import { FAULT_NAMES, type FaultName, isFaultName } from '../../reference/faults';
import { isLenientName, LENIENT_NAMES, type LenientName } from '../../reference/lenient';
import { EXIT_WITH_PARENT_ENV } from '../../reference/child';
import { startTarget, type TlsOption } from '../../reference/server';
import { existsSync } from 'node:fs';

export interface TargetArgs {
  port: number;
  config?: TargetConfig;
  configPath?: string;
  faults: FaultName[];
  /** Absent: plain HTTP. */
  tls?: TlsOption;
  lenient: LenientName[];
  /** Behave as the vendor's service does (reference/lenient.ts REALISTIC). */
  realistic: boolean;
  /** Transport faults (reference/chaos.ts). */
  chaos?: ChaosSpec;
  /** Seed of drawn delays and chaos; absent: a random one (printed in the ready line). */
  seed?: number;
  /** The stream instances start with their sample connections. */
  sampleConnections: boolean;
  help: boolean;
}

export const TARGET_USAGE = [
  'usage: stream-conformance target [--port P] [--config FILE] [--fault NAME]... [--lenient NAME]... [--realistic] [--chaos SPEC]',
  '                                 [--seed N] [--sample-connections] [--tls | --tls-cert FILE --tls-key FILE] [--help]',
  '',
  'Starts the reference target on 127.0.0.1 and prints one JSON line with its url and credentials.',
  '',
  '  --port P        port to listen on (default 0: any free port)',
  '  --tls           serve HTTPS with a certificate for 127.0.0.1 and localhost signed by a CA made at start-up;',
  '                  the ready line gives the CA (caFile: its PEM, removed when the target stops; ca: the PEM)',
  '  --tls-cert FILE serve HTTPS with this certificate (PEM; with --tls-key)',
  '  --tls-key FILE  the private key of --tls-cert (PEM)',
  '  --config FILE   JSON config (see reference/README.md); fields left out take the defaults',
  '  --fault NAME    switch on a fault (repeatable); one of:',
  ...FAULT_NAMES.map((f) => `                    ${f}`),
  '  --lenient NAME  do the other thing the profile allows (repeatable; reference/lenient.ts); one of:',
  ...LENIENT_NAMES.map((f) => `                    ${f}`),
  '  --realistic     behave as the vendor\'s service does: reads that settle after a delay, PENDING then READY,',
  '                  Kafka deletes refused 409 while deploying, 1200 requests per 10 s (Ratelimit-* headers, 429 with',
  '                  Retry-After), charset, server defaults, no links, PLAINTEXT; timings in the config\'s `realistic`',
  '  --chaos SPEC    transport faults at the given rates, e.g. reset-after=0.005,reset-before=0.002,truncate=0.002,',
  '                  latency=0.01:200ms; SPEC is ' + CHAOS_SYNTAX,
  '  --seed N        seed of the drawn delays and the chaos (default random; printed in the ready line)',
  '  --sample-connections  every stream instance starts with its sample connection (sample_stream_solar)',
  '  --help          this text',
].join('\n');

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses the command's flags; throws UsageError (bad flags, unknown fault) or ConfigError (bad config file). */
export function parseTargetArgs(argv: string[]): TargetArgs {
  let values: {
    port?: string;
    config?: string;
    fault?: string[];
    lenient?: string[];
    realistic?: boolean;
    chaos?: string[];
    seed?: string;
    'sample-connections'?: boolean;
    tls?: boolean;
    'tls-cert'?: string;
    'tls-key'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c' },
        fault: { type: 'string', multiple: true },
        tls: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        lenient: { type: 'string', multiple: true },
        realistic: { type: 'boolean' },
        chaos: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'sample-connections': { type: 'boolean' },
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
  const lenient: LenientName[] = [];
  for (const l of values.lenient ?? []) {
    if (!isLenientName(l)) throw new UsageError(`unknown lenient variant "${l}" (known: ${LENIENT_NAMES.join(', ')})`);
    if (!lenient.includes(l)) lenient.push(l);
  }
  const tls = tlsOption(values.tls === true, values['tls-cert'], values['tls-key']);
  // Repeated --chaos flags read as one list (a kind given twice is still an error).
  let chaos: ChaosSpec | undefined;
  if (values.chaos !== undefined) {
    try {
      chaos = parseChaos(values.chaos.join(','));
    } catch (e) {
      if (e instanceof ChaosSyntaxError) throw new UsageError(`--chaos: ${e.message}`);
      throw e;
    }
  }
  if (values.seed !== undefined && !/^-?\d{1,15}$/.test(values.seed)) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
  const args: TargetArgs = {
    port,
    faults,
    lenient,
    realistic: values.realistic === true,
    ...(chaos ? { chaos } : {}),
    ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
    sampleConnections: values['sample-connections'] === true,
    ...(tls ? { tls } : {}),
    help: values.help === true,
  };
  if (values.config !== undefined && !args.help) {
    args.config = loadConfigFile(values.config);
    args.configPath = values.config;
  }
  return args;
}

function tlsOption(generated: boolean, certFile: string | undefined, keyFile: string | undefined): TlsOption | undefined {
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (certFile === undefined || keyFile === undefined) return generated ? { kind: 'generated' } : undefined;
  for (const [flag, file] of [['--tls-cert', certFile], ['--tls-key', keyFile]] as const) {
    if (!existsSync(file)) throw new UsageError(`${flag}: no such file ${file}`);
  }
  return { kind: 'files', certFile, keyFile };
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
    const config = args.sampleConnections ? { ...args.config, sampleConnections: true } : args.config;
    target = await startTarget({
      port: args.port,
      ...(config ? { config } : {}),
      ...(args.tls ? { tls: args.tls } : {}),
      faults: args.faults,
      lenient: args.lenient,
      realistic: args.realistic,
      ...(args.chaos ? { chaos: args.chaos } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      log,
    });
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
  const modes = [
    args.realistic ? 'realistic' : '',
    args.chaos ? `chaos ${formatChaos(args.chaos)}` : '',
    running.info.seed !== undefined ? `seed ${running.info.seed}` : '',
  ].filter(Boolean);
  log(
    `listening on ${running.url}${args.configPath ? ` (config ${args.configPath})` : ''}${args.faults.length ? ` with faults ${args.faults.join(', ')}` : ''}${modes.length ? ` (${modes.join(', ')})` : ''}`,
  );
  process.stdout.write(`${JSON.stringify(running.info)}\n`);
  return stopped;
}
