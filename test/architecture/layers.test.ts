// The house's arrows (.dependency-cruiser.cjs, ARCHITECTURE.md): no module imports a layer above its own, the
// reference target imports nothing of the suite's, and no import cycle exists at run time. dependency-cruiser reads
// the real import graph of the product code (tests excluded).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOT_PRODUCT = new Set(['node_modules', 'dist', 'test', 'reports', 'action', 'bin', '.git', '.github', '.ci', '.docker-ci']);

/** Every top-level folder that holds product TypeScript (a new room is checked without being listed here). */
function productFolders(): string[] {
  const folders = readdirSync(ROOT).filter((d) => !d.startsWith('.') && statSync(join(ROOT, d)).isDirectory() && !NOT_PRODUCT.has(d));
  // reports/ holds product code too (the writers); only its generated output is ignored by git.
  return [...folders, 'reports'];
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

it('no layer imports one above it, the reference target stands apart, and there is no import cycle', () => {
  const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...productFolders()], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(out) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(result.summary.totalCruised).toBeGreaterThan(200);
  const lines = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`);
  expect(lines).toEqual([]);
}, 120_000);

it('the rules are live: an engine module importing the reports, or the reference importing the CLI, is caught', () => {
  const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string; from: { path: string }; to: { path?: string } }[] };
  const rule = (name: string) => config.forbidden.find((r) => r.name === name)!;
  const catches = (name: string, from: string, to: string) => new RegExp(rule(name).from.path).test(from) && new RegExp(rule(name).to.path!).test(to);
  expect(catches('engine-imports-above', 'engine/context.ts', 'reports/index.ts')).toBe(true);
  expect(catches('engine-imports-above', 'engine/context.ts', 'pacts/verify/isolated.ts')).toBe(true);
  expect(catches('engine-imports-above', 'engine/context.ts', 'client/client.ts')).toBe(false);
  expect(catches('reference-apart', 'reference/standalone.ts', 'cli/main.ts')).toBe(true);
  expect(catches('reference-apart', 'reference/app.ts', 'contracts/loader.ts')).toBe(false);
});
