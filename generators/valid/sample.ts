import fc from 'fast-check';
import { always, objectOf, optional, type Plan } from '../plan';
import { region } from '../values/region';
import type { Fixtures, SampleConnection } from '../../contracts/types';

/** Sample: the name is a sample source the target knows (fixture), so it is not unique per case. */
export function sampleBody(plan: Plan, fixtures: Fixtures): fc.Arbitrary<SampleConnection> {
  return objectOf({
    name: always(plan, 'name', fc.constantFrom(...fixtures.sampleSources)),
    type: fc.constant('Sample' as const),
    region: optional(plan, 'region', region()),
  }) as fc.Arbitrary<SampleConnection>;
}
