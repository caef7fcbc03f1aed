// The self-tests judge through the one engine users run: the compiled suites under vitest, with settings and results
// over vitest's own channel. Shown on a private copy of the built package: intact, it finds a fault the way the fault
// self-test does; with its vitest path broken (the positive suite's compiled file no longer runs the suite), the
// same certification no longer finds it, and says why. A self-test with a path of its own would pass both.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTarget, startTarget } from '../../reference/server';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Cert {
  rules: { id: string; status: string }[];
  incidents: string[];
}

/** A copy of the built package below the repository's node_modules, so its imports resolve as the original's do. */
function copyPackage(): string {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'sc-engine-'));
  for (const part of ['package.json', 'bin', 'dist', 'contracts/openapi.yaml', 'contracts/pacts']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  return dir;
}

async function certifyWith(pkg: string, target: RunningTarget, reports: string): Promise<{ code: number; cert: Cert }> {
  const { url, groupId, tenant, auth } = target.info;
  const args = ['certify', '--target', url, '--group-id', groupId, '--tenant', tenant, '--auth', auth, '--suites', 'positive', '--types', 'Kafka,Https', '--runs', '3', '--seed', '3', '--report-dir', reports];
  const code = await run(process.execPath, [join(pkg, 'bin', 'stream-conformance.mjs'), ...args], { timeout: 120_000 }).then(
    () => 0,
    (e: { code?: number }) => e.code ?? -1,
  );
  return { code, cert: JSON.parse(readFileSync(join(reports, 'certificate.json'), 'utf8')) as Cert };
}

describe('the self-tests run through the engine users run', () => {
  let target: RunningTarget;
  let pkg: string;
  beforeAll(async () => {
    target = await startTarget({ faults: ['status-201'] });
    pkg = copyPackage();
  });
  afterAll(async () => {
    await target?.close();
    if (pkg) rmSync(pkg, { recursive: true, force: true });
  });

  it('finds the fault through the intact vitest path, and not once that path is broken', async () => {
    const intact = await certifyWith(pkg, target, join(pkg, 'reports-intact'));
    expect(intact.code).toBe(1);
    expect(intact.cert.rules.find((r) => r.id === 'status-200')?.status).toBe('failed');

    // Break the path: the compiled suite file vitest loads no longer defines the suite.
    writeFileSync(join(pkg, 'dist', 'suites', 'positive.suite.js'), "import { it } from 'vitest';\nit('nothing', () => {});\n");
    const broken = await certifyWith(pkg, target, join(pkg, 'reports-broken'));
    expect(broken.cert.rules.find((r) => r.id === 'status-200')?.status).not.toBe('failed');
    expect(broken.cert.incidents.join('\n')).toMatch(/no results from suite\(s\) positive/);
  }, 240_000);
});
