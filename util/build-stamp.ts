// Whether dist/ was built from the sources beside it. The suites always run compiled (dist/suites/*.suite.js) while
// a checkout's tests and tsx scripts run the host side from sources: an edited source without a rebuild would run
// old suites under a new host, silently. The build writes the hash of every source file it compiles
// (dist/build-stamp.json); a run from a checkout compares it with the sources and refuses a stale dist/. An installed
// package ships no sources, so there is nothing to compare and nothing to refuse.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from './package-root';

const STAMP = ['dist', 'build-stamp.json'] as const;
/** What the build compiles: every folder of product code (the tests and the tools around them are not built). */
const NOT_BUILT = new Set(['node_modules', 'dist', 'test', 'reports', 'bench', 'scripts', 'action', 'bin', 'nightly']);

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (dir === root && NOT_BUILT.has(e.name)) continue;
        walk(p);
      } else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') && dir !== root) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** The hash of the sources the build compiles, or undefined where there are none (an installed package). */
export function sourcesHash(root = PACKAGE_ROOT): string | undefined {
  if (!existsSync(join(root, 'tsconfig.json'))) return undefined;
  const h = createHash('sha256');
  for (const f of sourceFiles(root)) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

export function writeBuildStamp(root = PACKAGE_ROOT): void {
  const sources = sourcesHash(root);
  if (sources !== undefined) writeFileSync(join(root, ...STAMP), `${JSON.stringify({ sources })}\n`);
}

/** Why dist/ must not be used with these sources, or undefined when it may. */
export function staleDist(root = PACKAGE_ROOT): string | undefined {
  const sources = sourcesHash(root);
  if (sources === undefined) return undefined;
  let built: string | undefined;
  try {
    built = (JSON.parse(readFileSync(join(root, ...STAMP), 'utf8')) as { sources?: string }).sources;
  } catch {
    return 'dist/ holds no build stamp: run `npm run build`';
  }
  return built === sources ? undefined : 'dist/ was built from other sources than the ones in this checkout (a source changed since the last build): run `npm run build`';
}
