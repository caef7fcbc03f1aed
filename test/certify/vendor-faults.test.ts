// No fault is hidden by the tolerance for the vendor's behaviour: through the vendor proxy (eventual reads, Kafka
// deletes refused while deploying, no links, server defaults, charset) with 1 answer in 200 lost, every reference
// fault still fails its rule. Each fault runs only the suites that judge its rule, with 2 random runs.
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

it.each(FAULTS.map((f) => [f.name, f] as const))('fault %s still fails its rule through the vendor proxy with losses', async (_name, fault) => {
  const suites = BY_RULE[fault.breaks] ?? ['positive', 'negative'];
  const result = await certifyReference({ faults: [fault.name], runs: 2, seed: 4, suites, settleMs: 3000, vendor: { seed: 4, lossEvery: 200, limit: 1_000_000 } });
  expect(failedRules(result), describeFailures(result)).toContain(fault.breaks);
}, 240_000);
