// What publishing and can-i-deploy send to the official broker CLI (@pact-foundation/pact-cli `pact-broker`),
// derived without side effects so it can be tested offline: the consumer version is the git sha, the branch is the
// git branch (CI variables first, since CI checkouts are often detached), the broker URL comes from
// PACT_BROKER_BASE_URL. Credentials stay in the environment: the CLI reads PACT_BROKER_TOKEN (or
// PACT_BROKER_USERNAME/PASSWORD) itself, so they never appear in an argument list, a process listing or a log.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CONSUMER, PACTS_DIR } from './names';

export type Env = Readonly<Record<string, string | undefined>>;
/** Runs `git <args>` and returns its trimmed stdout; throws when git fails. */
export type GitRunner = (args: string[]) => string;

export class BrokerConfigError extends Error {
  override name = 'BrokerConfigError';
}

export interface BrokerConfig {
  baseUrl: string;
  /** How the CLI will authenticate (the secret itself is never held here). */
  auth: 'token' | 'basic' | 'none';
}

export interface VersionInfo {
  version: string;
  branch: string;
  /** Where each value came from, for the printed summary. */
  source: { version: string; branch: string };
}

export const BROKER_BIN = fileURLToPath(new URL('../node_modules/.bin/pact-broker', import.meta.url));

export function brokerConfig(env: Env): BrokerConfig {
  const raw = env.PACT_BROKER_BASE_URL?.trim();
  if (!raw) {
    throw new BrokerConfigError(
      'PACT_BROKER_BASE_URL is not set: export the URL of your Pact Broker or PactFlow workspace ' +
        '(e.g. https://your-team.pactflow.io) and its token as PACT_BROKER_TOKEN, then run this again',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BrokerConfigError('PACT_BROKER_BASE_URL is not a URL (expected e.g. https://your-team.pactflow.io)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BrokerConfigError(`PACT_BROKER_BASE_URL must be http(s), got ${url.protocol}`);
  if (url.username || url.password) {
    throw new BrokerConfigError('PACT_BROKER_BASE_URL must not carry credentials; use PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD');
  }
  const auth = env.PACT_BROKER_TOKEN ? 'token' : env.PACT_BROKER_USERNAME ? 'basic' : 'none';
  return { baseUrl: raw.replace(/\/+$/, ''), auth };
}

export const defaultGit: GitRunner = (args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const SHA = /^[0-9a-f]{7,64}$/;

/** Consumer version (git sha) and branch; CI variables win over git, which is asked only for what is missing. */
export function versionInfo(env: Env, git: GitRunner = defaultGit): VersionInfo {
  const fromEnv = (names: string[]) => names.map((n) => [n, env[n]?.trim()] as const).find(([, v]) => v);
  const ask = (args: string[], what: string): string => {
    try {
      return git(args);
    } catch (e) {
      throw new BrokerConfigError(`cannot derive the ${what} from git (${(e as Error).message.split('\n')[0]}); set it in the environment`);
    }
  };
  const v = fromEnv(['PACT_CONSUMER_VERSION', 'GIT_COMMIT', 'GITHUB_SHA', 'CI_COMMIT_SHA']);
  const version = v?.[1] ?? ask(['rev-parse', 'HEAD'], 'consumer version (git sha)');
  if (!v && !SHA.test(version)) throw new BrokerConfigError(`git rev-parse HEAD gave ${JSON.stringify(version)}, not a sha`);
  const b = fromEnv(['PACT_CONSUMER_BRANCH', 'GIT_BRANCH', 'GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME']);
  let branch = b?.[1];
  if (!branch) {
    branch = ask(['rev-parse', '--abbrev-ref', 'HEAD'], 'branch');
    if (branch === 'HEAD' || branch === '') {
      throw new BrokerConfigError('the checkout is detached (no branch); set PACT_CONSUMER_BRANCH or GIT_BRANCH');
    }
  }
  return {
    version,
    branch,
    source: { version: v ? `$${v[0]}` : 'git rev-parse HEAD', branch: b ? `$${b[0]}` : 'git rev-parse --abbrev-ref HEAD' },
  };
}

export interface PublishOptions {
  pactsDir?: string;
  buildUrl?: string;
}

/** `pact-broker publish DIR --consumer-app-version SHA --branch BRANCH --broker-base-url URL [--build-url U]`. */
export function publishArgs(broker: BrokerConfig, v: VersionInfo, opts: PublishOptions = {}): string[] {
  return [
    'publish',
    opts.pactsDir ?? fileURLToPath(PACTS_DIR),
    '--consumer-app-version',
    v.version,
    '--branch',
    v.branch,
    '--broker-base-url',
    broker.baseUrl,
    ...(opts.buildUrl ? ['--build-url', opts.buildUrl] : []),
  ];
}

export interface CanIDeployOptions {
  /** Environment to deploy to (PACT_ENVIRONMENT, default production). */
  environment?: string;
  pacticipant?: string;
  retryWhileUnknown?: number;
  retryInterval?: number;
}

/** `pact-broker can-i-deploy --pacticipant CONSUMER --version SHA --to-environment ENV --broker-base-url URL`. */
export function canIDeployArgs(broker: BrokerConfig, v: VersionInfo, opts: CanIDeployOptions = {}): string[] {
  return [
    'can-i-deploy',
    '--pacticipant',
    opts.pacticipant ?? CONSUMER,
    '--version',
    v.version,
    '--to-environment',
    opts.environment ?? 'production',
    '--broker-base-url',
    broker.baseUrl,
    ...(opts.retryWhileUnknown !== undefined ? ['--retry-while-unknown', String(opts.retryWhileUnknown)] : []),
    ...(opts.retryInterval !== undefined ? ['--retry-interval', String(opts.retryInterval)] : []),
  ];
}

/** The command line as printed: the binary's short name and shell-quoted arguments (no secret is ever in them). */
export function printable(args: readonly string[]): string {
  return ['pact-broker', ...args.map((a) => (/^[A-Za-z0-9_./:@=,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))].join(' ');
}
