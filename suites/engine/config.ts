// What one certification run is asked to do. Built by the certify command from flags and environment variables and
// handed to the suites (in vitest workers) through one environment variable, so no file ever holds the credentials.
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES, type Fixtures } from '../../contracts/types';

export interface RunConfig {
  /** Base URL of the target, e.g. http://127.0.0.1:8080. */
  target: string;
  groupId: string;
  tenant: string;
  /** Credential text as accepted by parseCredential: digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET. */
  auth: string;
  /** A credential that authenticates but lacks the create role; absent -> the role rule is not assessed. */
  readonlyAuth?: string;
  fixtures: Fixtures;
  types: ConnectionType[];
  seed: number;
  /** Random cases per property (per type and suite), on top of the deterministic matrix. */
  runs: number;
  timeoutMs: number;
  /** Requests per second cap (shared real targets); undefined = unlimited. */
  rate?: number;
  /** Independent cases in flight at once (never inside conflict and ordering probes). */
  concurrency: number;
  /** Prefix of every connection name the run creates, so a real target can be cleaned up. */
  runPrefix: string;
  /** Where the suites write their raw results (a private temporary folder). */
  resultsDir: string;
  /** Candidate evaluations allowed when shrinking one failure. */
  shrinkBudget: number;
  /** Concurrent creates of one name in the concurrency probe. */
  concurrentCreates: number;
  /** How long one deletion may stay visible (DELETING) before the run counts it as not done. */
  deleteTimeoutMs: number;
  /** The run's request budget (`--max-requests`, `--max-duration`), counted from `startedAt` (ms since the epoch). */
  budget?: { maxRequests?: number; maxDurationMs?: number; startedAt: number };
  /** Folder of a Pact verifier the run started ahead of time (pacts/verify/isolated.ts); absent: the pact suite
   *  starts its own. */
  pactVerifierDir?: string;
}

export const RUN_CONFIG_ENV = 'CONFORMANCE_RUN_CONFIG';

export const DEFAULTS = {
  runs: 100,
  timeoutMs: 10_000,
  concurrency: 8,
  shrinkBudget: 40,
  concurrentCreates: 20,
  deleteTimeoutMs: 30_000,
  fixtures: DEFAULT_FIXTURES,
  types: [...CONNECTION_TYPES],
} as const;

export function encodeRunConfig(config: RunConfig): string {
  return JSON.stringify(config);
}

export function runConfigFromEnv(env: NodeJS.ProcessEnv = process.env): RunConfig {
  const text = env[RUN_CONFIG_ENV];
  if (!text) {
    throw new Error(
      `${RUN_CONFIG_ENV} is not set: the suites in suites/ are run by \`stream-conformance certify\` (or set it to a RunConfig JSON)`,
    );
  }
  return JSON.parse(text) as RunConfig;
}
