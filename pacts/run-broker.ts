// Shared driver of pacts/publish.ts and pacts/can-i-deploy.ts: derive, print, then run the broker CLI (or not, with
// --dry-run). Exit codes: the CLI's own, 2 when the configuration is missing or wrong.
import { spawnSync } from 'node:child_process';
import { BROKER_BIN, BrokerConfigError, type BrokerConfig, type Env, type GitRunner, type VersionInfo, brokerConfig, printable, versionInfo } from './broker';

export interface RunBrokerIo {
  env: Env;
  git?: GitRunner;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Runs the CLI; defaults to spawning node_modules/.bin/pact-broker with the inherited environment. */
  exec?: (args: string[]) => number;
}

export function runBroker(name: string, dryRun: boolean, io: RunBrokerIo, argsFor: (b: BrokerConfig, v: VersionInfo) => string[]): number {
  let args: string[];
  let v: VersionInfo;
  let broker: BrokerConfig;
  try {
    broker = brokerConfig(io.env);
    v = versionInfo(io.env, io.git);
    args = argsFor(broker, v);
  } catch (e) {
    if (e instanceof BrokerConfigError) {
      io.err(`pacts ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  io.out(`consumer version ${v.version} (from ${v.source.version}), branch ${v.branch} (from ${v.source.branch}), broker auth: ${broker.auth}\n`);
  io.out(`${printable(args)}\n`);
  if (dryRun) return 0;
  const exec =
    io.exec ??
    ((a: string[]) => {
      const r = spawnSync(BROKER_BIN, a, { stdio: 'inherit', env: io.env as NodeJS.ProcessEnv });
      if (r.error) {
        io.err(`pacts ${name}: cannot run ${BROKER_BIN}: ${r.error.message}\n`);
        return 2;
      }
      return r.status ?? 2;
    });
  return exec(args);
}
