// A stale dist/ is said, never silently used: the suites run compiled while a checkout's host side runs sources.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { staleDist, writeBuildStamp } from '../../util/build-stamp';
import { suiteFiles } from '../../runner/vitest-run';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'stamp-'));
  made.push(root);
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  mkdirSync(join(root, 'engine'));
  mkdirSync(join(root, 'test'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'engine', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'test', 'a.test.ts'), '// tests are not built\n');
  return root;
}

it('a checkout built from its sources is fresh; a changed, added or removed source makes dist/ stale', () => {
  const root = checkout();
  expect(staleDist(root)).toMatch(/no build stamp/);
  writeBuildStamp(root);
  expect(staleDist(root)).toBeUndefined();
  writeFileSync(join(root, 'test', 'a.test.ts'), '// a test changed: nothing to rebuild\n');
  expect(staleDist(root)).toBeUndefined();
  writeFileSync(join(root, 'engine', 'a.ts'), 'export const a = 2;\n');
  expect(staleDist(root)).toMatch(/npm run build/);
  writeBuildStamp(root);
  writeFileSync(join(root, 'engine', 'b.ts'), 'export const b = 1;\n');
  expect(staleDist(root)).toMatch(/other sources/);
});

it('an installed package (no sources beside dist/) is never judged stale', () => {
  const root = checkout();
  rmSync(join(root, 'tsconfig.json'));
  expect(staleDist(root)).toBeUndefined();
});

it('this checkout was built from its sources before its tests run (npm test builds first)', () => {
  expect(staleDist()).toBeUndefined();
  expect(suiteFiles({ suites: ['auth'] } as never)).toHaveLength(1);
});
