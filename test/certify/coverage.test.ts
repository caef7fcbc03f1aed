// The coverage map through the path users run: a full run names no gap; a run with --runs 0 and narrowed types
// names what it gave up; and what was sent is data (classes, counts, answers), never request values.
import { describe, expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../contracts/types';
import { certifyReference } from './harness';

describe('coverage map', () => {
  it('a full run sends every dimension and combination: no gap, and every class of answer is recorded', async () => {
    const { certificate } = await certifyReference({ runs: 2, seed: 5 });
    const map = certificate.coverage!;
    expect(map.gaps).toEqual([]);
    const byId = Object.fromEntries(map.dimensions.map((d) => [d.id, d]));
    for (const id of ['path', 'json-structure', 'query-flags', 'state']) expect(byId[id], id).toBeDefined();
    expect(Object.keys(byId['json-structure']!.cells).sort()).toEqual([...CONNECTION_TYPES].sort());
    const flags = byId['query-flags']!.cells.none!;
    expect(Object.keys(flags.answers)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409']));
    expect(Object.keys(flags.combinations ?? {})).toContain('envelope=true × duplicate-409');
    expect(byId.state!.cells.Kafka!.answers['409']).toBeGreaterThan(0);
    // Classes and fields, never what was sent in them.
    expect(JSON.stringify(map)).not.toMatch(/scsecret-/);
  }, 240_000);

  it('--runs 0 and narrowed types show what they give up', async () => {
    const { certificate } = await certifyReference({ runs: 0, seed: 5, types: ['Kafka'] });
    const gaps = certificate.coverage!.gaps;
    const of = (dimension: string) => gaps.filter((g) => g.dimension === dimension).map((g) => g.type);
    expect(of('random').sort()).toEqual([...CONNECTION_TYPES].sort());
    expect(of('json-structure')).not.toContain('Kafka');
    expect(of('json-structure')).toHaveLength(CONNECTION_TYPES.length - 1);
    expect(of('state')).toContain('Sample');
    expect(of('path')).toEqual([]);
    expect(of('query-flags')).toEqual([]);
  }, 240_000);
});
