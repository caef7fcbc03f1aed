// The deterministic phase covers the whole matrix whatever the seed. Expectations are derived from the contract
// (fields, enums, patterns, essentials, combinations), not from the operator table's own target lists, except
// where noted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldSpec, loadContract, parseJsonPath } from '../../contracts/loader';
import { CONNECTION_TYPES, type ConnectionType, DEFAULT_FIXTURES, KAFKA_MECHANISMS } from '../../contracts/types';
import {
  coverageMatrix,
  createGenContext,
  enumerateInvalid,
  enumerateValid,
  invalidMatrix,
  labelHolds,
  type MatrixCase,
  matrixRows,
  OPERATORS,
  requirementId,
  satisfies,
  siteOf,
  validBody,
  validHolds,
  validRequirements,
} from '../../generators';
import { getAt } from '../../generators/operators/paths';
import { jsonKindOf } from '../../generators/values/jsonScalar';

const contract = loadContract();
const fixtures = DEFAULT_FIXTURES;
const env = { contract, fixtures };
const SEEDS = [1, 987654];

function writable(type: ConnectionType): FieldSpec[] {
  const all = contract.fields(type);
  const ro = all.filter((f) => f.readOnly).map((f) => f.path);
  return all.filter((f) => !ro.some((r) => f.path === r || f.path.startsWith(`${r}.`)));
}

function sitesOf(m: MatrixCase[], operator: string, type: ConnectionType): Set<string> {
  return new Set(m.filter((x) => x.operator === operator).map((x) => siteOf(type, parseJsonPath(x.case.path), contract)));
}

describe.each(SEEDS)('seed %i', (seed) => {
  describe.each(CONNECTION_TYPES)('%s invalid matrix', (type) => {
    const m = invalidMatrix(type, createGenContext({}), seed);

    it('has one case per operator x target row, each holding its label', () => {
      const rows = matrixRows(type, env).map((r) => `${r.operator.name} ${r.target.id}`);
      expect(m.map((x) => `${x.operator} ${x.target}`)).toEqual(rows);
      for (const x of m) expect(labelHolds(x.case, contract, fixtures), `${x.operator} ${x.target}`).toBe(true);
    });

    it('puts every wrong JSON kind at every writable property path', () => {
      const got = new Set(
        m.filter((x) => x.operator === 'wrong-json-type' && 'body' in x.case).map((x) => {
          const segs = parseJsonPath(x.case.path);
          return `${siteOf(type, segs, contract)}/${jsonKindOf(getAt((x.case as { body: unknown }).body, segs))}`;
        }),
      );
      for (const f of writable(type)) {
        const own = f.jsonType === 'integer' ? 'number' : f.jsonType;
        for (const k of ['string', 'number', 'boolean', 'object', 'array', 'null']) {
          if (k === own || (k === 'null' && f.nullable)) continue;
          expect(got, `${f.path}/${k}`).toContain(`${f.path}/${k}`);
        }
      }
    });

    it('breaks every enum, pattern, essential field and description enum', () => {
      const w = writable(type);
      expect(sitesOf(m, 'enum-violation', type)).toEqual(new Set(w.filter((f) => f.enum && f.path !== 'type').map((f) => f.path)));
      expect(sitesOf(m, 'pattern-violation', type)).toEqual(new Set(w.filter((f) => f.pattern).map((f) => f.path)));
      expect(sitesOf(m, 'missing-essential', type)).toEqual(new Set(contract.essentialPaths(type)));
      expect(sitesOf(m, 'description-enum', type)).toEqual(new Set(w.filter((f) => f.conformanceEnum).map((f) => f.path)));
      expect(sitesOf(m, 'essential-format', type)).toEqual(new Set(w.filter((f) => f.conformanceFormat).map((f) => f.path)));
      expect(sitesOf(m, 'missing-required', type)).toEqual(new Set(w.filter((f) => f.required && f.path !== 'name' && f.path !== 'type').map((f) => f.path)));
      expect(sitesOf(m, 'unknown-fixture', type)).toEqual(new Set(w.filter((f) => f.fixture).map((f) => f.path)));
    });

    it('has every shape operator and the name and type operators', () => {
      const ops = new Set(m.map((x) => x.operator));
      for (const op of ['missing-type', 'unknown-type', 'type-case', 'missing-name', 'empty-name', 'body-array', 'body-string', 'body-number', 'body-boolean', 'body-null', 'malformed-json', 'payload-too-large', 'extra-property']) {
        expect(ops, op).toContain(op);
      }
      expect(m.some((x) => 'raw' in x.case)).toBe(true);
    });
  });

  it('covers every Kafka mechanism without each credential it needs', () => {
    const m = invalidMatrix('Kafka', createGenContext({}), seed).filter((x) => x.operator === 'kafka-credentials');
    const got = new Set(m.map((x) => `${(x.case as { body: { authentication: { mechanism: string } } }).body.authentication.mechanism} ${x.case.path}`));
    for (const [mech, needs] of Object.entries(contract.kafkaCombinations)) {
      for (const f of needs) expect(got).toContain(`${mech} $.authentication.${f}`);
    }
  });

  it('covers SchemaRegistry array bounds, uniqueness and URI format', () => {
    const m = invalidMatrix('SchemaRegistry', createGenContext({}), seed);
    const bodies = (op: string) => m.filter((x) => x.operator === op).map((x) => (x.case as { body: { schemaRegistryUrls: string[] } }).body.schemaRegistryUrls);
    expect(bodies('max-items').every((u) => u.length > 10 && new Set(u).size === u.length)).toBe(true);
    expect(bodies('min-items')).toContainEqual([]);
    expect(bodies('unique-items').every((u) => u.length <= 10 && new Set(u).size < u.length)).toBe(true);
    expect(sitesOf(m, 'format-violation', 'SchemaRegistry')).toEqual(new Set(['schemaRegistryUrls.[]']));
  });
});

describe('type swaps', () => {
  const swaps = (type: ConnectionType) => new Set(matrixRows(type, env).filter((r) => r.operator.name === 'type-swap').map((r) => r.target.id.slice('type/'.length)));

  it('are cases only when the other variant really rejects the body', () => {
    // Same fields, same essentials: an AWSLambda body is a valid S3 or Kinesis body.
    expect(swaps('AWSLambda')).not.toContain('S3');
    expect(swaps('S3')).not.toContain('AWSKinesisDataStreams');
    // SchemaRegistry requires provider, URLs and authentication; Sample needs a known sample source.
    for (const t of CONNECTION_TYPES.filter((t) => t !== 'SchemaRegistry')) expect(swaps(t)).toContain('SchemaRegistry');
    for (const t of CONNECTION_TYPES.filter((t) => t !== 'Sample')) expect(swaps(t)).toContain('Sample');
  });
});

describe.each(CONNECTION_TYPES)('%s enumerated valid bodies', (type) => {
  const bodies = enumerateValid(type, createGenContext({}), 5);

  it('are valid', () => {
    for (const b of bodies) expect(validHolds(b, contract, fixtures), JSON.stringify(b)).toBe(true);
  });

  it('show every enum value of every path (schema and description enums)', () => {
    for (const f of writable(type)) {
      if (f.path === 'type' || f.path.includes('[]') || f.path.includes('{}')) continue;
      for (const v of f.enum ?? f.conformanceEnum ?? []) {
        expect(bodies.some((b) => getAt(b, f.path.split('.')) === v), `${f.path}=${String(v)}`).toBe(true);
      }
    }
  });

  it('show every property of the variant present, and every optional one absent (and null where nullable)', () => {
    for (const f of writable(type)) {
      if (f.path.includes('[]') || f.path.includes('{}')) continue;
      const segs = f.path.split('.');
      expect(bodies.some((b) => getAt(b, segs) !== undefined && getAt(b, segs) !== null), `${f.path} present`).toBe(true);
      const parentObjects = bodies.filter((b) => segs.length === 1 || typeof getAt(b, segs.slice(0, -1)) === 'object');
      if (!f.required && !f.essential && !['name', 'type', 'authentication.mechanism', 'security.protocol'].includes(f.path)) {
        const anchored = contract.essentialPaths(type).some((e) => e.startsWith(`${f.path}.`));
        if (!anchored) expect(parentObjects.some((b) => getAt(b, segs) === undefined), `${f.path} absent`).toBe(true);
      }
      if (f.nullable) expect(bodies.some((b) => getAt(b, segs) === null), `${f.path} null`).toBe(true);
    }
  });
});

describe.each(CONNECTION_TYPES)('%s random valid bodies', (type) => {
  it('reach every enum value and every optional state without a plan (so random runs explore them too)', () => {
    const bodies = fc.sample(validBody(type, createGenContext({})), { seed: 77, numRuns: 1500 });
    for (const r of validRequirements(type, env)) expect(bodies.some((b) => satisfies(b, r)), requirementId(r)).toBe(true);
  });
});

it('enumerated Kafka bodies carry every mechanism with its credentials, and SchemaRegistry both auth types', () => {
  const kafka = enumerateValid('Kafka', createGenContext({}), 1) as unknown as { authentication: Record<string, unknown> }[];
  for (const mech of KAFKA_MECHANISMS) {
    const b = kafka.find((k) => k.authentication.mechanism === mech);
    expect(b, mech).toBeDefined();
    for (const need of contract.kafkaCombinations[mech]!) expect(b!.authentication[need], `${mech} ${need}`).toBeDefined();
  }
  const sr = enumerateValid('SchemaRegistry', createGenContext({}), 1) as unknown as { schemaRegistryAuthentication: { type: string } }[];
  expect(new Set(sr.map((b) => b.schemaRegistryAuthentication.type))).toEqual(new Set(['USER_INFO', 'SASL_INHERIT']));
});

it('every operator of the table applies to some type, and the coverage matrix counts cases per type and operator', () => {
  const all = CONNECTION_TYPES.flatMap((t) => enumerateInvalid(t, createGenContext({}), 3));
  const matrix = coverageMatrix(all);
  for (const op of OPERATORS) expect(CONNECTION_TYPES.some((t) => (matrix[t]?.[op.name] ?? 0) > 0), op.name).toBe(true);
  for (const t of CONNECTION_TYPES) {
    const rows = matrixRows(t, env);
    for (const op of OPERATORS) expect(matrix[t]?.[op.name] ?? 0).toBe(rows.filter((r) => r.operator === op).length);
  }
  expect(coverageMatrix([{ type: 'Kafka', operator: 'valid' }, { type: 'Kafka', operator: 'valid' }])).toEqual({ Kafka: { valid: 2 } });
});
