// The lenient bundles (lenient.ts) hold every variant once, and no bundle holds two variants that could hide one
// another: a bundle's pass then says what each variant's pass alone would.
import { describe, expect, it } from 'vitest';
import { LENIENT, type LenientDeps } from '../../reference/lenient';
import { DEFAULT_CONFIG } from '../../reference/config';
import { AT_ODDS, COMPOSING_HOOKS, LENIENT_BUNDLES } from './lenient';

const deps: LenientDeps = {
  undeclaredProperty: () => undefined,
  fixtures: DEFAULT_CONFIG.fixtures,
  realistic: DEFAULT_CONFIG.realistic,
  draws: () => () => 0.5,
  readOnlyPaths: () => [],
  hasNetworking: () => false,
};

describe('lenient bundles', () => {
  it('hold every variant exactly once', () => {
    expect(LENIENT_BUNDLES.flat().sort()).toEqual(LENIENT.map((l) => l.name).sort());
  });

  it.each(LENIENT_BUNDLES.map((b, i) => [i + 1, b] as const))('bundle %i: no two variants set one hook point or setting, or are at odds', (_i, bundle) => {
    const owner = new Map<string, string>();
    for (const name of bundle) {
      const l = LENIENT.find((x) => x.name === name)!;
      const keys = [...Object.keys(l.hooks(deps)).filter((k) => !COMPOSING_HOOKS.has(k)), ...Object.keys('config' in l ? l.config : {}).map((k) => `config.${k}`)];
      for (const k of keys) {
        expect(owner.get(k), `${name} and ${owner.get(k)} both set ${k}`).toBeUndefined();
        owner.set(k, name);
      }
    }
    for (const [a, b] of AT_ODDS) expect(bundle.includes(a) && bundle.includes(b), `${a} and ${b} are at odds`).toBe(false);
  });
});
