// The one resolver of a run's settings: `certify` (flags, environment, config file), the vitest preset (options)
// and the self-tests all end in resolveRunConfig, which checks every value the same way and fills the defaults
// (engine/config.ts DEFAULTS). Text settings (flags, environment, config file) are read by RUN_FLAGS and
// runSettingsFromFlags, with the same checks.
import { readFileSync } from 'node:fs';
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES, type Fixtures, isConnectionType } from '../contracts/types';
import { checkFixtures } from '../generators/context';
import { parseCredential } from '../client';
import type { TlsTrust } from '../client/transport';
import { DEFAULTS, newRunPrefix, type RunConfig } from '../engine/config';
import { SUITES } from '../suites/definitions';
import { duration, type FlagTable, type ParsedFlags, wholeNumber } from '../util/flags';
import { UsageError } from '../util/usage-error';

/** The suites of a run by default: all of them, in the catalogue's order. */
export const ALL_SUITES: readonly string[] = SUITES.map((s) => s.name);

/** What a caller sets of a run; everything left out takes its default. */
export interface RunSettings {
  target: string;
  groupId: string;
  tenant: string;
  auth: string;
  readonlyAuth?: string;
  tls?: TlsTrust;
  fixtures?: Fixtures;
  types?: readonly ConnectionType[];
  seed?: number;
  runs?: number;
  timeoutMs?: number;
  rate?: number;
  rateLimitProbe?: number;
  concurrency?: number;
  suites?: readonly string[];
  runPrefix?: string;
  shrinkBudget?: number;
  concurrentCreates?: number;
  deleteTimeoutMs?: number;
  budget?: RunConfig['budget'];
  sweeps?: boolean;
  /** Keep every exchange for a HAR recording. */
  record?: boolean;
  /** How long reads, deletes and the leak check may take to settle (profile v1.1). */
  settleMs?: number;
  /** Every rule the default run assesses, with the fewest requests (engine/minimal.ts). */
  minimal?: boolean;
}

/** The settings as flags and certify's config file name them (the preset's options use the RunSettings names). */
export const RUN_FLAGS = {
  target: { type: 'string', env: 'CONFORMANCE_TARGET', value: 'URL', help: 'base URL of the target (default: start the bundled reference target)' },
  'group-id': { type: 'string', env: 'CONFORMANCE_GROUP_ID', value: 'HEX24', help: '24-hex project id the stream instance lives in' },
  tenant: { type: 'string', env: 'CONFORMANCE_TENANT', value: 'NAME', help: 'name of the stream instance' },
  auth: { type: 'string', env: 'CONFORMANCE_AUTH', value: 'CRED', help: 'digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET (a key with the create role)' },
  'readonly-auth': { type: 'string', env: 'CONFORMANCE_READONLY_AUTH', value: 'CRED', help: 'a credential without the create role (else the role rule is not assessed)' },
  fixtures: { type: 'string', env: 'CONFORMANCE_FIXTURES', value: 'FILE', help: 'JSON file {sampleSources, clusterNames} the target knows' },
  types: { type: 'string', env: 'CONFORMANCE_TYPES', value: 'LIST', help: `comma-separated connection types (default all: ${CONNECTION_TYPES.join(',')})` },
  seed: { type: 'string', env: 'CONFORMANCE_SEED', value: 'N', help: 'seed of the generated cases (default random; always printed)' },
  runs: { type: 'string', env: 'CONFORMANCE_RUNS', value: 'N', help: `random cases per property and type (default ${DEFAULTS.runs})` },
  timeout: { type: 'string', env: 'CONFORMANCE_TIMEOUT', value: 'MS', help: `per-request timeout in ms (default ${DEFAULTS.timeoutMs})` },
  rate: { type: 'string', env: 'CONFORMANCE_RATE', value: 'N', help: 'cap on requests per second (shared real targets)' },
  'rate-limit-probe': {
    type: 'string',
    env: 'CONFORMANCE_RATE_LIMIT_PROBE',
    value: 'N',
    help: "the pact's 429 interaction: look for the target's rate limit with at most N requests (default 0: off, not assessed; the suites after it meet the spent limit)",
  },
  concurrency: { type: 'string', env: 'CONFORMANCE_CONCURRENCY', value: 'N', help: `independent cases in flight (default ${DEFAULTS.concurrency})` },
  suites: { type: 'string', env: 'CONFORMANCE_SUITES', value: 'LIST', help: `comma-separated suites to run (default all: ${SUITES.map((s) => s.name).join(',')})` },
  'max-duration': { type: 'string', env: 'CONFORMANCE_MAX_DURATION', value: 'T', help: 'stop sending after this long (seconds, or 90s, 5m), then clean up and report' },
  'max-requests': { type: 'string', env: 'CONFORMANCE_MAX_REQUESTS', value: 'N', help: 'stop sending after this many requests (cleanup excepted)' },
  settle: { type: 'string', env: 'CONFORMANCE_SETTLE', value: 'T', help: `how long to wait for reads and deletions to settle before judging them (seconds, or 90s, 5m; default ${DEFAULTS.settleMs / 1000})` },
  minimal: { type: 'boolean', help: 'every rule the default run assesses, for every type, with the fewest requests (at most 1,500)' },
} as const satisfies FlagTable;

/** The run settings the flags give, checked; target and credentials may be left to the bundled target. */
export function runSettingsFromFlags(values: ParsedFlags<typeof RUN_FLAGS>['values'], randomSeed: () => number): Partial<RunSettings> {
  const v = values;
  const out: Partial<RunSettings> = {};
  if (v.target !== undefined) out.target = v.target;
  if (v['group-id'] !== undefined) out.groupId = v['group-id'];
  if (v.tenant !== undefined) out.tenant = v.tenant;
  if (v.auth !== undefined) out.auth = v.auth;
  if (v['readonly-auth'] !== undefined) out.readonlyAuth = v['readonly-auth'];
  if (v.fixtures !== undefined) out.fixtures = readFixtures(v.fixtures);
  if (v.types !== undefined) out.types = connectionTypes(v.types);
  out.seed = wholeNumber('seed', v.seed, randomSeed(), -(2 ** 31), 2 ** 31 - 1);
  if (v.minimal === true) out.minimal = true;
  // --minimal sends no random cases unless --runs asks for them.
  if (v.runs !== undefined || v.minimal === true) out.runs = wholeNumber('runs', v.runs, v.minimal === true ? 0 : DEFAULTS.runs, 0);
  const settleMs = duration('settle', v.settle);
  if (settleMs !== undefined) out.settleMs = settleMs;
  if (v.timeout !== undefined) out.timeoutMs = wholeNumber('timeout', v.timeout, DEFAULTS.timeoutMs, 1);
  if (v.rate !== undefined) out.rate = wholeNumber('rate', v.rate, 0, 1);
  if (v['rate-limit-probe'] !== undefined) out.rateLimitProbe = wholeNumber('rate-limit-probe', v['rate-limit-probe'], 0, 0);
  if (v.concurrency !== undefined) out.concurrency = wholeNumber('concurrency', v.concurrency, DEFAULTS.concurrency, 1);
  if (v.suites !== undefined) out.suites = suiteList(v.suites.split(','));
  const maxDurationMs = duration('max-duration', v['max-duration']);
  const maxRequests = v['max-requests'] === undefined ? undefined : wholeNumber('max-requests', v['max-requests'], 0, 1);
  if (maxDurationMs !== undefined || maxRequests !== undefined) {
    out.budget = { ...(maxDurationMs !== undefined ? { maxDurationMs } : {}), ...(maxRequests !== undefined ? { maxRequests } : {}), startedAt: Date.now() };
  }
  return out;
}

/** How a caller's messages name a setting: certify by its flag (`--group-id`), the preset by its option (`groupId`). */
export type SettingName = (setting: keyof RunSettings) => string;

const FLAG_OF: Partial<Record<keyof RunSettings, string>> = { groupId: 'group-id', readonlyAuth: 'readonly-auth', timeoutMs: 'timeout', rateLimitProbe: 'rate-limit-probe', settleMs: 'settle' };
/** Settings named by their flags. */
export const asFlag: SettingName = (k) => `--${FLAG_OF[k] ?? k}`;

/** Checks every setting and fills the defaults: the run's configuration. Throws UsageError naming the setting. */
export function resolveRunConfig(s: RunSettings, name: SettingName = (k) => k): RunConfig {
  try {
    const u = new URL(s.target);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`${name('target')} must be an http(s) URL, got ${JSON.stringify(s.target)}`);
  }
  if (!/^[a-f0-9]{24}$/.test(s.groupId)) throw new UsageError(`${name('groupId')} must be 24 lower-case hex digits`);
  if (s.tenant === '') throw new UsageError(`${name('tenant')} must not be empty`);
  for (const key of ['auth', 'readonlyAuth'] as const) {
    const text = s[key];
    if (text === undefined) continue;
    try {
      parseCredential(text);
    } catch (e) {
      throw new UsageError(`${name(key)}: ${(e as Error).message}`);
    }
  }
  if (s.tls?.ca !== undefined && !s.tls.ca.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`${name('tls')}: ca must be the PEM text of a certificate (-----BEGIN CERTIFICATE-----), not a file name`);
  const whole = (key: keyof RunSettings, n: number | undefined, fallback: number, min: number, max?: number): number => {
    if (n === undefined) return fallback;
    if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) throw new UsageError(`${name(key)} must be a whole number ${max === undefined ? `of at least ${min}` : `between ${min} and ${max}`}, got ${n}`);
    return n;
  };
  const types = s.types === undefined ? [...DEFAULTS.types] : connectionTypes(s.types.join(','));
  return {
    target: s.target,
    ...(s.tls ? { tls: s.tls } : {}),
    groupId: s.groupId,
    tenant: s.tenant,
    auth: s.auth,
    ...(s.readonlyAuth !== undefined ? { readonlyAuth: s.readonlyAuth } : {}),
    fixtures: s.fixtures === undefined ? DEFAULTS.fixtures : fixturesChecked(s.fixtures, name('fixtures')),
    types,
    seed: whole('seed', s.seed, Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 31 - 1),
    runs: whole('runs', s.runs, DEFAULTS.runs, 0),
    timeoutMs: whole('timeoutMs', s.timeoutMs, DEFAULTS.timeoutMs, 1),
    ...(s.rate !== undefined ? { rate: whole('rate', s.rate, 0, 1) } : {}),
    ...(s.rateLimitProbe ? { rateLimitProbe: whole('rateLimitProbe', s.rateLimitProbe, 0, 0) } : {}),
    concurrency: whole('concurrency', s.concurrency, DEFAULTS.concurrency, 1),
    suites: s.suites === undefined ? [...ALL_SUITES] : suiteList(s.suites),
    runPrefix: s.runPrefix ?? newRunPrefix(),
    shrinkBudget: whole('shrinkBudget', s.shrinkBudget, DEFAULTS.shrinkBudget, 0),
    concurrentCreates: whole('concurrentCreates', s.concurrentCreates, DEFAULTS.concurrentCreates, 2),
    deleteTimeoutMs: whole('deleteTimeoutMs', s.deleteTimeoutMs, DEFAULTS.deleteTimeoutMs, 1),
    ...(s.budget ? { budget: s.budget } : {}),
    ...(s.sweeps === false ? { sweeps: false } : {}),
    ...(s.record ? { record: true } : {}),
    ...(s.settleMs !== undefined ? { settleMs: whole('settleMs', s.settleMs, DEFAULTS.settleMs, 0) } : {}),
    ...(s.minimal ? { minimal: true } : {}),
  };
}

/** `Kafka,Https` -> the types in catalogue order; a UsageError naming any unknown one. */
export function connectionTypes(text: string): ConnectionType[] {
  const wanted = text.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = wanted.filter((t) => !isConnectionType(t));
  if (bad.length > 0 || wanted.length === 0) throw new UsageError(`--types: unknown connection type(s) ${bad.join(', ') || '(none given)'}; known: ${CONNECTION_TYPES.join(', ')}`);
  return CONNECTION_TYPES.filter((t) => wanted.includes(t));
}

/** Suite names -> those suites in the run's order; a UsageError naming any unknown one. */
export function suiteList(names: readonly string[]): string[] {
  const wanted = names.map((s) => s.trim()).filter(Boolean);
  const bad = wanted.filter((s) => !ALL_SUITES.includes(s));
  if (bad.length > 0 || wanted.length === 0) throw new UsageError(`--suites: unknown suite(s) ${bad.join(', ') || '(none given)'}; known: ${ALL_SUITES.join(', ')}`);
  return ALL_SUITES.filter((s) => wanted.includes(s));
}

function fixturesChecked(f: Fixtures, name: string): Fixtures {
  try {
    return checkFixtures({ ...DEFAULT_FIXTURES, ...f });
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`);
  }
}

export function readFixtures(file: string): Fixtures {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--fixtures: cannot read ${file}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--fixtures: the file must hold a JSON object {sampleSources, clusterNames}');
  // A list left out keeps its default; what is given is checked by the generators' own rules (one set of rules).
  try {
    return checkFixtures({ ...DEFAULT_FIXTURES, ...(parsed as object) });
  } catch (e) {
    throw new UsageError(`--fixtures: ${(e as Error).message}`);
  }
}
