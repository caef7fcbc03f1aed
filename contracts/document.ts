// The contract's bytes and their parse. contracts/openapi.yaml is the contract; `npm run build` also writes its
// parse as JSON (dist/openapi.json, with the YAML's sha256), and a process that finds that file for the same bytes
// reads it instead of parsing YAML: 0.15 s less in each of the processes of a run (certify, its vitest worker, the
// reference target). A missing or stale file (the YAML edited since the build) is ignored: the YAML is parsed.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isPlainObject } from '../util/json';
import { packagePath, packageUrl } from '../util/package-root';
import type { Schema } from './schema-refs';

export const CONTRACT_URL = packageUrl('contracts', 'openapi.yaml');
/** Where the build writes the parse, from the package root. */
export const PARSED_CONTRACT = ['dist', 'openapi.json'] as const;

export interface ContractSource {
  /** sha256 of the contract file's bytes, hex. */
  sha256: string;
  document: Schema;
}

export function sha256Of(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An OpenAPI document from its YAML (or JSON) text. */
export function parseContractText(text: string): Schema {
  return parseYaml(text) as Schema;
}

/** The bundled contract: its hash from its bytes, its document from the build's parse when that is of these bytes. */
export function readContractSource(): ContractSource {
  const bytes = readFileSync(CONTRACT_URL);
  const sha256 = sha256Of(bytes);
  return { sha256, document: parsedAtBuild(sha256) ?? parseContractText(bytes.toString('utf8')) };
}

function parsedAtBuild(sha256: string): Schema | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(packagePath(...PARSED_CONTRACT), 'utf8'));
  } catch {
    return undefined;
  }
  return isPlainObject(saved) && saved.sha256 === sha256 && isPlainObject(saved.document) ? (saved.document as Schema) : undefined;
}

/** Writes the parse of the bundled contract where readContractSource looks for it (`npm run build`). */
export function writeParsedContract(file = packagePath(...PARSED_CONTRACT)): void {
  const bytes = readFileSync(CONTRACT_URL);
  writeFileSync(file, JSON.stringify({ sha256: sha256Of(bytes), document: parseContractText(bytes.toString('utf8')) }));
}
