// Where this package's own files are. The sources run from the repository (tests, tsx) and compiled from dist/
// (the installed package), where the bundler moves every module into a chunk at another depth; so a path relative to
// import.meta.url means different files in the two. The package root is the nearest folder above this module
// whose package.json names this package: the same folder both ways, and in the container bundle, which ships a
// package.json of its own beside its contract.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE_NAME = 'stream-conformance';

function findPackageRoot(from: string): string {
  for (let dir = dirname(from); ; ) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json above us is not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`${PACKAGE_NAME}: no package.json named ${PACKAGE_NAME} above ${from}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot(fileURLToPath(import.meta.url));

/** A file of this package, by its path from the package root (`contracts/openapi.yaml`). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

export function packageUrl(...parts: string[]): URL {
  return pathToFileURL(packagePath(...parts));
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
