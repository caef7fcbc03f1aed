// The request's dimensions (generators/dimensions.ts): each case is what its class says, the judged path spellings
// are certainly what their rule is about, and the catalogue lists exactly the classes the builders make.
import { describe, expect, it } from 'vitest';
import {
  breaksSchema,
  dimensionCatalogue,
  escapedJson,
  pathSpellings,
  QUERY_FLAGS,
  STRUCTURE_CLASSES,
  structureCases,
  UNICODE_FORMS,
  withInvalidUnicode,
} from '../../generators/dimensions';

const GROUP = '64a1b2c3d4e5f60718293a4b';
const TENANT = 'conformance-tenant';
const body = { name: 'sc-dim-1-日本', type: 'Kafka', bootstrapServers: 'a.example.com:9092', config: { 'a/b': 'x "y" 🚀' } };

describe('path spellings', () => {
  const spellings = pathSpellings(GROUP, TENANT);
  const segment = (path: string, i: number) => path.split('/')[i]!;
  it('a spelling judged by group-id-format decodes (once) to a groupId that does not match ^[a-f0-9]{24}$', () => {
    for (const s of spellings.filter((x) => x.judge === 'group-id-format')) {
      expect(/^[a-f0-9]{24}$/.test(decodeURIComponent(segment(s.path, 2))), s.cls).toBe(false);
    }
  });
  it('a spelling judged by unknown-tenant decodes (once) to another name, and twice to the real one', () => {
    const judged = spellings.filter((x) => x.judge === 'unknown-tenant');
    expect(judged.length).toBeGreaterThan(0);
    for (const s of judged) {
      const once = decodeURIComponent(segment(s.path, 4));
      expect(once).not.toBe(TENANT);
      expect(decodeURIComponent(once)).toBe(TENANT);
    }
  });
  it('the same resource per RFC 3986 (an unreserved character encoded) is open, and cleaned up at the real one', () => {
    const same = spellings.find((x) => x.cls === 'tenant:encoded-unreserved')!;
    expect(decodeURIComponent(segment(same.path, 4))).toBe(TENANT);
    expect(same.judge).toBe('open');
    expect(same.sameAs).toEqual({ groupId: GROUP, tenant: TENANT });
  });
  it('every path is printable ASCII the client can send', () => {
    for (const s of spellings) expect(s.path, s.cls).toMatch(/^\/[\x21-\x7e]*$/);
  });
});

describe('JSON structure', () => {
  it('a body written with escapes is the same value', () => {
    const text = escapedJson(body);
    expect(text).toContain('\\u');
    expect(text).toContain('\\/');
    expect(text).toMatch(/\\ud83d\\ude80/i);
    expect(JSON.parse(text)).toEqual(body);
  });

  it('makes every class of the catalogue, each case with its own name when asked', () => {
    let n = 0;
    const cases = structureCases(body, 'Https', () => `n${++n}`);
    expect(new Set(cases.map((c) => c.cls))).toEqual(new Set(STRUCTURE_CLASSES.filter((c) => !c.startsWith('unicode:'))));
    expect(new Set(cases.flatMap((c) => (c.name ? [c.name] : []))).size).toBe(cases.filter((c) => c.name).length);
  });

  it('a wrong type deep in and a number for the name are schema violations; the rest is open', () => {
    const cases = structureCases(body, 'Https');
    const judged = Object.fromEntries(cases.map((c) => [c.cls, c.judge]));
    expect(judged['wrong-type-deep']).toBe('reject-invalid');
    expect(judged['number-for-string']).toBe('reject-invalid');
    expect(judged.depth).toBe('open');
    // Whatever a parser keeps of duplicate names, the name is never a string.
    const num = JSON.parse(cases.find((c) => c.cls === 'number-for-string')!.raw.toString());
    expect(typeof num.name).toBe('number');
    expect(JSON.parse(cases.find((c) => c.cls === 'depth')!.raw.toString())).toMatchObject(body);
  });

  it('invalid Unicode: a lone surrogate escape, CESU and overlong bytes, NUL', () => {
    const at = (form: (typeof UNICODE_FORMS)[number]) => withInvalidUnicode(body, ['config', 'a/b'], form);
    expect(JSON.parse(at('lone-surrogate').toString()).config['a/b']).toBe('x "y" 🚀\ud800');
    expect(at('surrogate-bytes').includes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(true);
    expect(at('overlong-utf8').includes(Buffer.from([0xc0, 0xaf]))).toBe(true);
    expect(JSON.parse(at('nul').toString()).config['a/b']).toBe('x "y" 🚀\u0000');
    expect(JSON.parse(at('nul').toString()).name).toBe(body.name);
  });

  it('a character appended certainly breaks an enum or an anchored pattern, never a free string', () => {
    const spec = { path: 'x', jsonType: 'string', nullable: false, readOnly: false, writeOnly: false, required: false, essential: false } as const;
    expect(breaksSchema({ ...spec, enum: ['A'] })).toBe(true);
    expect(breaksSchema({ ...spec, pattern: '^[a-f0-9]{24}$' })).toBe(true);
    expect(breaksSchema(spec)).toBe(false);
  });
});

describe('catalogue', () => {
  it('crosses every query flag with every kind of answer', () => {
    const q = dimensionCatalogue().find((d) => d.id === 'query-flags')!;
    expect(q.classes).toEqual(QUERY_FLAGS.map((f) => f.cls));
    expect(q.combinations).toHaveLength(QUERY_FLAGS.length * 5);
  });
});
