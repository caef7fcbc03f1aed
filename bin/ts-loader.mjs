// tsx compiles the package's TypeScript on load (no build step). Its hooks also see every module imported after
// them, and vitest's own (vite, rollup, their parsers) are large: a certify process that keeps tsx registered while
// it imports vitest peaks about 150 MB higher. So the process registers tsx for its own modules and releases it,
// once they are all loaded, before vitest is imported.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

/** `--import` flags that load tsx in a child process. By URL, not by name: a child resolves a bare `tsx` from its
 *  working directory, which for `npx stream-conformance` is the user's project, not this package. */
export const TSX_IMPORT = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

let unregister;

export function enableTypeScript() {
  if (!unregister) unregister = register();
}

/** After this, importing a .ts module fails: call it only once every module the process needs is loaded. */
export async function releaseTypeScript() {
  const release = unregister;
  unregister = undefined;
  await release?.();
}
