// The GitHub Actions workflows: valid YAML with the jobs and steps issue #5 names, secrets only through `env:`,
// and nothing that prints one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONNECTION_TYPES } from '../../contracts/types';
import { CI_GROUPS } from '../../nightly/groups';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on'?: string;
  strategy?: { matrix?: { group?: { name: string; types: string }[] } };
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(file: string): { text: string; doc: Workflow } {
  const text = readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8');
  // `yaml` reports duplicate keys and other errors; uniqueKeys is on by default.
  const doc = parse(text, { prettyErrors: true, strict: true }) as Workflow;
  return { text, doc };
}

function step(job: Job, pattern: RegExp): Step {
  const s = job.steps.find((x) => pattern.test(x.name ?? ''));
  if (!s) throw new Error(`no step named like ${pattern} in ${job.name}: ${job.steps.map((x) => x.name).join(' | ')}`);
  return s;
}

const ci = load('ci.yml');
const nightly = load('nightly.yml');

describe('ci.yml', () => {
  it('runs the test command on pull requests and pushes, with Node 20, through .ci/run', () => {
    const { doc } = ci;
    expect(Object.keys(doc.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    const job = doc.jobs.test!;
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(step(job, /^Check out/).uses).toMatch(/^actions\/checkout@v\d+$/);
    const node = step(job, /^Set up Node/);
    expect(node.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(String(node.with?.['node-version'])).toBe('20');
    expect(step(job, /CI script/).run).toMatch(/\bbash \.ci\/run$/);
    expect(existsSync(join(ROOT, '.ci', 'run'))).toBe(true);
  });
});

describe('nightly.yml', () => {
  const { doc } = nightly;
  const jobs = doc.jobs;

  it('runs on a nightly cron and on demand', () => {
    const schedule = doc.on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    const fields = schedule[0]!.cron.split(' ');
    expect(fields).toHaveLength(5);
    // Once a day: fixed minute and hour, every day.
    expect(fields.slice(0, 2).every((f) => /^\d+$/.test(f))).toBe(true);
    expect(fields.slice(2)).toEqual(['*', '*', '*']);
    expect(doc.on).toHaveProperty('workflow_dispatch');
  });

  it('has the jobs the issue names: reference, real-target, merge, publish-pacts', () => {
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['reference', 'real-target', 'merge', 'publish-pacts']));
    expect([jobs.merge!.needs].flat()).toEqual(expect.arrayContaining(['reference', 'real-target']));
    // Merges what exists when a group failed, but not after a cancel.
    expect(jobs.merge!.if).toContain('!cancelled()');
  });

  it('splits both certification jobs across the same matrix of type groups, covering every type once', () => {
    for (const name of ['reference', 'real-target']) {
      const groups = jobs[name]!.strategy?.matrix?.group ?? [];
      expect(groups.map((g) => g.types.split(','))).toEqual(CI_GROUPS);
      expect(groups.flatMap((g) => g.types.split(',')).sort()).toEqual([...CONNECTION_TYPES].sort());
      expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    }
  });

  it('certifies the reference target in a container, one type group per job, with the night\'s seed', () => {
    const job = jobs.reference!;
    expect(step(job, /^Start a Docker engine/).run).toContain('nightly/ensure-docker.sh');
    const certify = step(job, /^Certify the reference target/);
    expect(certify.run).toMatch(/stream-conformance certify --launch container --types "\$TYPES" --seed "\$SEED"/);
    expect(certify.env?.TYPES).toBe('${{ matrix.group.types }}');
    expect(certify.env?.SEED).toBe('${{ needs.plan.outputs.seed }}');
    const upload = step(job, /^Upload the group's reports/);
    expect(upload.uses).toMatch(/^actions\/upload-artifact@v\d+$/);
    expect(upload.with?.name).toBe('nightly-reference-${{ matrix.group.name }}');
    expect(upload.if).toContain('always()');
    expect(step(job, /^Stop the Docker engine/).run).toBe('scripts/docker-engine.sh stop');
  });

  it('detects the real target\'s secrets first and skips every other step cleanly without them', () => {
    const job = jobs['real-target']!;
    const [detect, ...rest] = job.steps;
    expect(detect!.name).toMatch(/^Detect the real target's secrets/);
    expect(detect!.id).toBe('detect');
    expect(detect!.run).toContain('configured=false');
    expect(detect!.run).toMatch(/exit 0/);
    for (const s of rest) expect(s.if, s.name).toContain("steps.detect.outputs.configured == 'true'");
    expect(job.env?.CONFORMANCE_TARGET).toBe('${{ secrets.CONFORMANCE_TARGET }}');
    expect(job.outputs?.configured).toBe('${{ steps.detect.outputs.configured }}');
    expect(step(job, /^Certify the real target/).run).toContain('stream-conformance certify --types "$TYPES"');
  });

  it('merges, classifies flakes, compares with the previous night, writes the job summary and uploads the reports', () => {
    const job = jobs.merge!;
    const download = step(job, /^Download the reference groups' certificates/);
    expect(download.uses).toMatch(/^actions\/download-artifact@v\d+$/);
    expect(download.with?.pattern).toBe('nightly-reference-*');
    const previous = step(job, /^Download the previous night's merged certificates/);
    expect(previous.run).toContain('nightly/download-previous.sh nightly-merged-reference');
    expect(previous.env?.GH_TOKEN).toBe('${{ github.token }}');
    expect(doc.permissions?.actions).toBe('read');
    const reference = step(job, /^Merge, classify flakes and compare \(reference target\)/);
    expect(reference.run).toMatch(/npm run nightly -- --shards shards\/reference/);
    expect(reference.run).toContain('--summary "$GITHUB_STEP_SUMMARY"');
    expect(reference.run).toContain('--previous previous/reference/certificate.json');
    const real = step(job, /^Merge, classify flakes and compare \(real target\)/);
    expect(real.if).toContain("needs.real-target.outputs.configured == 'true'");
    expect(real.run).toContain('--summary "$GITHUB_STEP_SUMMARY"');
    expect(real.run).toContain('--target-label "real target"');
    const uploads = job.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.map((s) => s.with?.name)).toEqual(['nightly-reports', 'nightly-merged-reference', 'nightly-merged-real-target']);
    for (const u of uploads) expect(u.if).toContain('always()');
    // What the previous-night download looks for is what tonight uploads.
    expect(previous.run).toContain('nightly-merged-real-target');
    expect(step(job, /^Judge the night/).if).toBe('always()');
  });

  it('publishes the pacts only when a broker is configured', () => {
    const job = jobs['publish-pacts']!;
    expect(job.env?.PACT_BROKER_BASE_URL).toBe('${{ secrets.PACT_BROKER_BASE_URL }}');
    expect(job.steps[0]!.id).toBe('detect');
    const publish = step(job, /^Publish the pacts/);
    expect(publish.run).toBe('npm run pacts:publish');
    expect(publish.if).toContain("steps.detect.outputs.configured == 'true'");
  });

  it('uses only scripts that exist, and the npm scripts it names are defined', () => {
    for (const f of ['nightly/ensure-docker.sh', 'nightly/download-previous.sh', 'scripts/docker-engine.sh', 'scripts/seed-base-image.sh', 'nightly/pipeline.ts']) {
      expect(existsSync(join(ROOT, f)), f).toBe(true);
    }
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const named = [...nightly.text.matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]!);
    expect(new Set(named)).toEqual(new Set(['build', 'nightly', 'pacts:publish']));
    for (const n of named) expect(scripts[n], `package.json scripts.${n}`).toBeDefined();
    expect(scripts.nightly).toMatch(/nightly\/pipeline\.ts/);
  });
});

describe('secrets in both workflows', () => {
  /** Every string in the document with the path to it. */
  function strings(node: unknown, path: string[] = []): { path: string[]; value: string }[] {
    if (typeof node === 'string') return [{ path, value: node }];
    if (Array.isArray(node)) return node.flatMap((n, i) => strings(n, [...path, String(i)]));
    if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, [...path, k]));
    return [];
  }
  const SECRET_VARIABLES = ['CONFORMANCE_AUTH', 'CONFORMANCE_READONLY_AUTH', 'PACT_BROKER_TOKEN', 'GH_TOKEN'];

  for (const [file, { doc }] of [['ci.yml', ci], ['nightly.yml', nightly]] as const) {
    it(`${file}: secrets reach commands only as env: values`, () => {
      for (const { path, value } of strings(doc)) {
        if (!/\bsecrets\.|github\.token/.test(value)) continue;
        expect(path.at(-2), `${path.join('.')}: ${value}`).toBe('env');
        expect(value).toMatch(/^\$\{\{ (secrets\.[A-Z_]+|github\.token) \}\}$/);
      }
    });

    it(`${file}: no command prints a secret or traces the shell`, () => {
      for (const { path, value } of strings(doc)) {
        if (path.at(-1) !== 'run') continue;
        expect(value, path.join('.')).not.toMatch(/set -x|set -o xtrace|bash -x/);
        for (const name of SECRET_VARIABLES) {
          // The only use allowed is a test for presence: [[ -n "${NAME:-}" ]] / [[ -z "${NAME:-}" ]].
          const uses = [...value.matchAll(new RegExp(`\\$\\{?${name}\\b[^}\\s"]*\\}?`, 'g'))];
          for (const u of uses) {
            const before = value.slice(Math.max(0, u.index! - 8), u.index);
            expect(before, `${path.join('.')} uses $${name}`).toMatch(/-[nz] "$/);
          }
        }
      }
    });
  }
});
