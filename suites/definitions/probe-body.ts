// Valid bodies for probes that are about the request around the body (auth, path, headers, query), not the body.
import fc from 'fast-check';
import type { ConnectionType } from '../../contracts/types';
import { validBody } from '../../generators';
import type { SuiteContext } from '../../engine/context';
import { seedFor } from '../../engine/suite';

export type Body = { name: string; type: ConnectionType } & Record<string, unknown>;

/**
 * Kafka carries secrets (so a leak in an error shows), and any type but Sample can exist many times at once: the
 * probes create several connections side by side. When --types leaves only Sample, the probes still use Kafka:
 * they are about the request around the body, whose type they do not certify.
 */
export function probeType(types: readonly ConnectionType[]): ConnectionType {
  if (types.includes('Kafka')) return 'Kafka';
  return types.find((t) => t !== 'Sample') ?? 'Kafka';
}

export function probeBodies(ctx: SuiteContext, purpose: string, count: number, type = probeType(ctx.config.types)): Body[] {
  return fc.sample(validBody(type, ctx.gen), { seed: seedFor(ctx.config.seed, 'probe', purpose, type), numRuns: count }) as Body[];
}

export function probeBody(ctx: SuiteContext, purpose: string, type?: ConnectionType): Body {
  return probeBodies(ctx, purpose, 1, type)[0]!;
}
