// Every lenient variant of the reference target does something the profile allows: certifying it must fail no
// rule, MUST or SHOULD, whatever the seed. A failure here is the suite judging what the profile leaves open.
//
// The variants are certified in bundles, each bundle on three seeds: one certification shows every variant of its
// bundle passing (a combination of allowed behaviours is allowed too, and a false positive of one variant fails the
// bundle as it would fail the variant alone). A bundle holds variants that cannot hide one another: no two set the
// same hook point (only refusals and waivers compose), change the same setting, or are listed as at odds below.
import { expect, it } from 'vitest';
import { LENIENT, type LenientName, REALISTIC } from '../../reference/lenient';
import type { RealisticConfig } from '../../reference/config';
import { certifyReference, describeFailures, failedRules } from './harness';

export const LENIENT_SEEDS = [3, 17, 2024] as const;

export const LENIENT_BUNDLES: readonly (readonly LenientName[])[] = [
  ['reject-unknown-properties', 'reject-blank-names', 'omit-nulls', 'accept-port-zero', 'list-pages-of-2', 'read-only-401', 'state-pending', 'vendor-charset', 'refuse-odd-path-characters', 'names-case-insensitive'],
  ['drop-unknown-properties', 'reject-spaced-host-lists', 'fixtures-case-insensitive', 'names-max-64', 'malformed-group-id-404', 'too-large-400', 'rate-limit-window', 'reject-invalid-unicode', 'loose-flag-spellings', 'slow-delete'],
  ['reject-read-only-fields', 'reject-ipv6-brokers', 'unknown-group-403', 'reject-deep-nesting', 'envelope-real-status', 'no-reason'],
  // The vendor's service as observed: the realistic target's composition.
  REALISTIC,
];

/** Pairs that would hide one another's behaviour (one refuses what the other would show, or both set one answer). */
export const AT_ODDS: readonly (readonly [LenientName, LenientName])[] = [
  ['reject-unknown-properties', 'drop-unknown-properties'],
  ['reject-unknown-properties', 'reject-deep-nesting'],
  ['reject-read-only-fields', 'ignore-read-only-fields'],
  ['state-pending', 'pending-then-ready'],
  ['vendor-charset', 'charset-everywhere'],
  ['rate-limit-window', 'vendor-rate-limit'],
  ['envelope-real-status', 'loose-flag-spellings'],
  ['malformed-group-id-404', 'unknown-group-403'],
];

/** Hook points several variants may set at once: each variant's refusal or waiver is kept (withLenient). */
export const COMPOSING_HOOKS = new Set(['alsoRefuse', 'waiveShould']);

/** The vendor's timings, shortened: the same behaviours (reads that settle, PENDING then READY, Kafka deletes
 *  refused while deploying, a real limit) at a pace a self-test can afford; `npm run test:matrix` certifies the
 *  realistic target at its own pace. */
export const SELF_TEST_TIMINGS: Partial<RealisticConfig> = {
  settleMs: { min: 20, max: 120 },
  pendingMs: { min: 50, max: 200 },
  kafkaDeployingMs: { min: 50, max: 200 },
  rateLimit: { limit: 1200, windowMs: 1000 },
};

const bundleName = (bundle: readonly string[]) => bundle.join(', ');

export function lenientTests(part: number, parts: number): void {
  // Every (bundle, seed) pair, dealt round-robin: each file gets one seed of every bundle, so the files cost alike.
  const pairs = LENIENT_BUNDLES.flatMap((bundle) => LENIENT_SEEDS.map((seed) => [bundleName(bundle), seed, bundle] as const));
  const mine = pairs.filter((_, i) => i % parts === part);
  it.each(mine)('lenient variants %s, seed %i: no rule fails', async (_name, seed, bundle) => {
    // A bundle that rate-limits is certified with the pact's rate-limit probe on, so its 429 interaction is tried.
    const limits = LENIENT.some((l) => bundle.includes(l.name) && 'config' in l && 'rateLimit' in l.config);
    // The pact's interactions are fixed examples, the same whatever the seed: verified with the first seed; the
    // seeded suites run with every seed.
    const pact = seed === LENIENT_SEEDS[0];
    const result = await certifyReference({
      lenient: [...bundle],
      runs: 8,
      seed,
      pact,
      config: { realistic: SELF_TEST_TIMINGS },
      ...(limits && pact ? { rateLimitProbe: 1000 } : {}),
    });
    expect(failedRules(result), describeFailures(result)).toEqual([]);
    expect(result.certificate.incidents).toEqual([]);
  }, 240_000);
}
