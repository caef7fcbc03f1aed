// The plan's last phase: the random cases of every type, valid and invalid, after every suite's deterministic
// probes and the coverage matrix, so a run cut short by its budget has assessed every rule it could before.
import { randomStructureCases } from './dimensions';
import { negative, randomInvalidCases } from './negative';
import { positive, randomValidCases } from './positive';
import type { SuiteDef } from '../../engine/suite';

export const random: SuiteDef = {
  name: 'random',
  oracles: [...positive.oracles, ...negative.oracles],
  summary: 'random valid and invalid bodies of every type (`--runs` each), shrunk when they fail',
  tests: (config) =>
    config.types.flatMap((type) => [
      { name: `${type}: valid`, type, run: (ctx) => randomValidCases(ctx, type) },
      { name: `${type}: invalid`, type, run: (ctx) => randomInvalidCases(ctx, type) },
      { name: `${type}: JSON structure`, type, run: (ctx) => randomStructureCases(ctx, type) },
    ]),
};
