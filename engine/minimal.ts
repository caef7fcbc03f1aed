// `--minimal`: every rule the default run assesses, for every type, with the fewest requests (a run against the
// vendor's limit of 1,200 a minute must be practical). The deterministic matrix keeps one representative case per
// (type, operator, rule) instead of every site, the valid bodies one per type, no boundary cases (they judge no rule
// the valid bodies do not), three concurrent creates instead of twenty, and no random cases unless --runs asks.
// test/certify/minimal.test.ts checks the assessed rules and their types equal the default run's.
import type { RunConfig } from './config';

/** Concurrent creates of one name in the concurrency probe of a minimal run: two losers show the 409s. */
export const MINIMAL_CONCURRENT_CREATES = 3;

/** The first item of each key, in order; all of them outside a minimal run. */
export function representatives<T>(config: Pick<RunConfig, 'minimal'>, items: readonly T[], key: (item: T) => string): T[] {
  if (!config.minimal) return [...items];
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function concurrentCreatesOf(config: Pick<RunConfig, 'minimal' | 'concurrentCreates'>): number {
  return config.minimal ? Math.min(config.concurrentCreates, MINIMAL_CONCURRENT_CREATES) : config.concurrentCreates;
}
