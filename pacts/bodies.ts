// Example request bodies of the pact interactions, one valid body per connection type.
// Bodies come from the generators (generators/index.ts) with a fixed seed, then get the pact's fixed, readable
// connection names (`pact-<type>`), so regenerating with the same seed gives the same file.
import fc from 'fast-check';
import { CONNECTION_TYPES, type ConnectionType } from '../contracts/types';
import { createGenContext, validBody } from '../generators';

export type ExampleBodies = Readonly<Record<ConnectionType, Record<string, unknown>>>;

/** Fixed connection name of a type's success interaction (Sample must name a known sample source instead). */
export function connectionName(type: ConnectionType): string {
  return type === 'Sample' ? 'sample_stream_solar' : `pact-${type.toLowerCase()}`;
}

/**
 * One generated valid body per type (the generators' first sample for `seed`), renamed to the type's fixed name.
 * Write-only values are still the generator's; templates.ts swaps them for placeholders before they reach a pact.
 */
export function exampleBodies(seed: number): ExampleBodies {
  const ctx = createGenContext({ runPrefix: 'pact' });
  return Object.fromEntries(
    CONNECTION_TYPES.map((t) => {
      const [body] = fc.sample(validBody(t, ctx), { seed, numRuns: 1 });
      if (!body) throw new Error(`the generators gave no valid ${t} body for seed ${seed}`);
      return [t, { ...(body as unknown as Record<string, unknown>), name: connectionName(t) }];
    }),
  ) as unknown as ExampleBodies;
}
