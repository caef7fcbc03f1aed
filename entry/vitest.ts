// `stream-conformance/vitest`: the conformance suites in a team's own vitest run, against its own implementation.
// The same engine `certify` runs: the compiled suites, the settings provided to the worker, the results collected
// from the tests and written as the four reports when the run ends.
//
//   // vitest.conformance.config.ts
//   import { defineConfig } from 'vitest/config';
//   import { streamConformance } from 'stream-conformance/vitest';
//   export default defineConfig(streamConformance({ target: 'https://...', groupId: '...', tenant: '...', auth: 'digest:PUB:PRIV' }));
//
//   npx vitest run --config vitest.conformance.config.ts
import { CertificateReporter } from '../runner/certificate-reporter';
import type { RunConfig } from '../engine/config';
import { resolveRunConfig } from '../runner/settings';
import { suitesTestConfig } from '../runner/vitest-run';
import type { ConnectionType, Fixtures } from '../contracts/types';

export interface StreamConformanceOptions {
  /** Base URL of the implementation under test. */
  target: string;
  groupId: string;
  tenant: string;
  /** digest:PUB:PRIV | bearer:TOKEN | service-account:ID:SECRET, with the create role. */
  auth: string;
  /** A credential without the create role; absent, the role rule is not assessed. */
  readonlyAuth?: string;
  types?: ConnectionType[];
  /** Seed of the generated cases (default: random). */
  seed?: number;
  runs?: number;
  timeoutMs?: number;
  rate?: number;
  concurrency?: number;
  /** PEM text of the private CA that signed an https target's certificate (as certify's --ca FILE holds). */
  ca?: string;
  /** UNSAFE, for diagnosis only: accept any certificate of an https target; the certificate says so and the run is
   *  partial (certify's --insecure). */
  insecure?: boolean;
  /** Requests the pact's 429 interaction may send looking for the target's rate limit (default 0: off, not
   *  assessed; certify's --rate-limit-probe). */
  rateLimitProbe?: number;
  /** The suites to run (default all: auth, path, protocol, positive, negative, conflict, pact, random). */
  suites?: string[];
  fixtures?: Fixtures;
  /** Where the reports go (default: a fresh folder under reports/out/ in the working directory). */
  reportDir?: string;
  /** Write every exchange of the run to this HAR 1.2 file, secrets redacted (certify's --record). */
  record?: string;
  /** Keep vitest's own reporter beside ours (default true). */
  defaultReporter?: boolean;
}

/** The preset's options as a run's configuration: the one resolver certify and the self-tests use, so a value is
 *  checked and defaulted the same way wherever it is given. */
export function streamConformanceRunConfig(o: StreamConformanceOptions): RunConfig {
  const { ca, insecure, reportDir: _dir, defaultReporter: _reporter, record, ...settings } = o;
  const tls = ca !== undefined || insecure === true ? { ...(ca !== undefined ? { ca } : {}), ...(insecure === true ? { insecure: true } : {}) } : undefined;
  try {
    return resolveRunConfig({ ...settings, ...(tls ? { tls } : {}), ...(record !== undefined ? { record: true } : {}) });
  } catch (e) {
    throw new Error(`stream-conformance: ${(e as Error).message}`);
  }
}

/** The vitest configuration of a conformance run (pass it to defineConfig). */
export function streamConformance(options: StreamConformanceOptions) {
  const config = streamConformanceRunConfig(options);
  const reporter = new CertificateReporter(config, { ...(options.reportDir !== undefined ? { reportDir: options.reportDir } : {}), ...(options.record !== undefined ? { record: options.record } : {}) });
  const test = suitesTestConfig(config, []);
  return { test: { ...test, silent: false, reporters: [...(options.defaultReporter === false ? [] : ['default' as const]), reporter] } };
}

export { CertificateReporter, type CertificateReporterOptions } from '../runner/certificate-reporter';
export type { RunConfig } from '../engine/config';
