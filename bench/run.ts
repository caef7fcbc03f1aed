// `npm run bench`: measures stream-conformance on this machine in one run (certification, raw rate of the same
// mix, reference target against bare node:http, generators, memory, scaling, start-up), prints the table and writes
// bench.json and bench.md. Every load goes to 127.0.0.1; every step is bounded in time.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONNECTION_TYPES } from '../contracts/types';
import { DEFAULTS } from '../engine/config';
import { spawnTarget } from '../reference/child';
import { BENCH_USAGE, BenchUsageError, defaultRunIndex, medianIndex, parseBenchArgs } from './args';
import { type CertifyRun, runCertify } from './certify-run';
import { bareRate, bodyPool, createRate, probeCreate, rawMixRate } from './load';
import { composeInvalidPool, largeShare, mixFromCounts, mixPattern, smallRatio } from './mix';
import { type BenchResult, type GeneratorRow, type RunFigures, renderMarkdown } from './report';
import { measureStartup } from './startup';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CERTIFY_LIMIT_MS = 10 * 60_000;
const TARGET_CONNECTIONS = 32;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function figures(r: CertifyRun): RunFigures {
  return { runs: r.runs, verdict: r.verdict, wallMs: r.wallMs, suiteMs: r.suiteMs, exchanges: r.exchanges, cases: r.cases, peak: r.peak, suiteSeconds: r.suiteSeconds };
}

async function generatorRows(outDir: string): Promise<GeneratorRow[]> {
  const file = join(outDir, 'generators.json');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/generators.ts'), file], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  clearTimeout(killer);
  if (code !== 0) throw new Error(`bench/generators.ts exited with ${code}`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { rows: GeneratorRow[] }).rows.map((g) => ({ type: g.type, validPerSecond: g.validPerSecond, invalidPerSecond: g.invalidPerSecond }));
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`bench: ${e.message}\n${BENCH_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const outDir = args.out !== undefined ? resolve(args.out) : resolve(ROOT, args.defaultOut);
  mkdirSync(outDir, { recursive: true });
  const cpus = os.cpus();
  const machine = { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, memoryMb: Math.round(os.totalmem() / 2 ** 20), date: new Date().toISOString() };

  // The certification first, on a quiet machine; then the rest of the scaling series.
  const order = [defaultRunIndex(args.scaling), ...args.scaling.map((_, i) => i).filter((i) => i !== defaultRunIndex(args.scaling))];
  const runs: CertifyRun[] = new Array(args.scaling.length);
  const certIndex = defaultRunIndex(args.scaling);
  const repeats: CertifyRun[] = [];
  for (const i of order) {
    const n = args.scaling[i]!;
    const times = i === certIndex ? args.repeat : 1;
    for (let k = 1; k <= times; k++) {
      log(`certify --runs ${n} (seed ${args.seed})${times > 1 ? `, run ${k} of ${times}` : ''}...`);
      const r = await runCertify({ runs: n, seed: args.seed, reportDir: join(outDir, `certify-runs-${n}${times > 1 ? `-${k}` : ''}`), limitMs: CERTIFY_LIMIT_MS });
      log(`  ${r.verdict}, ${(r.wallMs / 1000).toFixed(1)} s, ${r.exchanges} exchanges`);
      if (i === certIndex) repeats.push(r);
      runs[i] = r;
    }
  }
  log(`certify --minimal (seed ${args.seed})...`);
  const minimal = await runCertify({ runs: 0, seed: args.seed, reportDir: join(outDir, 'certify-minimal'), limitMs: CERTIFY_LIMIT_MS, extraArgs: ['--minimal'] });
  log(`  ${minimal.verdict}, ${(minimal.wallMs / 1000).toFixed(1)} s, ${minimal.exchanges} exchanges`);
  const cert = repeats[medianIndex(repeats.map((r) => r.wallMs))]!;
  runs[certIndex] = cert;

  log('raw rate of the same mix (autocannon)...');
  const ratio = smallRatio(mixFromCounts(cert.counts));
  const pattern = mixPattern(ratio);
  const bodies = bodyPool(20, args.seed);
  const pool = { valid: bodies.valid, invalid: composeInvalidPool(bodies.small, bodies.large, largeShare(cert.counts), 400) };
  let target = await spawnTarget({ startTimeoutMs: 30_000 });
  const load = (t: typeof target) => ({ url: t.url, groupId: t.info.groupId, tenant: t.info.tenant, bearer: t.info.bearer });
  let rawMix;
  try {
    rawMix = await rawMixRate(load(target), pattern, pool, DEFAULTS.concurrency, args.seconds);
  } finally {
    await target.close();
  }

  log('reference target create vs bare node:http (autocannon)...');
  target = await spawnTarget({ startTimeoutMs: 30_000 });
  let create;
  let probe;
  try {
    probe = await probeCreate(load(target));
    if (probe.status !== 201 && probe.status !== 200) throw new Error(`a valid create got ${probe.status} from the reference target`);
    create = await createRate(load(target), TARGET_CONNECTIONS, args.seconds);
  } finally {
    await target.close();
  }
  const bare = await bareRate(probe.bytes, TARGET_CONNECTIONS, args.seconds);

  log('generators...');
  const generators = await generatorRows(outDir);
  log('start-up...');
  const startup = await measureStartup(3);

  const result: BenchResult = {
    machine,
    seed: args.seed,
    loadSeconds: args.seconds,
    certification: figures(cert),
    certificationWallsMs: repeats.map((r) => r.wallMs),
    types: CONNECTION_TYPES.length,
    rawMix: { ...rawMix, connections: DEFAULTS.concurrency, pattern: pattern.join(','), ratio, oversizedShare: largeShare(cert.counts) },
    target: { create, bare, connections: TARGET_CONNECTIONS, responseBytes: probe.bytes },
    generators,
    scaling: runs.map(figures),
    minimal: figures(minimal),
    startup: { processMs: startup.processMs, containerMs: startup.containerMs, ...(startup.containerNote ? { containerNote: startup.containerNote } : {}) },
  };
  const md = renderMarkdown(result);
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify({ ...result, startupDetail: startup }, null, 2)}\n`);
  writeFileSync(join(outDir, 'bench.md'), `${md}\n`);
  process.stdout.write(`${md}\n`);
  log(`written: ${join(outDir, 'bench.json')}, ${join(outDir, 'bench.md')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 1;
  },
);
