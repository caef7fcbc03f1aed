// The fault table of reference/fault-hooks.ts: every fault changes at least one hook point, no two faults set the
// same point (so any combination composes), and the set-valued point adds up.
import { describe, expect, it } from 'vitest';
import { FAULT_HOOKS, hooksFor, NO_FAULT } from '../../reference/fault-hooks';
import { FAULT_NAMES } from '../../reference/faults';

const table = FAULT_HOOKS({ undeclaredProperty: () => undefined });

describe('fault hooks', () => {
  it('each fault sets a point away from the reference behaviour', () => {
    for (const f of FAULT_NAMES) {
      const points = Object.entries(table[f]);
      expect(points.length, f).toBeGreaterThan(0);
      for (const [k, v] of points) expect(v, `${f}.${k}`).not.toBe(NO_FAULT[k as keyof typeof NO_FAULT]);
    }
  });

  it('no two faults set the same point, except the SHOULD checks skipped, which add up', () => {
    const owner = new Map<string, string>();
    for (const f of FAULT_NAMES) {
      for (const k of Object.keys(table[f])) {
        if (k === 'skipShould') continue;
        expect(owner.get(k), `${f} and ${owner.get(k)} both set ${k}`).toBeUndefined();
        owner.set(k, f);
      }
    }
    const both = hooksFor(['essentials-optional', 'kafka-enums-unchecked', 'status-201'], { undeclaredProperty: () => undefined });
    expect([...both.skipShould].sort()).toEqual(['combination', 'enum', 'essential', 'fixture', 'non-empty']);
    expect(both.createdStatus).toBe(201);
    expect(hooksFor([], { undeclaredProperty: () => undefined })).toEqual(NO_FAULT);
  });
});
