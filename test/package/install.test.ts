// The package as users get it: packed, installed into an empty project, and used from there: the command certifies
// the bundled target (reports in that project, nothing written inside node_modules), and each entry point is
// imported at run time and type-checked against the shipped declarations with the strictest module resolution
// (NodeNext). `npm test` has just built dist/ (its first step), so the tarball is packed from that build; packing
// with its prepack script here would rebuild dist/ under the feet of the other test files running beside this one.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget } from '../../reference/server';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('./consumer/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

let work: string;
let project: string;
let tarball: string;

function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + sizeOf(join(path, e)), 0);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sc-package-'));
  project = join(work, 'consumer');
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 });
  tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  cpSync(HERE, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // What a consumer adds beside us: TypeScript for the type check, fast-check for its own properties.
  const extras = [
    `typescript@${pkg.devDependencies.typescript}`,
    `@types/node@${pkg.devDependencies['@types/node']}`,
    `fast-check@${pkg.dependencies['fast-check']}`,
    `vitest@${pkg.dependencies.vitest}`,
  ];
  await run('npm', ['install', tarball, ...extras, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, maxBuffer: 32 * 1024 * 1024 });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds what users need and nothing else', async () => {
    const listed = await run('tar', ['-tzf', tarball]);
    const files = listed.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('bin/stream-conformance.mjs');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/suites/positive.suite.js');
    expect(files).toContain('dist/container/target.mjs');
    expect(files).toContain('contracts/openapi.yaml');
    for (const entry of ['cli', 'target', 'generators', 'contract', 'vitest']) {
      expect(files).toContain(`dist/${entry}.js`);
      expect(files).toContain(`dist/${entry}.d.ts`);
    }
    // No sources, tests, fixtures, benchmarks or build scripts.
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|scripts|nightly|suites|target|generators|reports|cli|entry|util)\//.test(f))).toEqual([]);
    // prepack builds, so a plain `npm pack` (and npm publish) always holds fresh output.
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('runs without a TypeScript compiler: tsx is no dependency of it', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(readFileSync(join(project, 'node_modules/stream-conformance/bin/stream-conformance.mjs'), 'utf8')).not.toMatch(/tsx/);
  });

  it('certifies the bundled target from the consumer project, with the reports in that project', async () => {
    const { stderr } = await run('npx', ['--no-install', 'stream-conformance', 'certify', '--launch', 'process', '--runs', '3', '--seed', '7'], {
      cwd: project,
      maxBuffer: 32 * 1024 * 1024,
      timeout: 240_000,
    }).catch((e: { stderr?: string; code?: number }) => {
      throw new Error(`certify failed (exit ${e.code}): ${e.stderr}`);
    });
    expect(stderr).toMatch(/Verdict: CONFORMANT/);
    const out = join(project, 'reports', 'out');
    const runs = readdirSync(out);
    expect(runs).toHaveLength(1);
    expect(readdirSync(join(out, runs[0]!)).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
    expect(existsSync(join(project, 'node_modules/stream-conformance/reports'))).toBe(false);
  }, 300_000);

  it('serves each entry point at run time', async () => {
    const { stdout } = await run(process.execPath, ['run.mjs'], { cwd: project, timeout: 60_000 });
    const seen = JSON.parse(stdout.trim().split('\n').pop()!) as { validViolations: number[]; invalidRules: string[]; rules: number; unauthenticatedList: number };
    expect(seen.validViolations.length).toBe(20);
    expect(seen.validViolations.every((n) => n === 0)).toBe(true);
    expect(seen.invalidRules.length).toBeGreaterThan(0);
    expect(seen.rules).toBeGreaterThan(10);
    expect(seen.unauthenticatedList).toBe(401);
  }, 120_000);

  it('runs the suites in the consumer\'s own vitest through the preset, writing the four reports (an https target, its private CA given)', async () => {
    const target = await startTarget({ tls: { kind: 'generated' } });
    try {
      const { stdout, stderr } = await run(join(project, 'node_modules/.bin/vitest'), ['run', '--config', 'vitest.conformance.config.mjs'], {
        cwd: project,
        env: { ...process.env, CONSUMER_TARGET: JSON.stringify(target.info) },
        maxBuffer: 32 * 1024 * 1024,
        timeout: 240_000,
      }).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
        throw new Error(`vitest failed (exit ${e.code}): ${e.stdout}\n${e.stderr}`);
      });
      expect(stdout + stderr).toMatch(/stream-conformance: CONFORMANT/);
      expect(readdirSync(join(project, 'conformance-reports')).sort()).toEqual(['certificate.json', 'junit.xml', 'report.html', 'summary.md']);
      const cert = JSON.parse(readFileSync(join(project, 'conformance-reports', 'certificate.json'), 'utf8')) as { rules: { id: string; status: string }[]; tls?: unknown };
      expect(cert.rules.find((r) => r.id === 'reject-invalid')?.status).toBe('passed');
      expect(cert.tls).toEqual({ verified: true, privateCa: true });
      expect(cert.rules.find((r) => r.id === 'pact-must')?.status).toBe('not-assessed');
    } finally {
      await target.close();
    }
  }, 300_000);

  it('type-checks a consumer against the shipped declarations (NodeNext resolution)', async () => {
    await run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: project, timeout: 120_000 }).catch((e: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${e.stdout}`);
    });
  }, 180_000);

  it('is small installed (figures for the README)', () => {
    const own = sizeOf(join(project, 'node_modules/stream-conformance'));
    const tar = statSync(tarball).size;
    // Today about 0.5 MB packed and 2 MB installed (without its dependencies); a jump means something leaked in.
    expect(tar).toBeLessThan(2 * 1024 * 1024);
    expect(own).toBeLessThan(8 * 1024 * 1024);
  });
});
