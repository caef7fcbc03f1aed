// The vitest reporter behind the `stream-conformance/vitest` preset: collects the suites' results from the run's
// test meta, and when the run ends makes the certification of it as `certify` does (final sweep, certificate) and
// writes the four reports. One line says the verdict and where the reports are.
import type { Reporter, TestModule } from 'vitest/node';
import { defaultReportDir, writeHar, writeReports } from '../reports';
import { conclude, snapshot } from './certification';
import type { Listing } from '../engine/ledger';
import type { RunConfig } from '../engine/config';
import type { SuiteResults } from '../engine/recorder';
import { SuiteResultsReporter } from './vitest-run';

export interface CertificateReporterOptions {
  /** Where the reports go (default: a fresh folder under reports/out/ in the working directory). */
  reportDir?: string;
  /** Write every exchange of the run to this HAR file (secrets redacted); the RunConfig must have `record`. */
  record?: string;
  /** Where the verdict line goes (default: stderr). */
  write?: (line: string) => void;
}

export class CertificateReporter implements Reporter {
  private readonly collected = new SuiteResultsReporter();
  private startedAt = new Date().toISOString();
  private before: Listing = { ok: false, why: 'the run did not start' };

  constructor(
    private readonly config: RunConfig,
    private readonly options: CertificateReporterOptions = {},
  ) {}

  /** What the stream instance holds before any suite sends: the sweep and the leak check leave it be. */
  async onTestRunStart(): Promise<void> {
    this.startedAt = new Date().toISOString();
    this.before = await snapshot(this.config);
  }

  onTestCaseResult(...args: Parameters<SuiteResultsReporter['onTestCaseResult']>): void {
    this.collected.onTestCaseResult(...args);
  }

  onTestModuleEnd(module: TestModule): void {
    this.collected.onTestModuleEnd(module);
  }

  async onTestRunEnd(modules: readonly TestModule[], unhandled: readonly { message?: string }[]): Promise<void> {
    this.collected.onTestRunEnd(modules, unhandled);
    const write = this.options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    const results: SuiteResults[] = this.collected.results;
    const { certificate, secrets, exchanges } = await conclude(this.config, results, this.collected.errors.map((e) => `suite error: ${e}`), this.startedAt, this.before);
    const dir = this.options.reportDir ?? defaultReportDir();
    const paths = await writeReports(dir, certificate, { secrets, onWarning: (m) => write(`warning: ${m}`) });
    if (this.options.record !== undefined) await writeHar(this.options.record, exchanges ?? [], { secrets, onWarning: (m) => write(`warning: ${m}`) });
    write(`stream-conformance: ${certificate.verdict.toUpperCase()}; reports: ${paths.certificate}, ${paths.junit}, ${paths.html}, ${paths.summary}${this.options.record !== undefined ? `; recording: ${this.options.record}` : ''}`);
  }
}
