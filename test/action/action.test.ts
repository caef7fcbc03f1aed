// The GitHub Action (action.yml at the repository root): valid against the published action schema (SchemaStore's,
// through action-validator), inputs reaching scripts only through env, and its steps run here as the runner runs
// them: the bundled target certified with exit 0 and the summary written, a faulty target failing with exit 1, and
// the credentials masked and never printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type RunningTarget, startTarget } from '../../reference/server';
import { type ActionDoc, runAction, shouldRun } from './runner';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEXT = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const DOC = parse(TEXT, { strict: true }) as ActionDoc;

describe('action.yml', () => {
  it('is a valid action by the published schema', () => {
    expect(validateAction(TEXT).errors).toEqual([]);
    // The validator does find faults: the same file without its `runs.using` is not an action.
    expect(validateAction(TEXT.replace('using: composite', 'using: nothing-at-all')).errors.length).toBeGreaterThan(0);
  });

  it('takes the inputs a certification needs and is a composite action', () => {
    expect(DOC.runs.using).toBe('composite');
    for (const name of ['target', 'group-id', 'tenant', 'auth', 'readonly-auth', 'types', 'runs', 'rate', 'seed']) expect(DOC.inputs).toHaveProperty(name);
    expect(Object.keys(DOC.outputs)).toEqual(expect.arrayContaining(['exit-code', 'verdict', 'report-dir']));
  });

  it('never splices an expression into a script: inputs reach the shell through env only', () => {
    for (const step of DOC.runs.steps) if (step.run !== undefined) expect(step.run, step.name).not.toMatch(/\$\{\{/);
  });

  it('uploads the reports even when certify failed, and ends with its status', () => {
    const upload = DOC.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toMatch(/always\(\)/);
    const scope = { inputs: {}, steps: { certify: { 'report-dir': '/r' } } };
    expect(shouldRun(upload!.if, true, scope)).toBe(true);
    expect(shouldRun(upload!.if, true, { inputs: {}, steps: {} })).toBe(false);
    expect(DOC.runs.steps.at(-1)!.run).toMatch(/exit "\$\{SC_EXIT:-2\}"/);
  });
});

describe('ci.yml', () => {
  it('uses the action, as a user would, against the bundled target on every pull request', () => {
    const text = readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(validateWorkflow(text).errors).toEqual([]);
    const ci = parse(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
    expect(Object.keys(ci.on)).toContain('pull_request');
    const step = Object.values(ci.jobs).flatMap((j) => j.steps).find((s) => s.uses === './');
    expect(step).toBeDefined();
    expect(step!.with?.target).toBeUndefined();
  });
});

describe('the action run locally', () => {
  let faulty: RunningTarget;
  beforeAll(async () => {
    faulty = await startTarget({ faults: ['leak-password'] });
  });
  afterAll(() => faulty?.close());

  it('certifies the bundled target: exit 0, the verdict and report folder as outputs, summary.md in the job summary', async () => {
    const run = await runAction(DOC, ROOT, { runs: '3', seed: '7', types: 'Kafka,Https' }, { env: { CONFORMANCE_LAUNCH: 'process' } });
    const certify = run.steps.find((s) => s.name === 'Certify')!;
    expect(certify.status, run.log).toBe(0);
    expect(run.failed, run.log).toBe(false);
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs.verdict).toBe('conformant');
    expect(run.summary).toContain(readFileSync(join(run.outputs['report-dir']!, 'summary.md'), 'utf8'));
    const upload = run.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.skipped).toBe(false);
    expect(upload.with?.path).toBe(run.outputs['report-dir']);
  }, 300_000);

  it('fails with certify status 1 on a faulty target, still uploading, and never prints the credentials', async () => {
    const { url, groupId, tenant, auth, readonlyAuth } = faulty.info;
    const run = await runAction(DOC, ROOT, { target: url, 'group-id': groupId, tenant, auth, 'readonly-auth': readonlyAuth, runs: '3', seed: '7', types: 'Kafka' });
    expect(run.outputs['exit-code'], run.log).toBe('1');
    expect(run.outputs.verdict).toBe('non-conformant');
    const last = run.steps.at(-1)!;
    expect(last.status).toBe(1);
    expect(run.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.skipped).toBe(false);
    const secrets = [auth, auth.split(':')[2]!, readonlyAuth, readonlyAuth.split(':')[2]!];
    // The runner hides ::add-mask:: lines themselves; everything else in the log is what a reader would see.
    const masks = run.log.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    expect(masks).toEqual(expect.arrayContaining(secrets));
    const visible = run.log.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n') + run.summary;
    for (const s of secrets) expect(visible).not.toContain(s);
  }, 300_000);
});
