// Runs a composite action's steps here the way the Actions runner does, for the expressions our action.yml uses:
// `${{ inputs.X }}` and `${{ steps.ID.outputs.X }}` in `env:` and `with:`, and `if:` conditions built of always(),
// success() and `steps.ID.outputs.X != ''`. Anything else is refused, so the action cannot grow an expression this
// runner would misread. `run:` steps run with bash, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH and
// RUNNER_TEMP set; `uses:` steps are not run, only recorded with their evaluated `with:`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionDoc {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  skipped: boolean;
  /** Exit status of a run step; undefined for uses steps and skipped steps. */
  status?: number;
  uses?: string;
  with?: Record<string, string>;
  output: string;
}

export interface ActionRun {
  steps: StepRecord[];
  outputs: Record<string, string>;
  summary: string;
  /** What the whole job log would hold (every run step's stdout and stderr). */
  log: string;
  failed: boolean;
}

type Scope = { inputs: Record<string, string>; steps: Record<string, Record<string, string>> };

function lookup(expr: string, scope: Scope): string {
  const e = expr.trim();
  let m = /^inputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (m) {
    if (!(m[1]! in scope.inputs)) throw new Error(`expression names an undeclared input: ${e}`);
    return scope.inputs[m[1]!]!;
  }
  m = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(e);
  if (m) return scope.steps[m[1]!]?.[m[2]!] ?? '';
  throw new Error(`expression this runner does not support: ${e}`);
}

export function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => lookup(expr, scope));
}

/** Whether a step runs, given its `if:` and whether an earlier step failed. */
export function shouldRun(condition: string | undefined, failed: boolean, scope: Scope): boolean {
  if (condition === undefined) return !failed;
  const terms = condition.split('&&').map((t) => t.trim());
  let explicitStatus = false;
  let result = true;
  for (const t of terms) {
    if (t === 'always()') explicitStatus = true;
    else if (t === 'success()') {
      explicitStatus = true;
      result &&= !failed;
    } else {
      const m = /^(steps\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+)\s*(==|!=)\s*''$/.exec(t);
      if (!m) throw new Error(`condition this runner does not support: ${t}`);
      const empty = lookup(m[1]!, scope) === '';
      result &&= m[2] === '==' ? empty : !empty;
    }
  }
  return explicitStatus ? result : result && !failed;
}

function bash(script: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 137, output });
    });
  });
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export async function runAction(doc: ActionDoc, actionPath: string, given: Record<string, string>, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ActionRun> {
  for (const k of Object.keys(given)) if (!(k in doc.inputs)) throw new Error(`unknown input ${k}`);
  const inputs = Object.fromEntries(Object.entries(doc.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const scope: Scope = { inputs, steps: {} };
  const temp = mkdtempSync(join(tmpdir(), 'sc-action-'));
  const summaryFile = join(temp, 'summary.md');
  writeFileSync(summaryFile, '');
  const records: StepRecord[] = [];
  let failed = false;
  let log = '';
  for (const [i, step] of doc.runs.steps.entries()) {
    const name = step.name ?? `step ${i}`;
    if (!shouldRun(step.if, failed, scope)) {
      records.push({ name, skipped: true, output: '' });
      continue;
    }
    if (step.uses !== undefined) {
      const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]));
      records.push({ name, skipped: false, uses: step.uses, with: withs, output: '' });
      continue;
    }
    if (step.run === undefined) throw new Error(`${name}: neither run nor uses`);
    if (step.shell !== 'bash') throw new Error(`${name}: a composite run step needs shell: bash, got ${step.shell}`);
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]));
    const env = {
      ...process.env,
      ...opts.env,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
      ...stepEnv,
    };
    const { status, output } = await bash(interpolate(step.run, scope), env, opts.timeoutMs ?? 300_000);
    log += output;
    if (step.id !== undefined) scope.steps[step.id] = readOutputs(outputFile);
    records.push({ name, skipped: false, status, output });
    if (status !== 0) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(doc.outputs).map(([k, v]) => [k, interpolate(v.value, scope)]));
  return { steps: records, outputs, summary: readFileSync(summaryFile, 'utf8'), log, failed };
}
