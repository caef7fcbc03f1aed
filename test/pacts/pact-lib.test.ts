// The Pact core phones home (Google Analytics) unless PACT_DO_NOT_TRACK is set: every use of the library goes through
// pacts/pact-lib.ts, which turns that off unless the user chose otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../util/package-root';

const SOURCE_DIRS = ['pacts', 'suites', 'cli', 'reference', 'contracts', 'generators', 'reports', 'nightly', 'entry', 'util'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the Pact library', () => {
  it('is imported by pacts/pact-lib.ts only', () => {
    const importers = SOURCE_DIRS.flatMap((d) => sources(packagePath(d)))
      .filter((f) => /from '@pact-foundation\/pact'|import\('@pact-foundation\/pact'\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(packagePath(), f));
    expect(importers).toEqual(['pacts/pact-lib.ts']);
  });

  it('is loaded with the core\'s usage tracking off', async () => {
    const before = process.env.PACT_DO_NOT_TRACK;
    delete process.env.PACT_DO_NOT_TRACK;
    try {
      await import('../../pacts/pact-lib');
      expect(process.env.PACT_DO_NOT_TRACK).toBe('true');
    } finally {
      if (before === undefined) delete process.env.PACT_DO_NOT_TRACK;
      else process.env.PACT_DO_NOT_TRACK = before;
    }
  });
});
