// Boundary cases of valid bodies: the deterministic matrix has every boundary once per type, each is what it says,
// every body stays valid, and names stay unique per case (blank and one-character names included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../contracts/loader';
import { CONNECTION_TYPES, DEFAULT_FIXTURES } from '../../contracts/types';
import { boundaryCase, createGenContext, enumerateBoundaries, NAME_BOUNDARIES, VALUE_BOUNDARIES, validHolds } from '../../generators';

const contract = loadContract();
const nameOf = (b: unknown) => (b as { name: string }).name;

describe('boundary cases', () => {
  it.each(CONNECTION_TYPES)('%s: the matrix has each boundary once, in valid bodies', (type) => {
    const cases = enumerateBoundaries(type, createGenContext({ runPrefix: 'tb1' }), 1);
    const names = cases.filter((c) => c.site === 'name').map((c) => c.boundary);
    expect(names.sort()).toEqual(type === 'Sample' ? [] : Object.keys(NAME_BOUNDARIES).sort());
    expect(cases.filter((c) => c.site !== 'name').map((c) => c.boundary).sort()).toEqual(Object.keys(VALUE_BOUNDARIES).sort());
    for (const c of cases) expect(validHolds(c.body, contract, DEFAULT_FIXTURES), `${c.site}/${c.boundary}`).toBe(true);
    for (const c of cases.filter((x) => x.site !== 'name')) {
      const segs = c.site.split('.').map((s) => (s === '{}' ? 'sc.boundary' : s));
      expect(segs.reduce<any>((o, k) => o?.[k], c.body), c.site).toBe(VALUE_BOUNDARIES[c.boundary]);
    }
    expect(new Set(cases.map((c) => nameOf(c.body))).size).toBe(type === 'Sample' ? 1 : cases.length);
  });

  it('names are what the boundary says', () => {
    const cases = enumerateBoundaries('Kafka', createGenContext({ runPrefix: 'tb2' }), 2);
    const by = (b: string) => nameOf(cases.find((c) => c.site === 'name' && c.boundary === b)!.body);
    for (const n of [1, 64, 65, 255, 1000]) expect(by(`length-${n}`)).toHaveLength(n);
    expect(by('leading-space').startsWith(' ')).toBe(true);
    expect(by('trailing-space').endsWith(' ')).toBe(true);
    expect(by('inner-tab')).toContain('\t');
    expect(by('mixed-case')).not.toBe(by('mixed-case').toLowerCase());
    const nfc = by('nfc');
    const nfd = by('nfd');
    expect(nfc).toBe(nfc.normalize('NFC'));
    expect(nfd).toBe(nfd.normalize('NFD'));
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    expect(by('zero-width')).toMatch(/\u200b/);
  });

  it('random boundary cases are valid and each has a name of its own', () => {
    const ctx = createGenContext({ runPrefix: 'tb3' });
    const cases = fc.sample(boundaryCase('Https', ctx), { seed: 4, numRuns: 200 });
    for (const c of cases) expect(validHolds(c.body, contract, DEFAULT_FIXTURES)).toBe(true);
    expect(new Set(cases.map((c) => nameOf(c.body))).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.boundary)).size).toBeGreaterThan(10);
  });

  it('blank and one-character names are unique per context', () => {
    const ctx = createGenContext({ runPrefix: 'tb4' });
    const blanks = Array.from({ length: 300 }, (_, i) => ctx.nextBlank(i % 2 ? 'ascii' : 'unicode'));
    expect(new Set(blanks).size).toBe(300);
    for (const b of blanks) expect(b !== '' && b.trim() === '').toBe(true);
    const shorts = Array.from({ length: 300 }, () => ctx.nextShortName());
    expect(new Set(shorts).size).toBe(300);
    for (const s of shorts) expect(s).toHaveLength(1);
  });
});
