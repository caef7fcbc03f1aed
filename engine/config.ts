// What one certification run is asked to do. Built by the certify command (from flags, environment and file) or by
// the vitest preset, and handed to the suites in the vitest worker through vitest's provide/inject (a message over
// the worker's channel), so neither a file nor an environment variable ever holds the credentials.
import { randomBytes } from 'node:crypto';
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES, type Fixtures } from '../contracts/types';
import type { TlsTrust } from '../client/transport';
import { DEFAULT_SETTLE_MS } from '../client/settle';

export interface RunConfig {
  /** Base URL of the target, e.g. http://127.0.0.1:8080. */
  target: string;
  /** For an https target: a private CA to trust (PEM), or no verification at all. */
  tls?: TlsTrust;
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
  /** The suites of the run, by name, in the order they run (the worker warms the Pact verifier when `pact` is
   *  among them). */
  suites: string[];
  /** Candidate evaluations allowed when shrinking one failure. */
  shrinkBudget: number;
  /** Concurrent creates of one name in the concurrency probe. */
  concurrentCreates: number;
  /** How long one deletion may stay visible (DELETING) before the run counts it as not done. */
  deleteTimeoutMs: number;
  /**
   * The settle bound (`--settle`), ms: how long the run waits for an eventually consistent target before it judges
   * read-back, a duplicate's "original unchanged", cleanup (a DELETE refused 409 while deploying, or 404 before the
   * create shows) and the leak check. Absent: DEFAULTS.settleMs.
   */
  settleMs?: number;
  /** `--minimal`: every rule the default run assesses, for every type, with the fewest requests (engine/minimal.ts). */
  minimal?: boolean;
  /** Requests the pact's rate-limit state may send looking for a 429; absent or 0: the probe is off (the 429
   *  interaction is not assessed). */
  rateLimitProbe?: number;
  /** Test hook: false leaves out every sweep (each suite's and the final one), so a test can show what they remove. */
  sweeps?: boolean;
  /** Carry every exchange of the suites back with their results (certify --record FILE.har, the preset's
   *  `record`); off, only failures' exchanges travel. Bodies are already cut at 64 KiB by the client. */
  record?: boolean;
  /** The run's request budget (`--max-requests`, `--max-duration`), counted from `startedAt` (ms since the epoch). */
  budget?: { maxRequests?: number; maxDurationMs?: number; startedAt: number };
}

export const DEFAULTS = {
  runs: 100,
  timeoutMs: 10_000,
  concurrency: 8,
  shrinkBudget: 40,
  concurrentCreates: 20,
  deleteTimeoutMs: 30_000,
  settleMs: DEFAULT_SETTLE_MS,
  fixtures: DEFAULT_FIXTURES,
  types: [...CONNECTION_TYPES],
} as const;

/** A fresh prefix for the names a run creates (so a real target can be cleaned up, and runs never collide). */
export function newRunPrefix(): string {
  return `sc${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

/** The run's settle bound, ms. */
export function settleBound(config: Pick<RunConfig, 'settleMs'>): number {
  return config.settleMs ?? DEFAULTS.settleMs;
}
