// `stream-conformance judge FILE.har [FILE.har ...]`: judges recorded traffic (a proxy's, a browser's, an SDK
// recorder's, certify --record's) with the suites' oracles and writes the four reports. It sends nothing.
// Exit 0: every MUST rule the recording let be assessed passed. 1: a MUST rule failed. 2: unusable input.
import { readFile } from 'node:fs/promises';
import { flagUsage, type FlagTable, parseFlags } from '../../util/flags';
import { createRedactor, defaultReportDir, writeReports } from '../../reports';
import { HarInputError, mergeRecordings, readHar, type Recording } from '../../traffic/har-read';
import { judgeRecording } from '../../traffic/judge';
import type { Fixtures } from '../../contracts/types';
import { suiteVersion } from '../../runner/certification';
import { UsageError } from '../args';
import { outcomeLines } from './certify';
import { readFixtures } from '../../runner/settings';

const FLAGS = {
  'report-dir': { type: 'string', value: 'DIR', help: 'where the reports go (default a fresh folder under reports/out/)' },
  fixtures: { type: 'string', value: 'FILE', help: 'JSON file {sampleSources, clusterNames} the recorded target knows (else findings that depend on them are not judged)' },
  'only-instance': {
    type: 'string',
    value: 'G/T',
    help: 'GROUP/TENANT: the recorded caller has only this stream instance, so creates to any other project or instance are judged by unknown-group and unknown-tenant',
  },
  help: { type: 'boolean', short: 'h', help: 'this text' },
} as const satisfies FlagTable;

const USAGE = [
  'usage: stream-conformance judge FILE.har [FILE.har ...] [options]',
  '',
  ...flagUsage(FLAGS),
  '',
  'Judges the exchanges of the operation found among any traffic (POST/GET/DELETE .../groups/{groupId}/streams/',
  '{tenantName}/connections[/{name}]); sends nothing. Every rule is passed, failed or not assessed with the reason.',
  'Exit status: 0 no MUST rule failed, 1 a MUST rule failed, 2 unusable input.',
].join('\n');

export interface JudgeArgs {
  files: string[];
  reportDir?: string;
  fixtures?: Fixtures;
  onlyInstance?: { groupId: string; tenant: string };
  help: boolean;
}

export function parseJudgeArgs(argv: string[]): JudgeArgs {
  const parsed = parseFlags(argv, FLAGS, { positionals: true });
  const v = parsed.values;
  if (v.help) return { files: [], help: true };
  if (parsed.positionals.length === 0) throw new UsageError('give one or more HAR files');
  let onlyInstance: JudgeArgs['onlyInstance'];
  if (v['only-instance'] !== undefined) {
    const m = /^([a-f0-9]{24})\/(.+)$/.exec(v['only-instance']);
    if (!m) throw new UsageError('--only-instance must be GROUP/TENANT with a 24-hex group id');
    onlyInstance = { groupId: m[1]!, tenant: m[2]! };
  }
  return {
    files: parsed.positionals,
    ...(v['report-dir'] !== undefined ? { reportDir: v['report-dir'] } : {}),
    ...(v.fixtures !== undefined ? { fixtures: readFixtures(v.fixtures) } : {}),
    ...(onlyInstance ? { onlyInstance } : {}),
    help: false,
  };
}

/** The HAR files read and merged; a HarInputError naming the file that cannot be used. */
export async function readRecordings(files: readonly string[]): Promise<Recording> {
  const recordings: Recording[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new HarInputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    recordings.push(readHar(text, file));
  }
  return mergeRecordings(recordings);
}

export async function run(argv: string[]): Promise<number> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args: JudgeArgs;
  try {
    args = parseJudgeArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`stream-conformance judge: ${e.message}`);
    err(USAGE);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let recording: Recording;
  try {
    recording = await readRecordings(args.files);
  } catch (e) {
    if (!(e instanceof HarInputError)) throw e;
    err(`stream-conformance judge: ${e.message}`);
    return 2;
  }
  const startedAt = new Date().toISOString();
  const outcome = judgeRecording(recording, { files: args.files, startedAt, ...(args.fixtures ? { fixtures: args.fixtures } : {}), ...(args.onlyInstance ? { onlyInstance: args.onlyInstance } : {}) });
  const { certificate, secrets } = outcome;
  const redactor = createRedactor(secrets);
  for (const note of recording.notes) err(redactor.text(`note: ${note}`));
  if (outcome.operations === 0) {
    err(`stream-conformance judge: no exchange of the operation in ${args.files.join(', ')} (${outcome.unrelated} unrelated exchange(s)); nothing to judge`);
    return 2;
  }
  const dir = args.reportDir ?? defaultReportDir();
  const provenance = { toolVersion: suiteVersion(), nodeVersion: process.version, commandLine: ['stream-conformance', 'judge', ...argv] };
  const paths = await writeReports(dir, certificate, { secrets, provenance, onWarning: (m) => err(`warning: ${m}`) });
  for (const line of outcomeLines(certificate, secrets)) err(line);
  const s = certificate.summary;
  err(`Judged ${outcome.operations} exchange(s) of the operation (${outcome.unrelated} unrelated set aside).`);
  err(`Verdict: ${certificate.verdict.toUpperCase()} — MUST ${s.must.passed} passed, ${s.must.failed} failed, ${s.must['not-assessed']} not assessed; SHOULD ${s.should.passed} passed, ${s.should.failed} failed, ${s.should['not-assessed']} not assessed.`);
  err(`Reports: ${paths.certificate}, ${paths.junit}, ${paths.html}, ${paths.summary}`);
  return certificate.verdict === 'conformant' ? 0 : 1;
}
