// `npm run nightly`: the night's pipeline, the same locally and in CI. Certify the target group by group (or take the
// groups' certificates from CI's matrix jobs with --shards), merge them into one certificate, re-run every failure to
// class it FIXED / FLAKY / FAILED, compare with the previous night, and write it all into one run folder:
//
//   <run>/group-N/          each group's reports (certify --types ... --report-dir)
//   <run>/reruns/attempt-K/ the re-runs' reports
//   <run>/merged/           certificate.json, junit.xml, report.html, summary.md of the night (flake classes included)
//   <run>/flakes.json       every failure with its re-run results and class
//   <run>/comparison.md     newly failing / newly passing rules against the previous night
//   <run>/night.md          all of it in one Markdown page (what CI writes to the job summary)
//
// Exit 0: the merged certificate is conformant; 1: a MUST rule failed; 2: the night could not be made in full.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCertificate, writeReports } from '../reports';
import { createRedactor } from '../results/redact';
import type { Certificate } from '../results/model';
import { parsePipelineArgs, pipelineUsage, type PipelineArgs, UsageError } from './args';
import { type CertifyCli, certifyCli, environmentSecrets } from './certify-cli';
import { classifyFlakes, type FlakeReport } from './flakes';
import { splitTypes } from './groups';
import { mergeCertificates, MergeError } from './merge';
import { compareWithPrevious, findPreviousCertificate, loadPrevious, NIGHT_PREFIX } from './previous';
import { renderNightMarkdown, renderNightText } from './summary';

export interface PipelineDeps {
  /** Runs one certification (a group or a re-run); default: the certify command in a child process. */
  certify?: CertifyCli;
  /** Progress and the children's log lines (stderr by default). */
  log?: (line: string) => void;
  /** The night's summary (stdout by default). */
  print?: (text: string) => void;
  now?: () => Date;
}

export interface PipelineResult {
  exitCode: number;
  runDir?: string;
  merged?: Certificate;
  flakes?: FlakeReport;
}

interface Shard {
  name: string;
  types: string[];
  certificate?: Certificate;
  problem?: string;
}

export async function runPipeline(args: PipelineArgs, deps: PipelineDeps = {}): Promise<PipelineResult> {
  const log = deps.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const print = deps.print ?? ((t: string) => process.stdout.write(`${t}\n`));
  const certify = deps.certify ?? certifyCli({ env: args.env, faults: args.faults, log });
  const secrets = environmentSecrets(args.env);
  const redact = createRedactor(secrets).text;
  const say = (l: string) => log(`nightly: ${l}`);

  const runDir = args.out ?? makeRunDir('reports/out', (deps.now ?? (() => new Date()))());
  mkdirSync(runDir, { recursive: true });
  say(`run folder ${runDir}`);

  // 1. The groups' certificates.
  let shards: Shard[];
  if (args.shards !== undefined) {
    shards = loadShards(args.shards);
    say(`merging ${shards.length} certificate(s) found under ${args.shards}`);
    // A matrix job that failed uploads nothing: its types must not silently drop out of the night.
    const found = new Set(shards.flatMap((s) => s.types));
    const absent = args.types.filter((t) => !found.has(t));
    if (absent.length > 0) shards.push({ name: 'missing', types: absent, problem: `no certificate for these types under ${args.shards}` });
  } else {
    const groups = splitTypes(args.types, args.groups);
    say(`certifying ${args.targetLabel} in ${groups.length} group(s), seed ${args.seed}${args.runs !== undefined ? `, ${args.runs} runs` : ''}`);
    shards = [];
    for (const [i, types] of groups.entries()) {
      const name = `group-${i + 1}`;
      say(`${name} of ${groups.length}: ${types.join(', ')}`);
      const outcome = await certify({ types, seed: args.seed, ...(args.runs !== undefined ? { runs: args.runs } : {}), reportDir: join(runDir, name), label: `${name}/${groups.length}` });
      shards.push(outcome.kind === 'certificate' ? { name, types, certificate: outcome.certificate } : { name, types, problem: outcome.reason });
      say(outcome.kind === 'certificate' ? `${name}: ${outcome.certificate.verdict}` : `${name} could not be made: ${outcome.reason}`);
    }
  }
  const made = shards.filter((s): s is Shard & { certificate: Certificate } => s.certificate !== undefined);
  const missing = shards.filter((s) => !s.certificate);
  const fail = (why: string): PipelineResult => {
    say(`the night could not be made: ${why}`);
    if (args.summary) appendFileSync(args.summary, `# Nightly certification: ${args.targetLabel}\n\n❌ The night could not be made: ${redact(why)}\n`);
    return { exitCode: 2, runDir };
  };
  if (made.length === 0) return fail(shards.length === 0 ? 'no certificate to merge' : missing.map((s) => `${s.name}: ${s.problem}`).join('; '));

  // 2. Merge.
  let merged: Certificate;
  try {
    merged = mergeCertificates(made.map((s) => s.certificate), { target: args.targetLabel, names: made.map((s) => s.name) });
  } catch (e) {
    if (e instanceof MergeError) return fail(e.message);
    throw e;
  }
  if (missing.length > 0) merged = { ...merged, incidents: [...merged.incidents, ...missing.map((s) => `${s.name} (${s.types.join(', ') || 'types unknown'}) could not be certified: ${s.problem}`)] };

  // 3. Flake classes: re-run the failures with the night's seed.
  let flakes: FlakeReport | undefined;
  if (args.attempts > 0) {
    flakes = await classifyFlakes(
      merged,
      (req) => certify({ types: req.types, seed: req.seed, runs: req.runs, reportDir: join(runDir, 'reruns', `attempt-${req.attempt}`), label: `re-run ${req.attempt}/${args.attempts}` }),
      { attempts: args.attempts, progress: say },
    );
    merged = flakes.certificate;
    writeFileSync(join(runDir, 'flakes.json'), redact(`${JSON.stringify(flakesJson(flakes), null, 2)}\n`));
  }

  // 4. Reports of the merged certificate.
  const mergedDir = join(runDir, 'merged');
  await writeReports(mergedDir, merged, { secrets, onWarning: (m) => say(`warning: ${m}`) });

  // 5. Comparison with the previous night.
  const searchRoot = dirname(resolve(runDir));
  const previousFile = args.previous ?? findPreviousCertificate(searchRoot, runDir);
  const previous = loadPrevious(previousFile, args.previous === undefined ? searchRoot : undefined);
  const { comparison, markdown: comparisonMd } = compareWithPrevious(previous, merged);
  writeFileSync(join(runDir, 'comparison.md'), redact(comparisonMd));
  const previousNote = previous.kind === 'none' ? previous.reason : previous.kind === 'unreadable' ? `The previous certificate ${previous.source} could not be read: ${previous.reason}` : '';

  // 6. The night in one page, and in a few lines.
  const night = redact(
    renderNightMarkdown(
      {
        label: args.targetLabel,
        runDir,
        groups: shards.map((s) => ({ name: s.name, types: s.types, outcome: s.certificate ? s.certificate.verdict : `not made (${s.problem})` })),
        attempts: args.attempts,
        ...(flakes ? { flakes } : {}),
      },
      readFileSync(join(mergedDir, 'summary.md'), 'utf8'),
      comparisonMd,
    ),
  );
  writeFileSync(join(runDir, 'night.md'), night);
  if (args.summary) appendFileSync(args.summary, night);
  print(redact(renderNightText(merged, flakes, comparison, previousNote, args.attempts)));
  print(`Reports: ${join(mergedDir, 'certificate.json')}, ${join(mergedDir, 'report.html')}, ${join(runDir, 'comparison.md')}, ${join(runDir, 'night.md')}`);

  const exitCode = missing.length > 0 ? 2 : merged.verdict === 'conformant' ? 0 : 1;
  if (missing.length > 0) say(`incomplete night: ${missing.map((s) => s.name).join(', ')} could not be certified (exit 2)`);
  return { exitCode, runDir, merged, ...(flakes ? { flakes } : {}) };
}

function flakesJson(f: FlakeReport) {
  return {
    types: f.types,
    attempts: f.attempts.map((a, i) =>
      a.kind === 'certificate'
        ? { attempt: i + 1, exitCode: a.exitCode, verdict: a.certificate.verdict, failedRules: a.certificate.rules.filter((r) => r.status === 'failed').map((r) => r.id) }
        : { attempt: i + 1, exitCode: a.exitCode, notMade: a.reason },
    ),
    failures: f.failures,
  };
}

/** `<root>/nightly-<ISO time>`, with a suffix if a night of that name exists. */
export function makeRunDir(root: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  mkdirSync(root, { recursive: true });
  for (let i = 0; ; i++) {
    const dir = join(root, `${NIGHT_PREFIX}${stamp}${i === 0 ? '' : `-${i}`}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw e;
    }
  }
}

/** Every certificate.json under `root` (CI downloads one folder per matrix job), in name order. */
export function loadShards(root: string): Shard[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const d of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, d.name);
      if (d.isFile() && d.name === 'certificate.json') files.push(p);
      else if (d.isDirectory() && depth < 3) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  return files.map((file) => {
    const name = relative(root, dirname(file)) || '.';
    try {
      const certificate = parseCertificate(readFileSync(file, 'utf8'), file);
      return { name, types: certificate.types, certificate };
    } catch (e) {
      return { name, types: [], problem: (e as Error).message };
    }
  });
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: PipelineArgs;
  try {
    args = parsePipelineArgs(argv, env);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`nightly: ${e.message}\nRun \`npm run nightly -- --help\` for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${pipelineUsage()}\n`);
    return 0;
  }
  try {
    return (await runPipeline(args)).exitCode;
  } catch (e) {
    process.stderr.write(`nightly: the night could not be made: ${createRedactor(environmentSecrets(args.env)).text((e as Error).message)}\n`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
