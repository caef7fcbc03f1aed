// No fault is hidden by the tolerance for the vendor's behaviour: through the realistic reference target (eventual
// reads, Kafka deletes refused while deploying, its rate limit, no links, server defaults, charset) with chaos
// resets after the effect at 1 answer in 200, every reference fault still fails its rule. Each fault runs only the
// suites that judge its rule, for four types, with 2 random runs: affordable.
import { expect, it } from 'vitest';
import type { RuleId } from '../../contracts/rules';
import { FAULTS } from '../../reference/faults';
import { certifyReference, describeFailures, failedRules } from './harness';

const BY_RULE: Partial<Record<RuleId, string[]>> = {
  'auth-missing': ['auth'],
  'auth-invalid': ['auth'],
  'auth-role': ['auth'],
  'group-id-format': ['path'],
  'unknown-group': ['path'],
  'unknown-tenant': ['path'],
  'error-codes': ['path', 'conflict'],
  'duplicate-409': ['conflict'],
  'concurrent-create': ['conflict'],
  envelope: ['protocol'],
  pretty: ['protocol'],
  'versioned-accept': ['protocol'],
  'unsupported-media-type': ['protocol'],
  'reject-invalid': ['negative'],
  'exact-400': ['negative'],
  'description-enums': ['negative'],
  'payload-too-large': ['negative'],
  'error-shape': ['negative'],
  'reason-phrase': ['negative'],
};

const TYPES = ['Kafka', 'Https', 'Cluster', 'SchemaRegistry'] as const;

it.each(FAULTS.map((f) => [f.name, f] as const))('fault %s still fails its rule through the realistic target with chaos', async (_name, fault) => {
  const suites = BY_RULE[fault.breaks] ?? ['positive', 'negative'];
  const result = await certifyReference({ faults: [fault.name], runs: 2, seed: 4, types: [...TYPES], suites, settleMs: 5000, realistic: true, chaos: 'reset-after=0.005' });
  expect(failedRules(result), describeFailures(result)).toContain(fault.breaks);
}, 240_000);
