// Renders the rule catalogue as Markdown (contracts/RULES.md) for the people who sign certificates off.
// `npx tsx scripts/docs/rules-table.ts --write` regenerates the file; a test keeps it current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES, type RuleSource } from '../../contracts/rules';

export const RULES_MD_PATH = fileURLToPath(new URL('../../contracts/RULES.md', import.meta.url));

function source(s: RuleSource): string {
  switch (s.kind) {
    case 'spec':
      return `spec: ${s.ref}`;
    case 'errata':
      return `errata ${s.number} (ERRATA.md)`;
    case 'http':
      return `HTTP: ${s.ref}`;
    case 'observed':
      return `observed: ${s.ref}`;
  }
}

const cell = (t: string) => t.replace(/\|/g, '\\|');

export function rulesMarkdown(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.level} | ${cell(r.statement)} | ${cell(source(r.source))} |`);
  return [
    '# Rule catalogue',
    '',
    'Generated from `contracts/rules.ts` by `npx tsx scripts/docs/rules-table.ts --write`; do not edit by hand.',
    'MUST rules decide the verdict; SHOULD rules are reported and never decide it (conformance profile v1).',
    '',
    '| id | level | statement | source |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(RULES_MD_PATH, rulesMarkdown());
}
