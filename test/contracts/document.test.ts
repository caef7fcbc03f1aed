// The contract's parse written by the build (contracts/document.ts) is a cache of contracts/openapi.yaml, never a
// second contract: it must equal the YAML's parse, be used only for the same bytes, and the schemas whose
// meta-schema check the bundled contract skips must pass it.
import Ajv from 'ajv';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTRACT_URL, PARSED_CONTRACT, parseContractText, readContractSource, sha256Of, writeParsedContract } from '../../contracts/document';
import { createContract, loadContract } from '../../contracts/loader';
import { withoutMappings } from '../../contracts/schema-refs';
import { packagePath } from '../../util/package-root';

const yamlBytes = readFileSync(CONTRACT_URL);
const dir = mkdtempSync(join(tmpdir(), 'sc-parsed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the contract as read at run time', () => {
  it('is the YAML document, with the hash of the YAML bytes', () => {
    const source = readContractSource();
    expect(source.sha256).toBe(sha256Of(yamlBytes));
    expect(source.document).toEqual(parseContractText(yamlBytes.toString('utf8')));
    const loaded = loadContract();
    const fromText = createContract(yamlBytes);
    expect(loaded.sha256).toBe(fromText.sha256);
    expect(loaded.document).toEqual(fromText.document);
  });

  it('the build writes the parse of these bytes, which JSON keeps intact', () => {
    const file = join(dir, 'openapi.json');
    writeParsedContract(file);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { sha256: string; document: unknown };
    expect(saved.sha256).toBe(sha256Of(yamlBytes));
    expect(saved.document).toEqual(parseContractText(yamlBytes.toString('utf8')));
  });

  it('the built package carries the parse of the current YAML (a stale one would be ignored, and slow)', () => {
    const saved = JSON.parse(readFileSync(packagePath(...PARSED_CONTRACT), 'utf8')) as { sha256: string };
    expect(saved.sha256).toBe(sha256Of(yamlBytes));
  });

  it('every component schema passes the JSON Schema meta-schema check the bundled contract skips', () => {
    const ajv = new Ajv({ strict: false, discriminator: true });
    const schemas = withoutMappings(parseContractText(yamlBytes.toString('utf8')).components.schemas);
    const failures = Object.entries(schemas)
      .filter(([, s]) => !ajv.validateSchema(s as object))
      .map(([name]) => `${name}: ${ajv.errorsText(ajv.errors)}`);
    expect(failures).toEqual([]);
  });
});
