// The generators' labels judged by someone else: a large sample of valid bodies and labelled invalid cases of
// every type, each checked by the independent oracle (independent-oracle.ts: another JSON-schema library on
// contracts/openapi.yaml, the profile's SHOULD rules written out again), which must agree with every label.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES } from '../../contracts/types';
import { boundaryCase, createGenContext, enumerateInvalid, type InvalidCase, invalidCase, validBody } from '../../generators';
import { findings, IndependentContract, TYPES } from './independent-oracle';

const contract = new IndependentContract(new URL('../../contracts/openapi.yaml', import.meta.url));
const fixtures = { sampleSources: [...DEFAULT_FIXTURES.sampleSources], clusterNames: [...DEFAULT_FIXTURES.clusterNames] };
const ONE_MIB = 1024 * 1024;
const READ_ONLY = ['$.id', '$.state', '$.links'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `$.a.b` / `$.config["x.y"]` / `$.urls[2]` -> `#/a/b`, as the validator names locations. */
function pointer(path: string): string {
  const segs = [...path.slice(1).matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)].map((m) => m[1] ?? m[2] ?? JSON.parse(`"${m[3]}"`));
  return ['#', ...segs.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1'))].join('/');
}

const within = (at: string, target: string) => target === at || target.startsWith(`${at}/`) || at.startsWith(`${target}/`);

function valueAt(body: unknown, path: string): unknown {
  const segs = pointer(path).split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segs.reduce<unknown>((cur, k) => (isObject(cur) || Array.isArray(cur) ? (cur as Json)[k] : undefined), body);
}

/** Why the independent oracle disagrees with a case's label, or undefined when it agrees. */
function disagreement(c: InvalidCase): string | undefined {
  if ('raw' in c) {
    try {
      JSON.parse(c.raw);
      return 'raw text labelled malformed parses as JSON';
    } catch {
      return c.rule === 'reject-invalid' ? undefined : `raw text labelled ${c.rule}`;
    }
  }
  const body = c.body;
  const errors = contract.validate(body);
  const found = isObject(body) && errors.length === 0 ? findings(body, fixtures) : [];
  switch (c.rule) {
    case 'reject-invalid':
      return errors.some((e) => within(e.at, pointer(c.path))) ? undefined : `no schema error at or around ${c.path} (errors at ${errors.map((e) => e.at).join(', ') || 'none'})`;
    case 'essential-fields':
    case 'description-enums':
      if (errors.length > 0) return `schema errors at ${errors.map((e) => e.at).join(', ')}`;
      if (!found.some((f) => f.path === c.path)) return `no ${c.rule} finding at ${c.path} (findings: ${JSON.stringify(found)})`;
      return found.every((f) => f.rule === c.rule) ? undefined : `findings of another rule: ${JSON.stringify(found)}`;
    case 'payload-too-large':
      return errors.length === 0 && found.length === 0 && Buffer.byteLength(JSON.stringify(body)) > ONE_MIB ? undefined : 'not a clean body over 1 MiB';
    case 'no-5xx': {
      if (errors.length > 0) return `schema errors at ${errors.map((e) => e.at).join(', ')}`;
      if (!found.every((f) => f.path === c.path)) return `SHOULD findings away from the probe: ${JSON.stringify(found)}`;
      const v = valueAt(body, c.path);
      const segs = pointer(c.path).split('/').slice(1);
      switch (c.operator) {
        case 'extra-property':
          return isObject(body) && !contract.declared(String(body.type), segs.slice(0, -1)).has(segs[segs.length - 1]!) ? undefined : `${c.path} is declared`;
        case 'blank-name':
          return typeof v === 'string' && v !== '' && v.trim() === '' ? undefined : 'name is not blank';
        case 'read-only-field':
          return READ_ONLY.includes(c.path) ? undefined : `${c.path} is not read-only`;
        case 'open-host-port-list':
          return c.path === '$.bootstrapServers' && typeof v === 'string' ? undefined : 'not bootstrapServers';
        case 'fixture-case':
          return typeof v === 'string' && [...fixtures.sampleSources, ...fixtures.clusterNames].some((f) => f.toLowerCase() === v.toLowerCase() && f !== v) ? undefined : 'not a fixture in another case';
        default:
          return `no-5xx probe ${c.operator} unknown to the oracle`;
      }
    }
    default:
      return `rule ${c.rule} unknown to the oracle`;
  }
}

function validDisagreement(body: unknown): string | undefined {
  const errors = contract.validate(body);
  if (errors.length > 0) return `schema errors at ${errors.map((e) => e.at).join(', ')}`;
  const found = findings(body as Json, fixtures);
  if (found.length > 0) return `SHOULD findings ${JSON.stringify(found)}`;
  const sent = READ_ONLY.filter((p) => valueAt(body, p) !== undefined);
  return sent.length > 0 ? `read-only fields sent: ${sent.join(', ')}` : undefined;
}

const RANDOM_INVALID = 250;
const RANDOM_VALID = 100;

describe('labels judged by an oracle that shares no code with contracts/loader.ts', () => {
  it.each(TYPES)('%s: valid bodies, boundary bodies, the invalid matrix and random invalid cases all agree', (type) => {
    const ctx = createGenContext({ runPrefix: 'sc-indep' });
    const problems: string[] = [];
    const valid = [...fc.sample(validBody(type, ctx), { seed: 11, numRuns: RANDOM_VALID }), ...fc.sample(boundaryCase(type, ctx), { seed: 12, numRuns: 40 }).map((b) => b.body)];
    for (const b of valid) {
      const why = validDisagreement(b);
      if (why) problems.push(`valid ${JSON.stringify(b).slice(0, 200)}: ${why}`);
    }
    const invalid = [...enumerateInvalid(type, ctx, 13), ...fc.sample(invalidCase(type, ctx), { seed: 14, numRuns: RANDOM_INVALID })];
    for (const c of invalid) {
      const why = disagreement(c);
      if (why) problems.push(`${c.operator} ${c.rule} ${c.path}: ${why}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(valid.length + invalid.length).toBeGreaterThan(RANDOM_VALID + RANDOM_INVALID);
  });

  it('is a judge that can disagree: it refuses mislabelled cases', () => {
    const ctx = createGenContext();
    const [body] = fc.sample(validBody('Kafka', ctx), { seed: 1, numRuns: 1 }) as unknown as Json[];
    const label = { type: 'Kafka' as const, level: 'MUST' as const };
    // A valid body labelled as a schema violation, an essential field present labelled missing, an extra
    // property that the contract declares.
    expect(disagreement({ ...label, operator: 'wrong-json-type', rule: 'reject-invalid', path: '$.bootstrapServers', body })).toBeDefined();
    expect(disagreement({ ...label, level: 'SHOULD', operator: 'missing-essential', rule: 'essential-fields', path: '$.bootstrapServers', body })).toBeDefined();
    expect(disagreement({ ...label, operator: 'extra-property', rule: 'no-5xx', path: '$.region', body: { ...body, region: 'EU_WEST_1' } })).toBeDefined();
    expect(disagreement({ ...label, operator: 'blank-name', rule: 'no-5xx', path: '$.name', body: { ...body, name: '' } })).toBeDefined();
    expect(validDisagreement({ ...body, bootstrapServers: 'broker:0' })).toBeDefined();
    expect(validDisagreement({ ...body, authentication: { mechanism: 'PLAIN', username: 'u' } })).toBeDefined();
    expect(validDisagreement(body)).toBeUndefined();
  });
});
